// Money never falls between two transactions (issue 9 §6): payments posted
// throughout a bill run, by real concurrent transactions against real
// workers, and afterwards every bill's open amount is what its customer
// owes. Before the account lock (src/app/ledger/account-lock.ts), a payment
// committed while a chunk wrote its bills found no open bill, and the chunk
// had read the balance before the payment: the new bill stayed open with the
// money sitting on the account as credit.
import t from 'tap'
import { v7 as uuidv7 } from 'uuid'
import { Big } from '../../helpers/big.ts'
import { createDb, createPool } from '../../../src/db/database.ts'
import { getBillRun, startBillRun } from '../../../src/app/billing/bill-runs.ts'
import { postPayments } from '../../../src/app/payments/post-payments.ts'
import { installQueue, startWorkers } from '../../../src/jobs/queue.ts'
import { addTenant } from '../../helpers/app.ts'
import { testClock } from '../../helpers/clock.ts'
import { testDatabase } from '../../helpers/database.ts'
import { addSettlementData } from './fixture.ts'

const ACCOUNTS = 240
const { db, url } = await testDatabase(t)
const pool = createPool(url, 8)
const jobsDb = createDb(pool)
t.teardown(() => jobsDb.destroy())
await installQueue(pool)
const tenant = await addTenant(db)
await addSettlementData(db, tenant.id)

// Residential accounts without a meter, 4 residents each: 773.88 RUB for October (memo 003).
const customerId = uuidv7()
await db.insertInto('customers').values({ tenantId: tenant.id, customerId, kind: 'person', name: 'Ivan', surname: 'Petrov', inn: null, email: null, phone: null }).execute()
const accountIds: string[] = []
for (let i = 0; i < ACCOUNTS; i++) {
  const accountId = uuidv7()
  const servicePointId = uuidv7()
  accountIds.push(accountId)
  await db.insertInto('accounts').values({ tenantId: tenant.id, accountId, customerId, premisesId: null, kind: 'residential', number: `P-${i}`,
    ownerSurname: 'Petrov', contractInn: null, usageType: 'residential', openedOn: '2020-01-01', closedOn: null }).execute()
  await db.insertInto('servicePoints').values({ tenantId: tenant.id, servicePointId, accountId, premisesId: null, code: null, resource: 'cold_water',
    usageType: 'residential', unit: 'm3', diameterMm: '15', lossesVolumeM3: null, lossesPercent: null, transitOrganization: false, hotWaterSystem: null,
    guaranteedVolume: null, guaranteedVolumePer: null, dwellingUnits: 1 }).execute()
  await db.insertInto('residents').values({ tenantId: tenant.id, servicePointId, effectiveFrom: '2019-01-01', residents: 4 }).execute()
}

t.test('payments posted throughout a bill run leave every bill open by exactly what its customer owes', async (t) => {
  const workers = await startWorkers(pool, jobsDb, { concurrency: 2, pollInterval: 20, handleSignals: false })
  t.teardown(() => workers.stop())
  const { run } = await startBillRun(db, tenant.id, { period: '2026-10' }, testClock, { chunkSize: 8 })
  // Less than, exactly and more than the bill: partly paid, paid, and credit left over.
  const amounts = ['500', '773.88', '1000']
  let next = 0
  const poster = async () => {
    for (let i = next++; i < ACCOUNTS; i = next++) {
      const [out] = await postPayments(db, tenant.id, [{ externalId: `pay-${i}`, accountId: accountIds[i]!, amount: amounts[i % 3]!,
        paidOn: '2026-11-10', source: 'bank' }])
      t.equal(out!.status, 'created')
    }
  }
  await Promise.all([poster(), poster(), poster()])
  for (let waited = 0; (await getBillRun(db, tenant.id, run.id)).status !== 'completed'; waited += 50) {
    if (waited > 120_000) throw new Error('the bill run did not complete')
    await new Promise((r) => setTimeout(r, 50))
  }
  const done = await getBillRun(db, tenant.id, run.id)
  t.equal(done.done, ACCOUNTS, 'every account billed')

  // The race was really run: payments committed before, during and after the chunks' writes.
  const during = await db.selectFrom('payments').select((eb) => eb.fn.countAll<string>().as('n')).where('tenantId', '=', tenant.id)
    .where('createdAt', '>=', new Date(done.startedAt!)).where('createdAt', '<=', new Date(done.finishedAt!)).executeTakeFirstOrThrow()
  t.comment(`${during.n} of ${ACCOUNTS} payments committed while the run wrote its bills`)
  t.ok(Number(during.n) > 0, 'payments interleaved with the run')

  const bills = await db.selectFrom('bills').select(['accountId', 'billId', 'amountDue', 'paid']).where('tenantId', '=', tenant.id).execute()
  const balances = await db.selectFrom('accountBalances').select(['accountId', 'balance']).where('tenantId', '=', tenant.id).execute()
  const allocated = await db.selectFrom('paymentAllocations').select(['billId', (eb) => eb.fn.sum<string>('amount').as('sum')])
    .where('tenantId', '=', tenant.id).groupBy('billId').execute()
  const balanceOf = new Map(balances.map((b) => [b.accountId, new Big(b.balance)]))
  const allocatedTo = new Map(allocated.map((a) => [a.billId, new Big(a.sum)]))
  const wrong: string[] = []
  for (const b of bills) {
    const open = new Big(b.amountDue).minus(b.paid)
    const balance = balanceOf.get(b.accountId) ?? new Big(0)
    const owed = balance.gt(0) ? balance : new Big(0)
    if (!open.eq(owed)) wrong.push(`${b.accountId}: open ${open} but owes ${owed} (balance ${balance})`)
    if (!(allocatedTo.get(b.billId) ?? new Big(0)).eq(b.paid)) wrong.push(`${b.billId}: paid ${b.paid} is not its allocations`)
  }
  t.same(wrong, [], 'open amount = max(0, balance) for every bill; paid = its allocations')
  t.equal(bills.filter((b) => new Big(b.paid).gt(0)).length, ACCOUNTS, 'every bill got its payment')
})
