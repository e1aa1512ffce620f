// Which changes tell what (issue 11 §1): a bill run tells bill_run.started,
// one bill.issued per bill (written with the bills, in the chunk's
// transaction) and bill_run.completed; readings tell their verdict, a bulk
// upload one summary; a warning tells warning.issued.
import t from 'tap'
import { bearer } from '../../helpers/app.ts'
import { addAccounts, addSettlementData, billingTest } from '../billing/fixture.ts'
import { makeMeter, meterEvent } from '../../http/readings-fixtures.ts'

const { app, db, tenant, drain } = await billingTest(t)
await addSettlementData(db, tenant.id)
const acc = await addAccounts(db, tenant.id)
const admin = bearer(tenant.keys.admin)

const eventsOf = (type: string) => db.selectFrom('events').select(['eventId', 'objectType', 'objectId', 'payload', 'seq']).where('tenantId', '=', tenant.id)
  .where('type', '=', type).orderBy('seq').execute()

t.test('a bill run: started, one bill.issued per bill, completed', async (t) => {
  const start = await app.inject({ method: 'POST', url: '/v1/bill-runs', headers: admin, payload: { period: '2026-10' } })
  t.equal(start.statusCode, 202, start.body)
  const run = start.json()
  t.match(await eventsOf('bill_run.started'), [{ objectType: 'bill_run', objectId: run.id, payload: { billRunId: run.id, periodStart: '2026-10-01', period: '2026-10' } }])
  await drain()
  const bills = await db.selectFrom('bills').select(['billId', 'number', 'payable', 'accountId']).where('tenantId', '=', tenant.id).where('billRunId', '=', run.id).execute()
  t.ok(bills.length >= 3)
  const issued = await eventsOf('bill.issued')
  t.equal(issued.length, bills.length, 'one event per bill')
  const byBill = new Map(issued.map((e) => [e.objectId, e.payload]))
  for (const b of bills) t.match(byBill.get(b.billId), { billId: b.billId, accountId: b.accountId, number: b.number, payable: b.payable, currency: 'RUB', billRunId: run.id })
  const completed = await eventsOf('bill_run.completed')
  t.match(completed, [{ objectId: run.id, payload: { billRunId: run.id, accounts: Object.keys(acc).length } }])
  t.ok(BigInt(completed[0]!.seq) > BigInt(issued[issued.length - 1]!.seq), 'completed after the bills')
})

t.test('readings tell their verdict; a bulk upload tells one summary', async (t) => {
  const meter = await makeMeter(app, tenant)
  await meterEvent(app, tenant, meter.id, 'commissioned', '2026-01-10', '100')
  const one = await app.inject({ method: 'POST', url: '/v1/readings', headers: bearer(tenant.keys.portal),
    payload: { meterId: meter.id, readAt: '2026-11-01T09:00:00+08:00', index: '110.5', source: 'portal' } })
  t.equal(one.statusCode, 201, one.body)
  const reading = one.json().reading
  t.match(await eventsOf(`reading.${one.json().verdict}`), [{ objectType: 'reading', objectId: reading.id, payload: { readingId: reading.id, meterId: meter.id, value: '110.5' } }])
  const again = await app.inject({ method: 'POST', url: '/v1/readings', headers: bearer(tenant.keys.portal),
    payload: { meterId: meter.id, readAt: '2026-11-01T09:00:00+08:00', index: '110.5', source: 'portal' } })
  t.equal(again.json().verdict, 'duplicate')
  t.equal((await db.selectFrom('events').select('seq').where('tenantId', '=', tenant.id).where('type', 'like', 'reading.%').execute()).length, 1, 'a duplicate tells nothing')

  const rows = [{ meterId: meter.id, readAt: '2026-11-10', index: '112', source: 'accounting' }, { meterId: meter.id, readAt: '2026-11-11', index: '50', source: 'accounting' },
    { meterId: '00000000-0000-7000-8000-000000000000', readAt: '2026-11-11', index: '5', source: 'accounting' }]
  const bulk = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers: { ...bearer(tenant.keys.accounting), 'content-type': 'application/json' }, payload: JSON.stringify(rows) })
  t.equal(bulk.statusCode, 200, bulk.body)
  const summary = await eventsOf('reading.bulk_processed')
  t.equal(summary.length, 1, 'one event for the upload')
  t.same(summary[0]!.payload.counts, bulk.json().counts, 'with its counts')
  t.equal((await db.selectFrom('events').select('seq').where('tenantId', '=', tenant.id).where('type', 'in', ['reading.accepted', 'reading.flagged', 'reading.rejected']).execute()).length, 1,
    'and no event per row')
})

t.test('a warning tells warning.issued', async (t) => {
  const res = await app.inject({ method: 'POST', url: `/v1/accounts/${acc.normative}/warnings`, headers: bearer(tenant.keys.accounting),
    payload: { kind: 'nonpayment', issuedOn: '2026-11-20', channel: 'registered_mail' } })
  t.equal(res.statusCode, 201, res.body)
  t.match(await eventsOf('warning.issued'), [{ objectType: 'warning', objectId: res.json().id, payload: { accountId: acc.normative, kind: 'nonpayment' } }])
})
