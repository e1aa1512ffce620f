// Hand-computed penalties (Housing Code art. 155 §14, conventions.md).
import t from 'tap'
import { debtPenalty } from '../../../src/core/penalty/debt-penalty.ts'
import { accountPenalty } from '../../../src/core/penalty/account-penalty.ts'
import type { PenaltyTerms } from '../../../src/core/penalty/terms.ts'

const terms = (over: Partial<PenaltyTerms> = {}): PenaltyTerms => ({
  keyRates: [{ from: '2000-01-01', rate: '9.5' }], caps: [], moratoria: [], rateBasis: 'daily', minorUnits: 2, ...over,
})
const debt = { id: 'b1', amount: '1000', dueOn: '2024-01-10', payments: [] }

t.test('boundaries: day 30/31 and 90/91', async (t) => {
  // due 2024-01-10: day 30 = 2024-02-09, day 31 = 2024-02-10, day 90 = 2024-04-09, day 91 = 2024-04-10
  const table: [string, string][] = [
    ['2024-01-10', '0.00'], // the due date itself
    ['2024-02-09', '0.00'], // day 30
    ['2024-02-10', '0.32'], // day 31: 1000 × 9.5% / 300 = 0.31666…
    ['2024-02-11', '0.63'], // 2 days: 0.63333…
    ['2024-04-09', '19.00'], // day 90: 60 × 0.31666… = 19
    ['2024-04-10', '19.73'], // day 91: 19 + 1000 × 9.5% / 130 = 19.730769…
    ['2024-04-19', '26.31'], // day 100: 19 + 10 × 0.730769… = 26.307692…
  ]
  for (const [asOf, want] of table) t.equal(debtPenalty(debt, terms(), asOf).penalty, want, asOf)
  const r = debtPenalty(debt, terms(), '2024-04-19')
  t.same(r.segments.map((s) => [s.from, s.through, s.dayFrom, s.dayThrough, s.divisor]), [
    ['2024-01-11', '2024-02-09', 1, 30, null],
    ['2024-02-10', '2024-04-09', 31, 90, 300],
    ['2024-04-10', '2024-04-19', 91, 100, 130],
  ])
  t.equal(r.segments[1]!.amount, '19')
})

t.test('a payment reduces the debt from its date on', async (t) => {
  // 600 paid on day 41 (2024-02-20): days 31–40 on 1000, days 41–50 on 400
  const r = debtPenalty({ ...debt, payments: [{ on: '2024-02-20', amount: '600' }] }, terms(), '2024-02-29')
  // 10 × 1000 × 0.095 / 300 = 3.1666…, 10 × 400 × 0.095 / 300 = 1.2666… → 4.4333…
  t.equal(r.penalty, '4.43')
  t.same(r.segments.slice(1).map((s) => [s.debt, s.days]), [['1000', 10], ['400', 10]])
  const paid = debtPenalty({ ...debt, payments: [{ on: '2024-02-20', amount: '1000' }] }, terms(), '2024-12-31')
  t.equal(paid.penalty, '3.17', 'nothing accrues once the debt is paid')
})

t.test('moratorium edges: the named days accrue nothing, the day count runs on', async (t) => {
  // due 2022-01-31; day 31 = 2022-03-03; moratorium 2022-03-31 … 2022-10-01 both included
  const m = terms({ moratoria: [{ from: '2022-03-31', through: '2022-10-01' }] })
  const d = { id: 'b', amount: '3000', dueOn: '2022-01-31', payments: [] }
  // 2022-03-03 … 2022-03-30 = 28 days at 3000 × 0.095 / 300 = 0.95 a day → 26.60
  t.equal(debtPenalty(d, m, '2022-03-30').penalty, '26.60')
  t.equal(debtPenalty(d, m, '2022-10-01').penalty, '26.60', 'the last moratorium day accrues nothing')
  // 2022-10-02 is day 244 → 1/130: 3000 × 0.095 / 130 = 2.192307…
  t.equal(debtPenalty(d, m, '2022-10-02').penalty, '28.79')
  const segs = debtPenalty(d, m, '2022-10-02').segments
  t.same(segs.map((s) => [s.from, s.through, s.note.slice(0, 10)]), [
    ['2022-02-01', '2022-03-02', 'days 1–30:'], ['2022-03-03', '2022-03-30', 'days 31–90'],
    ['2022-03-31', '2022-10-01', 'moratorium'], ['2022-10-02', '2022-10-02', 'from day 9'],
  ])
})

t.test('rate change and cap', async (t) => {
  // key rate 7.5 until 2023-07-23, 8.5 from 2023-07-24, 12 from 2023-08-15; cap 9.5
  const r = terms({ keyRates: [{ from: '2022-09-19', rate: '7.5' }, { from: '2023-07-24', rate: '8.5' }, { from: '2023-08-15', rate: '12' }],
    caps: [{ from: '2022-02-28', through: null, rate: '9.5' }] })
  const d = { id: 'b', amount: '300', dueOn: '2023-06-10', payments: [] }
  // day 31 = 2023-07-11. 07-11…07-23: 13 days × 300 × 0.075 / 300 = 0.975
  // 07-24…08-08 (day 59): 16 × 300 × 0.085/300 = 1.36; 08-09 is day 60 … stays 1/300
  // 08-15 → capped 9.5: 08-15 … 09-08 (day 90) = 25 days × 0.095 = 2.375; 07-24…08-14 = 22 days × 0.085 = 1.87
  t.equal(debtPenalty(d, r, '2023-09-08').penalty, (0.975 + 1.87 + 2.375).toFixed(2))
  const seg = debtPenalty(d, r, '2023-09-08').segments.map((s) => [s.from, s.through, s.rate])
  t.same(seg, [['2023-06-11', '2023-07-10', null], ['2023-07-11', '2023-07-23', '7.5'], ['2023-07-24', '2023-08-14', '8.5'], ['2023-08-15', '2023-09-08', '9.5']])
  // as_of basis: the rate of the calculation date (capped 9.5) for every day: 60 × 0.095 = 5.70
  t.equal(debtPenalty(d, { ...r, rateBasis: 'as_of' }, '2023-09-08').penalty, '5.70')
})

t.test('each debt separately; missing rate is an error', async (t) => {
  const a = accountPenalty([debt, { id: 'b2', amount: '500', dueOn: '2024-02-10', payments: [] }], terms(), '2024-03-11')
  // b1: days 31–61 = 31 days × 0.31666… = 9.8166… → 9.82; b2: day 30 → 0
  t.equal(a.total, '9.82')
  t.same(a.debts.map((d) => [d.debtId, d.penalty]), [['b1', '9.82'], ['b2', '0.00']])
  t.throws(() => debtPenalty(debt, terms({ keyRates: [{ from: '2025-01-01', rate: '21' }] }), '2024-03-01'), { code: 'penalty_rate_missing' })
})
