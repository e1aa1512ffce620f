// A bill run over the demo tenants (small scale): their tariffs, norms and
// coefficients price their water points, with errors only where the demo
// data holds a case no rule covers.
import { testClock } from '../../helpers/clock.ts'
import t from 'tap'
import { billingTest } from './fixture.ts'
import { loadDemo } from '../../../src/app/demo/load.ts'
import { getBillRun, listBillRunErrors, startBillRun } from '../../../src/app/billing/bill-runs.ts'

const { db, drain } = await billingTest(t)
const tenants = await loadDemo(db, { scale: 0.2, keys: false })

for (const d of tenants) {
  t.test(`${d.code}: the demo period is billed`, async (t) => {
    // the tenant's own period names: a Gregorian month, the third Solar Hijri two-month period of 1405
    const period = d.code === 'IR' ? '1405-3' : '2026-10'
    const { run } = await startBillRun(db, d.tenantId, { period }, testClock, { chunkSize: 10 })
    await drain()
    const r = await getBillRun(db, d.tenantId, run.id)
    const errors = await listBillRunErrors(db, d.tenantId, run.id, { limit: 1000 })
    const codes: Record<string, number> = {}
    for (const e of errors.items) codes[e.code] = (codes[e.code] ?? 0) + 1
    t.comment(`${d.code}: ${r.done}/${r.total} billed, ${r.failed} failed ${JSON.stringify(codes)} ${errors.items.slice(0, 2).map((e) => e.message).join(' | ')}`)
    t.equal(r.status, 'completed')
    // RU readings are taken the 20th–25th (meters-and-readings.md): the days after the last reading
    // are estimated by the meter's average until the next one (policy afterLastReading, conventions.md)
    t.ok(r.done >= r.total * 0.9, 'most accounts billed')
    if (d.code === 'RU') t.equal(r.done, r.total, 'RU: every account billed, the days after the last reading estimated')
    t.same(Object.keys(codes).filter((c) => c !== 'uncovered_days'), [], 'no other errors')
    const bill = await db.selectFrom('bills').select(['charges', 'payable']).where('tenantId', '=', d.tenantId).limit(1).executeTakeFirstOrThrow()
    t.ok(Number(bill.charges) > 0, `a bill with charges ${bill.charges}`)
    if (d.code === 'SE') {
      // every utility in the same run (issue 12 §1): water, electricity, district heating, solar production, waste
      const services = await db.selectFrom('billLines').innerJoin('bills', (j) => j.onRef('bills.tenantId', '=', 'billLines.tenantId').onRef('bills.billId', '=', 'billLines.billId'))
        .select('billLines.service').distinct().where('billLines.tenantId', '=', d.tenantId).where('bills.billRunId', '=', run.id).execute()
      t.same(services.map((s) => s.service).sort(), ['cold_water', 'district_heating', 'electricity', 'solar_production', 'waste_collection'])
      // one invoice per customer over all its addresses (issue 12 §1), each of the run's bills on one
      const invoices = await db.selectFrom('invoices').select(['customerId']).where('tenantId', '=', d.tenantId).where('billRunId', '=', run.id).execute()
      const customers = await db.selectFrom('bills').innerJoin('accounts', (j) => j.onRef('accounts.tenantId', '=', 'bills.tenantId').onRef('accounts.accountId', '=', 'bills.accountId'))
        .select('accounts.customerId').distinct().where('bills.tenantId', '=', d.tenantId).where('bills.billRunId', '=', run.id).execute()
      t.equal(invoices.length, customers.length, `${invoices.length} invoices for ${customers.length} customers`)
      const onInvoices = await db.selectFrom('invoiceBills').select((eb) => eb.fn.countAll<string>().as('n')).where('tenantId', '=', d.tenantId).executeTakeFirstOrThrow()
      t.equal(Number(onInvoices.n), r.done, 'every bill of the run on an invoice')
    } else {
      t.equal((await db.selectFrom('invoices').select('invoiceId').where('tenantId', '=', d.tenantId).execute()).length, 0, `${d.code}: no combined invoices`)
    }
  })
}
