// Corrections in bill runs (issue 4 §2): an estimate billed for September is
// reversed and recomputed in October's bill once the actual reading arrives;
// a late reading on a metered month gives a difference line; a second run or
// the next month corrects nothing again; the corrected bill never changes;
// the ledger's balance stays the sum of its entries.
import t from 'tap'
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { Big } from '../../helpers/big.ts'
import { addSettlementData, billingTest } from './fixture.ts'
import { addReadings, billOf, billPeriod, meteredAccount, monthlyReadings } from './corrections-fixture.ts'

const { db, tenant, drain } = await billingTest(t)
await addSettlementData(db, tenant.id)

// A: readings through August only, so September is estimated after the last reading
const a = await meteredAccount(db, tenant.id, 'C-1')
await addReadings(db, tenant.id, a.meterId, monthlyReadings(8))
// B: August and October read, September's reading arrives late
const b = await meteredAccount(db, tenant.id, 'C-2')
await addReadings(db, tenant.id, b.meterId, [...monthlyReadings(8), ['2026-10-31', '84']])
// D: every reading on time: nothing to correct
const d = await meteredAccount(db, tenant.id, 'C-3')
await addReadings(db, tenant.id, d.meterId, monthlyReadings(11))

const snapshot = async (accountId: string, period: string) => JSON.stringify(await billOf(db, tenant.id, accountId, period))
const sum = (xs: { amount: string }[]) => xs.reduce((s, x) => s.plus(x.amount), new Big(0))

/** The materialized balance equals the sum of the account's ledger entries. */
async function ledgerBalanced(accountId: string): Promise<boolean> {
  const entries = await db.selectFrom('ledgerEntries').select('amount').where('tenantId', '=', tenant.id).where('accountId', '=', accountId).execute()
  const bal = await db.selectFrom('accountBalances').select('balance').where('tenantId', '=', tenant.id).where('accountId', '=', accountId).executeTakeFirstOrThrow()
  return sum(entries).eq(bal.balance)
}

let septA = ''
let septB = ''
t.test('September: A estimated, B interpolated between August and October', async (t) => {
  await billPeriod(db, tenant.id, '2026-09-01', '2026-10-01', drain)
  const sa = (await billOf(db, tenant.id, a.accountId, '2026-09-01'))!
  t.ok(sa.lines.some((l) => (l.trace as any).estimated === true && /ESTIMATE/.test((l.trace as any).rule)), 'A: an estimated line, flagged in its trace')
  const sb = (await billOf(db, tenant.id, b.accountId, '2026-09-01'))!
  t.equal(sb.lines.length, 1)
  t.match(sb.lines[0], { method: 'metered' })
  septA = await snapshot(a.accountId, '2026-09-01')
  septB = await snapshot(b.accountId, '2026-09-01')
})

t.test('October: the estimate is reversed and recomputed, the late reading gives a difference', async (t) => {
  // the actual readings arrive after September was billed
  await addReadings(db, tenant.id, a.meterId, [['2026-09-30', '75'], ['2026-10-31', '83']])
  await addReadings(db, tenant.id, b.meterId, [['2026-09-30', '76']])
  await billPeriod(db, tenant.id, '2026-10-01', '2026-11-01', drain)

  const oa = (await billOf(db, tenant.id, a.accountId, '2026-10-01'))!
  const own = oa.lines.filter((l) => l.correctsPeriodStart === null)
  const adj = oa.lines.filter((l) => l.correctsPeriodStart !== null)
  t.match(own, [{ kind: 'volume', method: 'metered', volume: '8', amount: '162.24' }], 'October itself: 8 m³ metered')
  t.ok(adj.length >= 2, 'reversal and recomputed lines')
  t.ok(adj.every((l) => l.correctsPeriodStart === '2026-09-01' && l.kind === 'adjustment'), 'all name September, kind adjustment')
  const sa = (await billOf(db, tenant.id, a.accountId, '2026-09-01'))!
  const estimate = sa.lines.find((l) => (l.trace as any).estimated)!
  const reversal = adj.find((l) => (l.trace as any).reverses)!
  t.equal(new Big(reversal.amount).toFixed(2), new Big(estimate.amount).neg().toFixed(2), 'the reversal is minus the estimate')
  t.equal(new Big(reversal.volume!).toFixed(), new Big(estimate.volume!).neg().toFixed(), 'negative volume of the estimate')
  t.match(reversal.trace, { rule: /reversal of the estimate/, inputs: { estimated: true, correctedKind: 'volume' }, notes: [/reading of 2026-09-30/, /estimates are reversed/] })
  const recomputed = adj.filter((l) => !(l.trace as any).reverses)
  t.match(recomputed, [{ method: 'metered', volume: '11', amount: '223.08', trace: { rule: /recomputed for the period starting 2026-09-01/ } }], 'September now metered: 75 − 64 = 11 m³ × 20.28')
  t.equal(oa.bill.charges, sum(oa.lines).toFixed(2), 'the bill\'s charges include the adjustments')

  const entries = await db.selectFrom('ledgerEntries').selectAll().where('tenantId', '=', tenant.id).where('billId', '=', oa.bill.billId).orderBy('entryId').execute()
  t.match(entries.map((e) => [e.kind, e.amount]), [['charge', '162.24'], ['adjustment', sum(adj).toFixed(2)]], 'charge and adjustment entries')
  t.ok(await ledgerBalanced(a.accountId), 'balance = Σ ledger entries')
  t.equal(await snapshot(a.accountId, '2026-09-01'), septA, 'September\'s bill is unchanged, byte for byte')

  const ob = (await billOf(db, tenant.id, b.accountId, '2026-10-01'))!
  const diff = ob.lines.filter((l) => l.correctsPeriodStart === '2026-09-01')
  t.equal(diff.length, 1, 'one difference line')
  const septBill = (await billOf(db, tenant.id, b.accountId, '2026-09-01'))!
  t.equal(new Big(septBill.lines[0]!.volume!).plus(diff[0]!.volume!).toFixed(), '12', 'billed + difference = 76 − 64 = 12 m³')
  t.equal(new Big(septBill.lines[0]!.amount).plus(diff[0]!.amount).toFixed(2), '243.36', '12 × 20.28')
  t.match(diff[0], { kind: 'adjustment', method: 'metered', trace: { rule: /difference for the period starting 2026-09-01/, inputs: { correctedKind: 'volume' } } })
  t.equal(await snapshot(b.accountId, '2026-09-01'), septB, 'B\'s September unchanged')
  t.ok(await ledgerBalanced(b.accountId), 'balance = Σ ledger entries')

  const od = (await billOf(db, tenant.id, d.accountId, '2026-10-01'))!
  t.same(od.lines.filter((l) => l.correctsPeriodStart !== null), [], 'D: nothing changed, no adjustment lines')
  const dEntries = await db.selectFrom('ledgerEntries').select('kind').where('tenantId', '=', tenant.id).where('accountId', '=', d.accountId).execute()
  t.same(dEntries.map((e) => e.kind), ['charge', 'charge'], 'D: no adjustment entry')
})

t.test('re-running October or billing November corrects nothing again', async (t) => {
  const before = await db.selectFrom('bills').select(sql<number>`count(*)::int`.as('n')).where('tenantId', '=', tenant.id).executeTakeFirstOrThrow()
  await billPeriod(db, tenant.id, '2026-10-01', '2026-11-05', drain)
  const after = await db.selectFrom('bills').select(sql<number>`count(*)::int`.as('n')).where('tenantId', '=', tenant.id).executeTakeFirstOrThrow()
  t.equal(after.n, before.n, 'a second run of October adds no bill')

  await addReadings(db, tenant.id, a.meterId, [['2026-11-30', '91']])
  await addReadings(db, tenant.id, b.meterId, [['2026-11-30', '92']])
  await billPeriod(db, tenant.id, '2026-11-01', '2026-12-01', drain)
  for (const acc of [a, b, d]) {
    const nov = (await billOf(db, tenant.id, acc.accountId, '2026-11-01'))!
    t.ok(nov, 'November billed')
    t.same(nov.lines.filter((l) => l.correctsPeriodStart !== null), [], 'no second correction of September')
    t.ok(await ledgerBalanced(acc.accountId), 'balance = Σ ledger entries')
  }
  const numbers = (await db.selectFrom('bills').select('number').where('tenantId', '=', tenant.id).orderBy('number').execute()).map((r) => Number(r.number))
  t.same(numbers, numbers.map((_, i) => i + 1), 'gapless numbers')
})

t.test('a meter failure recorded late reaches back into November only', async (t) => {
  await db.insertInto('meterEvents').values({ tenantId: tenant.id, eventId: uuidv7(), meterId: d.meterId, kind: 'failed', occurredOn: '2026-11-20', meterIndex: null,
    seals: [], nextVerificationDue: null, actId: null, note: null }).execute()
  await billPeriod(db, tenant.id, '2026-12-01', '2027-01-01', drain)
  const dec = (await billOf(db, tenant.id, d.accountId, '2026-12-01'))!
  const adj = dec.lines.filter((l) => l.correctsPeriodStart !== null)
  t.ok(adj.length >= 2, 'November corrected')
  t.ok(adj.every((l) => l.correctsPeriodStart === '2026-11-01'), 'only November: October ends before the failure')
  t.match(adj[0], { trace: { rule: /reversal of the line billed for the period starting 2026-11-01/, notes: [/meter failed on 2026-11-20/] } })
  t.ok(adj.some((l) => l.method === 'averaged' && (l.trace as any).rule.startsWith('recomputed')), 'the days from the failure recomputed as averaged')
  t.ok(await ledgerBalanced(d.accountId), 'balance = Σ ledger entries')
})
