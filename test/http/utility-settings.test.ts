// Through REST (issue 12 §1): a waste point's subscriptions, and utility
// tariffs checked against their own shapes.
import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'
import { newAccount } from './ledger-fixtures.ts'

const { app, tenant, other } = await testApp(t)
const acc = bearer(tenant.keys.accounting)
const post = (url: string, payload: Record<string, unknown>, headers = acc) => app.inject({ method: 'POST', url, headers, payload })

t.test('a waste point\'s subscriptions: a new one ends the open one', async (t) => {
  const account = await newAccount(app, tenant.keys.accounting)
  const sp = await post('/v1/service-points', { accountId: account, resource: 'waste_collection' })
  t.equal(sp.statusCode, 201, sp.body)
  t.equal(sp.json().unit, 'pickup')
  const id = sp.json().id
  const first = await post(`/v1/service-points/${id}/waste-subscriptions`, { binLitres: 190, frequency: 'every_other_week', validFrom: '2026-01-05' })
  t.equal(first.statusCode, 201, first.body)
  const second = await post(`/v1/service-points/${id}/waste-subscriptions`, { binLitres: 370, frequency: 'weekly', validFrom: '2026-06-01' })
  t.equal(second.statusCode, 201)
  const list = await app.inject({ method: 'GET', url: `/v1/service-points/${id}/waste-subscriptions`, headers: acc })
  t.same(list.json().items.map((s: { binLitres: number; validFrom: string; validTo: string | null }) => [s.binLitres, s.validFrom, s.validTo]),
    [[190, '2026-01-05', '2026-06-01'], [370, '2026-06-01', null]])
  t.equal((await post(`/v1/service-points/${id}/waste-subscriptions`, { binLitres: 140, frequency: 'weekly', validFrom: '2026-03-01' })).statusCode, 409, 'not before the last')
  t.equal((await post(`/v1/service-points/${id}/waste-subscriptions`, { binLitres: 140, frequency: 'daily', validFrom: '2026-09-01' })).statusCode, 400)
  const water = await post('/v1/service-points', { accountId: account, resource: 'cold_water' })
  const refused = await post(`/v1/service-points/${water.json().id}/waste-subscriptions`, { binLitres: 140, frequency: 'weekly', validFrom: '2026-09-01' })
  t.equal(refused.statusCode, 422)
  t.equal(refused.json().code, 'not_a_waste_point')
  // another tenant's point answers as a missing one
  t.equal((await app.inject({ method: 'GET', url: `/v1/service-points/${id}/waste-subscriptions`, headers: bearer(other.keys.accounting) })).statusCode, 404)
})

t.test('utility tariffs: their own definition, checked', async (t) => {
  const ok = await post('/v1/tariffs', { service: 'electricity', usageType: 'residential_16A', validFrom: '2026-01-01', source: 'board decision',
    definition: { unit: 'kWh', fixedFees: [{ line: 'network_fee', amount: '3000', per: 'year' }], unitPrices: [{ line: 'energy_tax', kind: 'tax', rate: '0.439' }] } }, bearer(tenant.keys.admin))
  t.equal(ok.statusCode, 201, ok.body)
  t.equal(ok.json().definition.vatPercent, '25', 'VAT 25% unless stated')
  const bad = await post('/v1/tariffs', { service: 'district_heating', usageType: 'residential', validFrom: '2026-01-01',
    definition: { unit: 'GJ', unitPrices: [] } }, bearer(tenant.keys.admin))
  t.equal(bad.statusCode, 400)
  t.match(bad.json().errors.map((e: { path: string }) => e.path), ['body.definition.unit', 'body.definition.unitPrices'])
  const waste = await post('/v1/tariffs', { service: 'waste_collection', usageType: 'residential', validFrom: '2026-01-01',
    definition: { collectionFees: [{ binLitres: 190, frequency: 'every_other_week', amount: '38', per: 'pickup' }] } }, bearer(tenant.keys.admin))
  t.equal(waste.statusCode, 201, waste.body)
})
