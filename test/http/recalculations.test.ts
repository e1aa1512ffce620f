// Explicit recalculation over REST and GraphQL (issue 4 §2): a dry run
// returns the differences and changes nothing; a real one issues a correction
// bill with the next gapless number and an adjustment entry; a repeat and the
// next bill run do not correct the period again; another tenant's account is
// not found. Also credit (issue 4 §3): an overpayment lowers the next bill's
// payable and pays it.
import t from 'tap'
import { sql } from 'kysely'
import { Big } from '../helpers/big.ts'
import { recalculationInput } from '../../src/app/billing/corrections/recalculate.ts'
import { issueCorrectionBill } from '../../src/app/billing/corrections/correction-bill.ts'
import { RUB } from '../../src/core/bill/money-policy.ts'
import { bearer } from '../helpers/app.ts'
import { addSettlementData, billingTest } from '../app/billing/fixture.ts'
import { addReadings, billOf, billPeriod, meteredAccount, monthlyReadings } from '../app/billing/corrections-fixture.ts'

const { app, db, tenant, other, drain } = await billingTest(t)
await addSettlementData(db, tenant.id)
const acc = bearer(tenant.keys.accounting)
const a = await meteredAccount(db, tenant.id, 'R-1')
await addReadings(db, tenant.id, a.meterId, monthlyReadings(8))
const e = await meteredAccount(db, tenant.id, 'R-2')
await addReadings(db, tenant.id, e.meterId, monthlyReadings(10))
await billPeriod(db, tenant.id, '2026-09-01', '2026-10-01', drain)
await addReadings(db, tenant.id, a.meterId, [['2026-09-30', '75']])

const recalc = (payload: unknown, headers = acc, id = a.accountId) =>
  app.inject({ method: 'POST', url: `/v1/accounts/${id}/recalculations`, headers, payload: payload as object })
const counts = async () => ({
  bills: (await db.selectFrom('bills').select(sql<number>`count(*)::int`.as('n')).where('tenantId', '=', tenant.id).executeTakeFirstOrThrow()).n,
  entries: (await db.selectFrom('ledgerEntries').select(sql<number>`count(*)::int`.as('n')).where('tenantId', '=', tenant.id).executeTakeFirstOrThrow()).n,
})

t.test('a dry run returns the differences and changes nothing', async (t) => {
  const before = await counts()
  const r = await recalc({ period: '2026-09-01', dryRun: true })
  t.equal(r.statusCode, 200, r.body)
  const body = r.json()
  t.match(body, { accountId: a.accountId, periodStart: '2026-09-01', periodEnd: '2026-10-01', dryRun: true, bill: null, correctsBillNumber: String })
  t.ok(body.lines.length >= 2, 'reversal of the estimate and the recomputed line')
  t.match(body.lines[0], { kind: 'adjustment', correctsPeriodStart: '2026-09-01', trace: { rule: /reversal of the estimate/, notes: [/recalculation requested/] } })
  t.match(body.lines.at(-1), { method: 'metered', volume: '11', amount: '223.08' })
  t.equal(body.total, body.lines.reduce((s: Big, l: any) => s.plus(l.amount), new Big(0)).toFixed(2))
  t.same(await counts(), before, 'no bill, no ledger entry')
})

t.test('a real one issues a correction bill; a repeat issues nothing', async (t) => {
  const before = await counts()
  const sept = (await billOf(db, tenant.id, a.accountId, '2026-09-01'))!
  const r = await recalc({ period: '2026-09-01' })
  t.equal(r.statusCode, 200, r.body)
  const body = r.json()
  t.match(body.bill, { kind: 'correction', number: String(before.bills + 1).padStart(8, '0'), correctsBillId: sept.bill.billId,
    periodStart: '2026-09-01', charges: body.total })
  const stored = (await billOf(db, tenant.id, a.accountId, '2026-09-01', 'correction'))!
  t.same(stored.lines.map((l) => [l.kind, l.correctsPeriodStart, l.amount]), body.lines.map((l: any) => ['adjustment', '2026-09-01', l.amount]))
  const entry = await db.selectFrom('ledgerEntries').selectAll().where('tenantId', '=', tenant.id).where('billId', '=', body.bill.id).execute()
  t.match(entry, [{ kind: 'adjustment', amount: body.total }])
  t.same(JSON.stringify(await billOf(db, tenant.id, a.accountId, '2026-09-01')), JSON.stringify(sept), 'the September bill is unchanged')

  const again = await recalc({ period: '2026-09-01' })
  t.match(again.json(), { lines: [], bill: null, total: '0.00' }, 'nothing left to correct')
  t.same(await counts(), { bills: before.bills + 1, entries: before.entries + 1 })
})

t.test('the next bill run does not correct September again', async (t) => {
  await addReadings(db, tenant.id, a.meterId, [['2026-10-31', '83']])
  await billPeriod(db, tenant.id, '2026-10-01', '2026-11-01', drain)
  const oct = (await billOf(db, tenant.id, a.accountId, '2026-10-01'))!
  t.same(oct.lines.filter((l) => l.correctsPeriodStart !== null), [], 'no adjustment lines')
  const numbers = (await db.selectFrom('bills').select('number').where('tenantId', '=', tenant.id).orderBy('number').execute()).map((r) => Number(r.number))
  t.same(numbers, numbers.map((_, i) => i + 1), 'gapless across regular and correction bills')
  const entries = await db.selectFrom('ledgerEntries').select('amount').where('tenantId', '=', tenant.id).where('accountId', '=', a.accountId).execute()
  const bal = await db.selectFrom('accountBalances').select('balance').where('tenantId', '=', tenant.id).where('accountId', '=', a.accountId).executeTakeFirstOrThrow()
  t.ok(entries.reduce((s, x) => s.plus(x.amount), new Big(0)).eq(bal.balance), 'balance = Σ entries')
})

t.test('refusals: another tenant, an unbilled period, bad input, scopes', async (t) => {
  const foreign = await recalc({ period: '2026-09-01' }, bearer(other.keys.accounting))
  t.equal(foreign.statusCode, 404)
  t.equal(foreign.json().code, 'not_found')
  const unbilled = await recalc({ period: '2025-09-01' })
  t.equal(unbilled.statusCode, 422)
  t.equal(unbilled.json().code, 'period_not_billed')
  t.equal((await recalc({ period: '2026-09-31' })).statusCode, 400)
  t.equal((await recalc({ period: '2026-09-01' }, bearer(tenant.keys.readonly))).statusCode, 403)
})

t.test('GraphQL recalculate: the same use-case, the same input fields', async (t) => {
  const input = app.graphql.schema.getType('RecalculationInput') as any
  t.same(Object.keys(input.getFields()).sort(), Object.keys(recalculationInput.shape).sort())
  const r = await app.inject({ method: 'POST', url: '/graphql', headers: acc, payload: {
    query: 'mutation($id: ID!) { recalculate(accountId: $id, input: { period: "2026-09-01", dryRun: true }) { periodStart dryRun correctsBillNumber total lines { kind } bill { id } } }',
    variables: { id: a.accountId } } })
  t.same(r.json().errors, undefined, r.body)
  t.match(r.json().data.recalculate, { periodStart: '2026-09-01', dryRun: true, total: '0.00', lines: [], bill: null })
  const foreign = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(other.keys.accounting), payload: {
    query: 'mutation($id: ID!) { recalculate(accountId: $id, input: { period: "2026-09-01" }) { total } }', variables: { id: a.accountId } } })
  t.equal(foreign.json().errors[0].extensions.code, 'not_found')
})

t.test('credit: an overpayment lowers the next bill and pays it', async (t) => {
  const sept = (await billOf(db, tenant.id, e.accountId, '2026-09-01'))!
  t.equal(sept.bill.charges, '162.24')
  const paid = await app.inject({ method: 'POST', url: '/v1/payments', headers: acc,
    payload: { externalId: 'over-1', accountId: e.accountId, amount: '500.00', paidOn: '2026-10-05', source: 'bank' } })
  t.equal(paid.statusCode, 201, paid.body)
  const oct = (await billOf(db, tenant.id, e.accountId, '2026-10-01'))!
  t.match(paid.json(), { allocations: [{ billId: sept.bill.billId, amount: '162.24' }, { billId: oct.bill.billId, amount: '162.24' }], unallocated: '175.52' },
    'the oldest open bills first, the rest is credit')
  // the payment came after October's run: bill November to see the credit applied
  await addReadings(db, tenant.id, e.meterId, [['2026-11-30', '88']])
  await billPeriod(db, tenant.id, '2026-11-01', '2026-12-01', drain)
  const nov = (await billOf(db, tenant.id, e.accountId, '2026-11-01'))!
  t.match(nov.bill, { charges: '162.24', paid: '162.24' }, 'paid from the credit')
  const balance = (await app.inject({ method: 'GET', url: `/v1/accounts/${e.accountId}/balance`, headers: acc })).json()
  t.equal(nov.bill.debt, new Big(balance.balance).minus('162.24').toFixed(2), 'the debt figure was the balance before the bill')
  t.ok(new Big(nov.bill.payable).lt(nov.bill.charges), 'payable reduced by the credit')
  const payment = (await app.inject({ method: 'GET', url: `/v1/payments?accountId=${e.accountId}`, headers: acc })).json().items[0]
  t.equal(payment.unallocated, '13.28', 'the credit used is allocated to the new bill')
  const open = await db.selectFrom('bills').select('billId').where('tenantId', '=', tenant.id).where('accountId', '=', e.accountId)
    .where(sql<boolean>`paid < amount_due`).execute()
  t.same(open, [], 'no bill of the account is open')
})

t.test('credit: a correction bill is paid from the credit too', async (t) => {
  const sept = (await billOf(db, tenant.id, e.accountId, '2026-09-01'))!
  const line = { servicePointId: e.servicePointId, service: 'cold_water', line: 'cold_water', method: 'metered', interval: { from: '2026-09-01', to: '2026-10-01' },
    volume: '1', rate: '20.28', amount: '20.28', correctsPeriodStart: '2026-09-01', trace: { rule: 'test: one more m³', inputs: {}, formula: '1 × 20.28' } }
  const billId = await db.transaction().execute((trx) => issueCorrectionBill(trx, { tenantId: tenant.id, accountId: e.accountId,
    corrects: { billId: sept.bill.billId, periodStart: '2026-09-01', periodEnd: '2026-10-01' }, issuedOn: '2026-12-05', currency: 'RUB', money: RUB, lines: [line] }))
  const bill = await db.selectFrom('bills').selectAll().where('tenantId', '=', tenant.id).where('billId', '=', billId).executeTakeFirstOrThrow()
  t.match(bill, { kind: 'correction', charges: '20.28', paid: '13.28' }, 'the 13.28 of credit left pays part of it')
  const payment = (await app.inject({ method: 'GET', url: `/v1/payments?accountId=${e.accountId}`, headers: acc })).json().items[0]
  t.equal(new Big(payment.unallocated).eq(0), true, `the whole payment is allocated now: ${payment.unallocated}`)
  const balance = (await app.inject({ method: 'GET', url: `/v1/accounts/${e.accountId}/balance`, headers: acc })).json()
  t.match(balance, { position: 'debt', amountDue: '7.00' })
})
