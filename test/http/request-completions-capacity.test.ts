// Issue 12 §4: a completed contract-capacity change sets the allowed
// consumption of an Iranian non-residential branch (seed 002 items 8, 18)
// from its effective day, so the excess over it (item 19, priced at the
// excess rate, item 23) is "above the contract capacity"; before the change
// the county pattern stands in (bill-forms.ts).
import t from 'tap'
import { v7 as uuidv7 } from 'uuid'
import { bearer, addTenant } from '../helpers/app.ts'
import { billingTest } from '../app/billing/fixture.ts'
import { createTariffVersion } from '../../src/app/settlement-data/tariffs.ts'

const { app, db, drain } = await billingTest(t)
const tenant = await addTenant(db, 'Abfa Mobarakeh', { currency: 'IRR', minorUnits: 0, timeZone: 'Asia/Tehran', locale: 'fa-IR' })
const staff = bearer(tenant.keys.accounting)
const admin = bearer(tenant.keys.admin)
await createTariffVersion(db, tenant.id, { service: 'cold_water', usageType: 'non_residential', validFrom: '2025-01-01', validTo: null,
  definition: { volume: { line: 'water_price', price: { shape: 'flat', rate: '1000' } } }, source: 'test' })

// a shop with a meter: 100 m³ in October
const customerId = uuidv7()
const accountId = uuidv7()
const servicePointId = uuidv7()
const meterId = uuidv7()
await db.insertInto('customers').values({ tenantId: tenant.id, customerId, kind: 'organization', name: 'Karimi Bakery', surname: null, inn: null, email: null, phone: null }).execute()
await db.insertInto('accounts').values({ tenantId: tenant.id, accountId, customerId, premisesId: null, kind: 'non_residential', number: 'IR-7', ownerSurname: null,
  contractInn: '7707083893', usageType: 'non_residential', openedOn: '2020-01-01', closedOn: null }).execute()
await db.insertInto('servicePoints').values({ tenantId: tenant.id, servicePointId, accountId, premisesId: null, code: null, resource: 'cold_water', usageType: 'non_residential',
  unit: 'm3', diameterMm: '20', lossesVolumeM3: null, lossesPercent: null, transitOrganization: false, hotWaterSystem: null, guaranteedVolume: null, guaranteedVolumePer: null, dwellingUnits: 1 }).execute()
await db.insertInto('meters').values({ tenantId: tenant.id, meterId, servicePointId, serial: 'IR-M7', model: null, digits: 6, decimals: 0, maxFlowM3h: null,
  verificationIntervalMonths: null, verificationDue: null, isControl: false, readingKind: 'index' }).execute()
await db.insertInto('meterEvents').values({ tenantId: tenant.id, eventId: uuidv7(), meterId, kind: 'commissioned', occurredOn: '2025-01-01', meterIndex: '0', seals: [], nextVerificationDue: null, actId: null, note: null }).execute()
await db.insertInto('readings').values([['2026-09-30', '400'], ['2026-10-31', '500']].map(([day, value]) => ({ tenantId: tenant.id, meterId, readAt: `${day}T12:00:00+03:30`,
  kind: 'index' as const, value: value!, source: 'portal', status: 'accepted' as const, reasons: [], readerStatus: null, decidedAt: null, decisionNote: null }))).execute()

t.test('capacity change from 1 October: the allowed consumption is the contract capacity', async (t) => {
  const attachments: string[] = []
  for (const d of ['form_qf7201', 'id_card', 'ownership_deed', 'building_permit', 'water_bill']) {
    attachments.push((await app.inject({ method: 'POST', url: `/v1/accounts/${accountId}/request-attachments?documentType=${d}`, headers: { ...staff, 'content-type': 'application/pdf' }, payload: Buffer.from('%PDF-1.4\n%%EOF\n') })).json().id)
  }
  const r = await app.inject({ method: 'POST', url: '/v1/service-requests', headers: staff, payload: { accountId, type: 'capacity_change', currentCapacityM3: '10', requestedCapacityM3: '60',
    connection: { usage: 'non_residential', countyAdjustmentFactor: '1', contractCapacityM3: '50' }, attachments } })
  t.equal(r.statusCode, 201, r.body)
  const id = r.json().id
  t.equal((await app.inject({ method: 'POST', url: `/v1/service-requests/${id}/transitions`, headers: staff, payload: { to: 'in_review' } })).statusCode, 200)
  const done = await app.inject({ method: 'POST', url: `/v1/service-requests/${id}/transitions`, headers: staff, payload: { to: 'done', completion: { effectiveOn: '2026-10-01' } } })
  t.equal(done.statusCode, 200, done.body)
  t.match(done.json().outcome.changes, [{ attribute: 'contractCapacityM3', to: '60' }])

  t.equal((await app.inject({ method: 'POST', url: '/v1/bill-runs', headers: admin, payload: { periodStart: '2026-10-01' } })).statusCode, 202)
  await drain()
  const list = (await app.inject({ method: 'GET', url: `/v1/bills?period=2026-10-01&accountId=${accountId}`, headers: admin })).json().items
  t.equal(list.length, 1, JSON.stringify(list))
  const bill = (await app.inject({ method: 'GET', url: `/v1/bills/${list[0].id}`, headers: admin })).json()
  type L = { line: string; volume: string | null; amount: string; trace: { inputs: Record<string, unknown>; notes?: string[] } }
  const allowed = bill.lines.find((l: L) => l.line === 'allowed') as L
  const excess = bill.lines.find((l: L) => l.line === 'excess') as L
  // 60 m³ a month × 1 unit × 31 / 30 days = 62 m³ allowed; 100 − 62 = 38 m³ above the contract capacity
  t.equal(Number(allowed.volume), 62, JSON.stringify(allowed))
  t.equal(Number(excess.volume), 38, JSON.stringify(excess))
  t.equal(Number(excess.amount), 38 * 5000, 'at the excess rate (item 23)')
  t.ok(allowed.trace.notes?.some((n) => /contract capacity of 60/.test(n)), JSON.stringify(allowed.trace))
  t.ok(excess.trace.notes?.some((n) => /above the contract capacity/.test(n)), JSON.stringify(excess.trace))
})
