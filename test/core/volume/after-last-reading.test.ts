// The days of a working meter after its last accepted reading, before the
// readings are overdue (policy.afterLastReading): by default an ESTIMATE by
// the meter's average daily volume (Decree 776 §17; Decree 354 §59 for
// residential premises), flagged so that it is reversed when the actual
// reading arrives (conventions.md "Meter data validation and estimation");
// with 'uncovered', uncovered_days as before. Volumes are computed by hand:
// the average per day is rounded to 20 places half-up, then × days.
import t from 'tap'
import { Big } from '../../helpers/big.ts'
import { settleVolumes, volumePolicy } from '../../../src/core/volume/index.ts'
import { DN15_314_PER_DAY, facts, meter, monthlyReadings, point } from './fixtures/facts.ts'

const policy = volumePolicy({ pi: '3.14' })
const uncovered = volumePolicy({ pi: '3.14', afterLastReading: 'uncovered' })
const summary = (s: ReturnType<typeof settleVolumes>) => s.segments.map((x) => [x.method, x.interval.from, x.interval.to, x.volume, x.estimated ?? false])

t.test('the default policy estimates, with its source in the doc comment', async (t) => {
  t.equal(volumePolicy().afterLastReading, 'estimate')
})

// Russian residential practice: read on the 20th–25th (meters-and-readings.md).
// Commissioned 2026-01-01 at 0; read 2026-04-23: 40, 2026-09-23: 70, 2026-10-23: 76.
// A reading dated D is the index at the end of D (readingDateMeans 'end_of_day').
const flat = facts({
  point: point({ id: 'flat-12', customerKind: 'residential' }),
  meters: [meter({ events: [{ kind: 'commissioned', date: '2026-01-01', index: '0' }] })],
  readings: [
    { meterId: 'm1', date: '2026-04-23', index: '40' },
    { meterId: 'm1', date: '2026-09-23', index: '70' },
    { meterId: 'm1', date: '2026-10-23', index: '76' },
  ],
  residents: [{ from: '2020-01-01', count: 2 }], norms: [{ resource: 'cold_water', from: '2020-01-01', perPersonPerMonth: '5' }],
  interval: { from: '2026-10-01', to: '2026-11-01' },
})

t.test('residential, read on 2026-10-23: metered 1–23, estimated 24–31 by the Decree 354 average', async (t) => {
  // given the facts above, when October is settled with the default policy
  const s = settleVolumes(flat, policy)
  // then 1–23 are metered: 6 m³ over the 30 days 09-24…10-23 is 0.2/day; 10-01 is 71.4, so 76 − 71.4 = 4.6
  // and 24–31 are estimated by the Decree 354 average over 6 months before 10-24:
  // [04-24, 10-24) = 183 metered days, 76 − 40 = 36 m³; 36 × 8 / 183 = 1.57377049180327868852 (multiplied first, issue 9 §3; dividing first gave …856)
  t.same(s.errors, [])
  t.same(summary(s), [
    ['metered', '2026-10-01', '2026-10-24', '4.6', false],
    ['averaged', '2026-10-24', '2026-11-01', '1.57377049180327868852', true],
  ])
  const est = s.segments[1]!
  t.equal(est.rule, 'rule 3b after the last reading (readings cover the days to 2026-10-23): estimated by the Decree 354 average, period 1 of 3 (Decree 354 §59), ESTIMATE until an actual reading arrives (then reversed and recomputed)')
  t.match(est.trace.rule, /^ESTIMATE, averaged: Decree 354 §59/)
  t.match(est.trace.inputs, { windowFrom: '2026-04-24', windowTo: '2026-10-24', meteredDays: 183, meteredVolume: '36', days: 8 })
  t.match(est.trace.notes, [/average daily volume/, /ESTIMATE .* reversed and recomputed when the actual reading arrives/])
})

t.test('residential with afterLastReading: uncovered: Decree 354 (rule 6) as before, not flagged', async (t) => {
  // residential premises were never uncovered here: rule 6 applies Decree 354 from the day after the last reading
  const s = settleVolumes(flat, uncovered)
  t.same(s.errors, [])
  t.same(summary(s), [
    ['metered', '2026-10-01', '2026-10-24', '4.6', false],
    ['averaged', '2026-10-24', '2026-11-01', '1.57377049180327868852', false],
  ])
  t.equal(s.segments[1]!.rule, 'rule 6 readings_overdue (no readings since 2026-10-24): Decree 354 average, period 1 of 3 (Decree 354 §59)')
  t.equal(s.segments[1]!.trace.rule, 'averaged: Decree 354 §59')
})

t.test('residential after the Decree 354 periods: the normative without K, unchanged and not flagged', async (t) => {
  // readings stopped at 10-24; periods Oct, Nov, Dec averaged, January the normative 2 × 5 = 10
  const s = settleVolumes({ ...flat, interval: { from: '2026-12-01', to: '2027-02-01' } }, policy)
  t.same(s.segments.map((x) => [x.method, x.interval.from, x.estimated ?? false]), [['averaged', '2026-12-01', true], ['normative', '2027-01-01', false]])
  t.equal(s.segments[1]!.volume, '10')
  t.match(s.segments[1]!.rule, /^rule 6 readings_overdue .*Decree 354 §60/)
})

// An organization reports the index on the last day of the period by the 2nd
// of the next month (meters-and-readings.md): a run on 10-31 has no October reading.
// Commissioned 2025-01-01 at 0; month-end readings through 2026-09-30, 1 m³/day in 2025, 2 m³/day in 2026.
const org = facts({
  point: point({ id: 'bakery' }),
  meters: [meter({ events: [{ kind: 'commissioned', date: '2025-01-01', index: '0' }] })],
  readings: monthlyReadings('m1', '2025-01-01', '0', '2026-10-01', (d) => (d < '2026-01-01' ? '1' : '2')),
  interval: { from: '2026-10-01', to: '2026-11-01' },
})

t.test('organization without its end-of-period reading: October estimated by the 12-month average', async (t) => {
  // given readings through 2026-09-30, when October is settled
  const s = settleVolumes(org, policy)
  // then all 31 days are estimated: window [2025-10-01, 2026-10-01) = 365 days,
  // 92 × 1 + 273 × 2 = 638 m³; 638 × 31 / 365 = 54.18630136986301369863 (multiplied first, issue 9 §3)
  t.same(s.errors, [])
  t.same(summary(s), [['averaged', '2026-10-01', '2026-11-01', '54.18630136986301369863', true]])
  t.equal(s.segments[0]!.rule, 'rule 3b after the last reading (readings cover the days to 2026-09-30): estimated by the average daily volume over 12 months (Decree 776 §17), ESTIMATE until an actual reading arrives (then reversed and recomputed); capacity from 2027-04-01 if none (Decree 776 §16d)')
  t.match(s.segments[0]!.trace.inputs, { meterId: 'm1', windowFrom: '2025-10-01', windowTo: '2026-10-01', meteredDays: 365, meteredVolume: '638', days: 31 })
  t.match(s.segments[0]!.trace.rule, /^ESTIMATE, averaged: Decree 776 §17/)
})

t.test('organization: when the actual reading arrives, the recomputed October is metered, nothing estimated', async (t) => {
  // the 2026-09-30 index is 365 × 1 + 273 × 2 = 911; the October reading 961 gives 50 m³
  const ok = settleVolumes({ ...org, readings: [...org.readings, { meterId: 'm1', date: '2026-10-31', index: '961' }] }, policy)
  t.same(summary(ok), [['metered', '2026-10-01', '2026-11-01', '50', false]])
})

t.test('organization with afterLastReading: uncovered: uncovered_days as before', async (t) => {
  const s = settleVolumes(org, uncovered)
  t.same(s.segments, [])
  t.match(s.errors, [{ code: 'uncovered_days', servicePointId: 'bakery', days: { from: '2026-10-01', to: '2026-11-01' }, reason: /no readings since 2026-10-01, not yet overdue \(6 months on 2027-04-01\)/ }])
})

t.test('a meter that worked less than 60 days: guaranteed volume if the contract has one, else uncovered with the reason', async (t) => {
  // commissioned 2026-09-01 at 0, read 2026-09-30: 30 → worked 30 days before the last reading
  const young = facts({
    point: point({ id: 'kiosk' }),
    meters: [meter({ events: [{ kind: 'commissioned', date: '2026-09-01', index: '0' }] })],
    readings: [{ meterId: 'm1', date: '2026-09-30', index: '30' }],
    interval: { from: '2026-10-01', to: '2026-11-01' },
  })
  const s = settleVolumes(young, policy)
  t.same(s.segments, [])
  t.match(s.errors, [{ code: 'uncovered_days', servicePointId: 'kiosk', days: { from: '2026-10-01', to: '2026-11-01' }, reason: /not yet overdue.*not estimated: worked 30 < 60 days before its last reading and the contract has no guaranteed volume/ }])
  const g = settleVolumes({ ...young, point: point({ id: 'kiosk', guaranteedVolume: { perMonth: '31' } }) }, policy)
  t.same(g.errors, [])
  t.same(summary(g), [['guaranteed_volume', '2026-10-01', '2026-11-01', '31', true]])
  t.match(g.segments[0]!.rule, /^rule 3b after the last reading \(readings cover the days to 2026-09-30\): worked 30 < 60 days before its last reading → guaranteed_volume \(Decree 776 §18\), ESTIMATE/)
  // a shorter minimum lets it average: 30 m³ / 30 days = 1 × 31
  const avg = settleVolumes(young, volumePolicy({ pi: '3.14', minWorkingDaysForAveraging: 30 }))
  t.same(summary(avg), [['averaged', '2026-10-01', '2026-11-01', '31', true]])
})

t.test('the readings-overdue threshold: estimated before it, capacity (Decree 776 §16d) from it, unchanged', async (t) => {
  // commissioned 2025-01-01 at 0, read 2025-08-31: 100 → no readings since 2025-09-01, overdue on 2026-03-01
  const f = facts({ meters: [meter({ events: [{ kind: 'commissioned', date: '2025-01-01', index: '0' }] })], readings: [{ meterId: 'm1', date: '2025-08-31', index: '100' }], interval: { from: '2026-02-25', to: '2026-03-05' } })
  const s = settleVolumes(f, policy)
  // before: window [2024-09-01, 2025-09-01) holds 243 metered days (from 2025-01-01), 100 m³;
  // 100 × 4 / 243 = 1.64609053497942386831 (multiplied first, issue 9 §3); from 03-01: capacity DN15 × 4 days
  t.same(s.errors, [])
  t.same(summary(s), [
    ['averaged', '2026-02-25', '2026-03-01', '1.64609053497942386831', true],
    ['capacity', '2026-03-01', '2026-03-05', new Big(DN15_314_PER_DAY).times(4).toFixed(), false],
  ])
  t.equal(s.segments[1]!.rule, 'rule 6 readings_overdue: no readings since 2025-09-01, more than 6 months: capacity (Decree 776 §16d)')
  // a notified temporary stop: not estimated (and no capacity), as before
  const stop = settleVolumes({ ...f, acts: [{ kind: 'temporary_absence', from: '2026-01-01', to: '2026-06-01' }] }, policy)
  t.same(stop.segments, [])
  t.match(stop.errors, [{ days: { from: '2026-02-25', to: '2026-03-01' }, reason: /temporary stop was notified, so the days are not estimated/ }, { reason: /readings overdue but a temporary stop/ }])
})

t.test('a control meter still comes first after the main meter\'s last reading (Decree 776 §13)', async (t) => {
  const s = settleVolumes({
    ...org,
    meters: [...org.meters, meter({ id: 'c1', control: true, events: [{ kind: 'commissioned', date: '2026-01-01', index: '0' }] })],
    readings: [...org.readings, { meterId: 'c1', date: '2026-11-30', index: '100' }],
  }, policy)
  t.same(s.segments.map((x) => [x.method, x.meterId, x.estimated ?? false]), [['metered', 'c1', false]])
})
