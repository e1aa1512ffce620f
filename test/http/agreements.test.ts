// Seed 001 "Mina avtal": every agreement of a customer per utility with its
// status and dates as of the (pinned) today, the tariff in force, filters of
// several values at once, counts for the multi-select lists; a customer
// token sees its own accounts' agreements only. REST and GraphQL.
import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'
import { linkResidential, registeredCustomer } from '../helpers/customers.ts'

const { app, tenant, other } = await testApp(t)
const h = bearer(tenant.keys.admin)
const get = (url: string, key: string = tenant.keys.readonly) => app.inject({ method: 'GET', url, headers: bearer(key) })
async function post(url: string, payload: Record<string, unknown>) {
  const r = await app.inject({ method: 'POST', url, headers: h, payload })
  if (r.statusCode !== 201) throw new Error(`${url}: ${r.body}`)
  return r.json().id as string
}

const customer = await post('/v1/customers', { kind: 'person', name: 'Anna', surname: 'Lind' })
const home = await post('/v1/premises', { customerId: customer, kind: 'house', address: 'Arvikagatan 1', postalCode: '671 31', city: 'Arvika' })
const cabin = await post('/v1/premises', { customerId: customer, kind: 'house', address: 'Sjövägen 4', city: 'Arvika' })
// active since 2020, an old one ended in 2025, a new one starting in December (today is 2026-11-25)
const now = await post('/v1/accounts', { customerId: customer, premisesId: home, kind: 'residential', number: 'AG-1', ownerSurname: 'Lind', openedOn: '2020-06-01' })
const old = await post('/v1/accounts', { customerId: customer, premisesId: cabin, kind: 'residential', number: 'AG-2', ownerSurname: 'Lind', openedOn: '2019-01-01', closedOn: '2025-03-31' })
const next = await post('/v1/accounts', { customerId: customer, premisesId: cabin, kind: 'residential', number: 'AG-3', ownerSurname: 'Lind', openedOn: '2026-12-01' })
const water = await post('/v1/service-points', { accountId: now, resource: 'cold_water', code: 'VA-1' })
const el = await post('/v1/service-points', { accountId: now, resource: 'electricity', code: 'EL-1', unit: 'kWh' })
const pv = await post('/v1/service-points', { accountId: now, resource: 'solar_production', code: 'PV-1', unit: 'kWh' })
const oldWater = await post('/v1/service-points', { accountId: old, resource: 'cold_water', code: 'VA-2' })
const dh = await post('/v1/service-points', { accountId: next, resource: 'district_heating', code: 'FV-3', unit: 'MWh' })
const flat = (rate: string) => ({ volume: { line: 'cold_water', price: { shape: 'flat', rate } } })
const t2024 = await post('/v1/tariffs', { service: 'cold_water', usageType: 'residential', validFrom: '2024-01-01', validTo: '2026-01-01', definition: flat('30.00') })
const t2026 = await post('/v1/tariffs', { service: 'cold_water', usageType: 'residential', validFrom: '2026-01-01', definition: flat('32.50') })
// another customer's agreement, never in this one's overview
const stranger = await post('/v1/customers', { kind: 'person', name: 'Nils', surname: 'Berg' })
const strangerAccount = await post('/v1/accounts', { customerId: stranger, kind: 'residential', number: 'AG-9', ownerSurname: 'Berg', openedOn: '2020-01-01' })
await post('/v1/service-points', { accountId: strangerAccount, resource: 'electricity' })

t.test('every agreement of a customer with utility, status, dates and tariff', async (t) => {
  const r = await get(`/v1/agreements?customerId=${customer}`)
  t.equal(r.statusCode, 200, r.body)
  const body = r.json()
  t.equal(body.asOf, '2026-11-25')
  const by = Object.fromEntries(body.items.map((a: any) => [a.id, a]))
  t.same(Object.keys(by).sort(), [water, el, pv, oldWater, dh].sort())
  t.match(by[water], { source: 'service_point', utility: 'water', resource: 'cold_water', status: 'active', startsOn: '2020-06-01', endsOn: null,
    accountNumber: 'AG-1', address: 'Arvikagatan 1, 671 31 Arvika', code: 'VA-1', tariff: { id: t2026, validFrom: '2026-01-01', validTo: null } })
  t.match(by[oldWater], { utility: 'water', status: 'ended', startsOn: '2019-01-01', endsOn: '2025-03-31', tariff: { id: t2024 } }, 'an ended one shows the tariff of its last day')
  t.match(by[dh], { utility: 'district_heating', status: 'upcoming', startsOn: '2026-12-01', unit: 'MWh', tariff: null })
  t.match(by[pv], { utility: 'solar', status: 'active' })
  t.match(by[el], { utility: 'electricity', tariff: null })
  t.same(body.counts, { utility: { water: 2, electricity: 1, district_heating: 1, solar: 1, waste: 0 }, status: { active: 3, upcoming: 1, ended: 1 } })
})

t.test('several values of each filter at once', async (t) => {
  const r = (await get(`/v1/agreements?customerId=${customer}&utility=water&utility=electricity&status=active`)).json()
  t.same(r.items.map((a: any) => a.id).sort(), [water, el].sort())
  t.same(r.counts.status, { active: 2, upcoming: 0, ended: 1 }, 'status counts within the chosen utilities')
  t.same(r.counts.utility, { water: 1, electricity: 1, district_heating: 0, solar: 1, waste: 0 }, 'utility counts within the chosen statuses')
  const two = (await get(`/v1/agreements?customerId=${customer}&status=ended&status=upcoming`)).json().items.map((a: any) => a.id)
  t.same(two.sort(), [oldWater, dh].sort())
  const byAccounts = (await get(`/v1/agreements?accountId=${old}&accountId=${next}`)).json().items.map((a: any) => a.id)
  t.same(byAccounts.sort(), [oldWater, dh].sort())
  const atCabin = (await get(`/v1/agreements?customerId=${customer}&premisesId=${cabin}`)).json().items.map((a: any) => a.id)
  t.same(atCabin.sort(), [oldWater, dh].sort())
  t.equal((await get(`/v1/agreements?customerId=${customer}&utility=gas`)).statusCode, 400)
  t.equal((await get('/v1/agreements')).statusCode, 400, 'an API key names the customer')
  t.same((await get(`/v1/agreements?customerId=${customer}`, other.keys.readonly)).json().items, [], 'another tenant sees none')
})

t.test('a customer sees its own accounts\' agreements only', async (t) => {
  const c = await registeredCustomer(app, tenant)
  t.equal((await linkResidential(app, c, 'AG-1', 'Lind')).statusCode, 201)
  const r = await get('/v1/agreements?utility=water&utility=solar', c.access)
  t.equal(r.statusCode, 200, r.body)
  t.same(r.json().items.map((a: any) => a.id).sort(), [water, pv].sort())
  t.same((await get(`/v1/agreements?customerId=${stranger}`, c.access)).json().items.map((a: any) => a.accountId), [now, now, now], 'customerId does not widen a customer\'s reach')
  t.same((await get(`/v1/agreements?accountId=${strangerAccount}`, c.access)).json().items, [])
})

t.test('GraphQL: an account\'s agreements with multi-value filters', async (t) => {
  const q = 'query($a: ID!, $u: [Utility!], $s: [AgreementStatus!]) { agreements(accountId: $a, utility: $u, status: $s) { asOf items { id utility status startsOn endsOn tariff { id } } counts { utility status } } }'
  const r = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.readonly), payload: { query: q, variables: { a: now, u: ['water', 'solar'], s: ['active'] } } })
  t.equal(r.statusCode, 200, r.body)
  const list = r.json().data.agreements
  t.equal(list.asOf, '2026-11-25')
  t.same(list.items.map((a: any) => a.id).sort(), [water, pv].sort())
  t.equal(list.items.find((a: any) => a.id === water).tariff.id, t2026)
  const none = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.readonly), payload: { query: q, variables: { a: '00000000-0000-4000-8000-000000000000' } } })
  t.equal(none.json().data.agreements, null)
})

t.test('waste collection: each subscription (bin, frequency) is an agreement of its own (issue 12 §1)', async (t) => {
  const bin = await post('/v1/service-points', { accountId: now, resource: 'waste_collection', code: 'AV-1' })
  const sub = async (payload: object) => {
    const r = await app.inject({ method: 'POST', url: `/v1/service-points/${bin}/waste-subscriptions`, headers: h, payload })
    if (r.statusCode !== 201) throw new Error(r.body)
    return r.json().id as string
  }
  const first = await sub({ binLitres: 190, frequency: 'every_other_week', validFrom: '2024-01-01' })
  const second = await sub({ binLitres: 370, frequency: 'weekly', validFrom: '2026-12-01' })
  const r = await get(`/v1/agreements?customerId=${customer}&utility=waste`)
  t.equal(r.statusCode, 200, r.body)
  const by = Object.fromEntries(r.json().items.map((a: any) => [a.id, a]))
  t.same(Object.keys(by).sort(), [first, second].sort(), 'the subscriptions, not the bare waste point')
  t.match(by[first], { source: 'waste_subscription', utility: 'waste', status: 'active', startsOn: '2024-01-01', endsOn: '2026-11-30', details: { binLitres: 190, frequency: 'every_other_week' } })
  t.match(by[second], { status: 'upcoming', startsOn: '2026-12-01', endsOn: null, details: { binLitres: 370, frequency: 'weekly' } })
  t.equal(r.json().counts.utility.waste, 2)
})
