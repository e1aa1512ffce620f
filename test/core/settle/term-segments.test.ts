// Issue 12 §4: a point's terms by date and its disconnected days cut the
// billed interval; fixed fees are shared over the open days, so parts add up
// to one fee and disconnected days bear none.
import t from 'tap'
import { termOn, termSegments } from '../../../src/core/settle/term-segments.ts'
import { composeBill } from '../../../src/core/bill/compose-bill.ts'
import { RUB } from '../../../src/core/bill/money-policy.ts'
import { compileSchedule } from '../../../src/core/tariff/compile-schedule.ts'

const current = { usage: 'non_residential', dwellings: 2, diameterMm: '25', contractCapacityM3: null }
const october = { from: '2026-10-01', to: '2026-11-01' }

t.test('the value on a day: the last change on or before it, else what the first change replaced', async (t) => {
  const changes = [{ attribute: 'usage_type' as const, from: '2026-10-16', value: 'non_residential', previous: 'residential' },
    { attribute: 'usage_type' as const, from: '2026-12-01', value: 'commercial', previous: 'non_residential' }]
  t.equal(termOn(changes, '2026-10-15', 'commercial'), 'residential')
  t.equal(termOn(changes, '2026-10-16', 'commercial'), 'non_residential')
  t.equal(termOn(changes, '2027-01-01', 'commercial'), 'commercial')
  t.equal(termOn([], '2026-10-01', 'x'), 'x', 'no history: the stored value')
})

t.test('cut at the changes, disconnected days left out, equal neighbours joined', async (t) => {
  const seg = termSegments(october, current, [
    { attribute: 'usage_type', from: '2026-10-16', value: 'non_residential', previous: 'residential' },
    { attribute: 'diameter_mm', from: '2026-09-01', value: '25', previous: '15' },
  ], [{ from: '2026-10-05', to: '2026-10-10', requestId: 'r1' }, { from: '2026-10-25', to: null, requestId: 'r2' }])
  t.same(seg.parts.map((p) => [p.interval.from, p.interval.to, p.terms.usage, p.terms.diameterMm]), [
    ['2026-10-01', '2026-10-05', 'residential', '25'],
    ['2026-10-10', '2026-10-16', 'residential', '25'],
    ['2026-10-16', '2026-10-25', 'non_residential', '25'],
  ])
  t.same(seg.suspended.map((s) => [s.from, s.to, s.requestId]), [['2026-10-05', '2026-10-10', 'r1'], ['2026-10-25', '2026-11-01', 'r2']], 'an open-ended one to the end of the interval')
  const none = termSegments(october, current, [], [])
  t.same(none.parts, [{ interval: october, terms: current }])
})

t.test('fixed fees shared over the open days: parts add up to the fee, a once-fee on the last part only', async (t) => {
  const schedule = compileSchedule({ versions: [{ id: 'v', service: 'cold_water', usage: 'residential', from: '2026-01-01', to: null,
    volume: { line: 'cold_water', price: { shape: 'flat', rate: '10' } },
    fixedFees: [{ line: 'subscription', amount: '310', per: 'connection', proRata: true }, { line: 'meter_rent', amount: '50', per: 'connection', proRata: false }] }] })
  const part = (from: string, to: string, last: boolean) => composeBill({ period: { from, to }, servicePoint: { usage: 'residential' }, schedule, policy: RUB,
    volumes: [], services: ['cold_water'], feeShare: { days: 31, last } })
  const a = part('2026-10-01', '2026-10-11', false)
  const b = part('2026-10-21', '2026-11-01', true)
  t.same(a.lines.map((l) => [l.line, l.amount]), [['subscription', '100.00']], '310 × 10 / 31')
  t.same(b.lines.map((l) => [l.line, l.amount]), [['subscription', '110.00'], ['meter_rent', '50.00']], '310 × 11 / 31, and the once-fee')
  const whole = composeBill({ period: october, servicePoint: { usage: 'residential' }, schedule, policy: RUB, volumes: [], services: ['cold_water'] })
  t.same(whole.lines.map((l) => [l.line, l.amount]), [['subscription', '310.00'], ['meter_rent', '50.00']], 'without a share: as before')
})
