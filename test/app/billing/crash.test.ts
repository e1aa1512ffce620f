// A crash inside a chunk's transaction (a killed worker or Postgres rolls
// back the same way) followed by a resume: no gap, no duplicate, and the
// bill numbers taken by the crashed transaction are reused.
import { testClock } from '../../helpers/clock.ts'
import t from 'tap'
import { addAccounts, addSettlementData, billingTest } from './fixture.ts'
import { getBillRun, startBillRun } from '../../../src/app/billing/bill-runs.ts'
import { billChunk } from '../../../src/app/billing/bill-chunk.ts'
import { writeBills } from '../../../src/app/billing/write-bills.ts'
import { rawClientOf } from '../../../src/db/raw-client.ts'
import { randomUUID } from 'node:crypto'

const { db, tenant, drain } = await billingTest(t)
await addSettlementData(db, tenant.id)
for (const p of ['A', 'B', 'C']) await addAccounts(db, tenant.id, p)

t.test('crash, resume: every billable account billed once, numbers without gaps', async (t) => {
  const { run } = await startBillRun(db, tenant.id, { periodStart: '2026-10-01' }, testClock, { chunkSize: 4 })
  t.equal(run.total, 15)
  t.equal(run.chunks, 4)
  const ref = (chunkNo: number) => ({ tenantId: tenant.id, billRunId: run.id, chunkNo })
  const first = await billChunk(db, ref(0))
  t.equal(first.status, 'done')
  await t.rejects(billChunk(db, ref(1), { crashBeforeCommit: true }), /simulated crash/)
  const afterCrash = await db.selectFrom('bills').select('number').where('tenantId', '=', tenant.id).execute()
  t.equal(afterCrash.length, first.billed, 'the crashed chunk left nothing')
  const counter = await db.selectFrom('billNumberCounters').select('nextNumber').where('tenantId', '=', tenant.id).executeTakeFirstOrThrow()
  t.equal(Number(counter.nextNumber), first.billed + 1, 'its numbers went back with the rollback')

  const again = await billChunk(db, ref(0))
  t.equal(again.status, 'skipped', 'a duplicate job of a finished chunk does nothing')

  const resumed = await startBillRun(db, tenant.id, { periodStart: '2026-10-01' }, testClock)
  t.equal(resumed.resumed, true)
  t.equal(resumed.run.id, run.id)
  await drain()
  const done = await getBillRun(db, tenant.id, run.id)
  t.match(done, { status: 'completed', done: 9, failed: 6 })

  const bills = await db.selectFrom('bills').select(['number', 'accountId']).where('tenantId', '=', tenant.id).orderBy('number').execute()
  t.equal(bills.length, 9, 'three billable accounts of each kind')
  t.equal(new Set(bills.map((b) => b.accountId)).size, 9, 'no account twice')
  t.same(bills.map((b) => Number(b.number)), [1, 2, 3, 4, 5, 6, 7, 8, 9], 'no gap')
  const entries = await db.selectFrom('ledgerEntries').select('billId').where('tenantId', '=', tenant.id).execute()
  t.equal(entries.length, 9, 'one charge per bill')
  const errors = await db.selectFrom('billRunErrors').select('accountId').where('tenantId', '=', tenant.id).execute()
  t.equal(errors.length, 6, 'the crashed chunk reported its errors once, after the resume')
})

t.test('a second regular bill of the period is refused by bills_one_per_period on the COPY path too (issue 13)', async (t) => {
  const billed = await db.selectFrom('bills').selectAll().where('tenantId', '=', tenant.id).orderBy('number').executeTakeFirstOrThrow()
  const before = await db.selectFrom('billNumberCounters').select('nextNumber').where('tenantId', '=', tenant.id).executeTakeFirstOrThrow()
  const bill = { billId: randomUUID(), accountId: billed.accountId, charges: '1.00', ownCharges: '1.00', adjustmentTotal: '0', adjustments: [],
    rounding: '0', carry: '0', debt: '0', payable: '1.00', lines: [] }
  await t.rejects(db.transaction().execute(async (trx) => {
    t.ok(await rawClientOf(trx), 'the transaction\'s pg client is reachable: the bills go by COPY')
    await writeBills(trx, { tenantId: tenant.id, billRunId: billed.billRunId!, periodStart: billed.periodStart, periodEnd: billed.periodEnd,
      issuedOn: billed.issuedOn, dueOn: billed.dueOn, currency: billed.currency }, [bill])
  }), /1 of 1 accounts were billed for 2026-10-01 by another transaction meanwhile/)
  const after = await db.selectFrom('billNumberCounters').select('nextNumber').where('tenantId', '=', tenant.id).executeTakeFirstOrThrow()
  t.equal(after.nextNumber, before.nextNumber, 'the number it took went back with the rollback')
  const n = await db.selectFrom('bills').select((eb) => eb.fn.countAll<string>().as('n')).where('tenantId', '=', tenant.id).where('accountId', '=', billed.accountId).executeTakeFirstOrThrow()
  t.equal(Number(n.n), 1, 'still one bill for the account')
})
