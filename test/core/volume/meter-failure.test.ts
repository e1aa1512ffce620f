// Rule 4 (volume-methods.md): a failure on F → averaged F … F+59, capacity
// from F+60 (day 61); a meter that worked < 60 days → guaranteed_volume.
import t from 'tap'
import { Big } from '../../helpers/big.ts'
import { settleVolumes, volumePolicy } from '../../../src/core/volume/index.ts'
import { DN15_314_PER_DAY, facts, meter, monthlyReadings, point } from './fixtures/facts.ts'

const policy = volumePolicy({ pi: '3.14' })
// 10 m³/day in Jan–Feb 2025, then 2 m³/day: the 12-month window before 2026-03-15 sees only 2 m³/day.
const perDay = (d: string): string => (d < '2025-03-01' ? '10' : '2')
const readings = monthlyReadings('m1', '2025-01-01', '0', '2026-03-01', perDay)
// cumulative at the failure (start of 2026-03-15): 59 × 10 + 379 × 2 = 1348
const failedMeter = meter({ events: [{ kind: 'commissioned', date: '2025-01-01', index: '0' }, { kind: 'failed', date: '2026-03-15', index: '1348' }] })

t.test('given a failure on 2026-03-15 after 14 months of work', async (t) => {
  const s = settleVolumes(facts({ meters: [failedMeter], readings, interval: { from: '2026-03-01', to: '2026-06-01' } }), policy)
  t.same(s.errors, [])
  t.same(s.segments.map((x) => [x.method, x.interval.from, x.interval.to, x.volume]), [
    ['metered', '2026-03-01', '2026-03-15', '28'],
    ['averaged', '2026-03-15', '2026-05-14', '120'], // 60 days × 2 m³ (window 2025-03-15…2026-03-15)
    ['capacity', '2026-05-14', '2026-06-01', new Big(DN15_314_PER_DAY).times(18).toFixed()],
  ], 'then metered to F, averaged F…F+59, capacity from F+60')
  t.match(s.segments[1]!.trace.inputs, { windowFrom: '2025-03-15', windowTo: '2026-03-15', meteredDays: 365 })
  t.match(s.segments[2]!.rule, /day 61/)
})

t.test('day 59, 60 and 61 after the failure, one day each', async (t) => {
  const cases: [string, string][] = [['2026-05-12', 'averaged'], ['2026-05-13', 'averaged'], ['2026-05-14', 'capacity']]
  for (const [day, method] of cases) {
    const to = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10)
    const s = settleVolumes(facts({ meters: [failedMeter], readings, interval: { from: day, to } }), policy)
    t.equal(s.segments[0]!.method, method, `${day} → ${method}`)
  }
})

t.test('a meter that worked < 60 days gets the guaranteed volume, then capacity', async (t) => {
  const young = meter({ events: [{ kind: 'commissioned', date: '2026-02-01', index: '0' }, { kind: 'failed', date: '2026-03-15' }] })
  const f = facts({ point: point({ guaranteedVolume: { perDay: '3' } }), meters: [young], readings: [{ meterId: 'm1', date: '2026-02-28', index: '50' }], interval: { from: '2026-03-15', to: '2026-06-01' } })
  const s = settleVolumes(f, policy)
  t.same(s.errors, [])
  t.same(s.segments.map((x) => [x.method, x.interval.from, x.interval.to, x.volume]), [
    ['guaranteed_volume', '2026-03-15', '2026-05-14', '180'],
    ['capacity', '2026-05-14', '2026-06-01', new Big(DN15_314_PER_DAY).times(18).toFixed()],
  ])
  t.match(s.segments[0]!.rule, /worked 42 < 60 days/)
})

t.test('worked exactly 60 days: averaged (the rule is "< 60")', async (t) => {
  const m = meter({ events: [{ kind: 'commissioned', date: '2026-01-14', index: '0' }, { kind: 'failed', date: '2026-03-15', index: '120' }] })
  const s = settleVolumes(facts({ meters: [m], interval: { from: '2026-03-15', to: '2026-03-16' } }), policy)
  t.equal(s.segments[0]!.method, 'averaged')
  t.equal(s.segments[0]!.volume, '2')
})

t.test('< 60 days and no guaranteed volume: an error naming the point and the days', async (t) => {
  const young = meter({ events: [{ kind: 'commissioned', date: '2026-02-01', index: '0' }, { kind: 'failed', date: '2026-03-15' }] })
  const s = settleVolumes(facts({ meters: [young], interval: { from: '2026-03-01', to: '2026-06-01' } }), policy)
  t.match(s.errors, [
    { code: 'uncovered_days', servicePointId: 'sp-1', days: { from: '2026-03-01', to: '2026-03-15' } },
    { code: 'uncovered_days', servicePointId: 'sp-1', days: { from: '2026-03-15', to: '2026-05-14' }, reason: /worked 42 < 60 days/ },
  ])
  t.same(s.segments.map((x) => x.method), ['capacity'])
})

t.test('a working control meter replaces the failed main meter (004 §13)', async (t) => {
  const control = meter({ id: 'c1', control: true, events: [{ kind: 'commissioned', date: '2026-01-01', index: '500' }] })
  const f = facts({ meters: [failedMeter, control], readings: [...readings, { meterId: 'c1', date: '2026-03-31', index: '600' }], interval: { from: '2026-03-15', to: '2026-04-01' } })
  const s = settleVolumes(f, policy)
  t.equal(s.segments[0]!.method, 'metered')
  t.equal(s.segments[0]!.meterId, 'c1')
  // 100 m³ over 90 days (2026-01-01…2026-04-01), 17 days interpolated
  t.equal(new Big(s.segments[0]!.volume).round(6).toFixed(), new Big(100).div(90).times(17).round(6).toFixed())
  t.match(s.segments[0]!.trace.notes, [/interpolated/])
})

t.test('verification expired, then the meter is verified again', async (t) => {
  const m = meter({ events: [
    { kind: 'commissioned', date: '2025-01-01', index: '0' },
    { kind: 'verification_due', date: '2026-03-15' },
    { kind: 'verified', date: '2026-04-01', index: '2000' },
  ] })
  const f = facts({ meters: [m], readings: [...readings, { meterId: 'm1', date: '2026-03-14', index: '1348' }, { meterId: 'm1', date: '2026-04-30', index: '2060' }], interval: { from: '2026-03-01', to: '2026-05-01' } })
  const s = settleVolumes(f, policy)
  t.same(s.errors, [])
  t.same(s.segments.map((x) => [x.method, x.interval.from, x.volume]), [
    ['metered', '2026-03-01', '28'], ['averaged', '2026-03-15', '34'], ['metered', '2026-04-01', '60'],
  ])
})

t.test('the policy may change the windows', async (t) => {
  const p = volumePolicy({ pi: '3.14', averagingMaxDays: 30, capacityAfterFailureFromDay: 31 })
  const s = settleVolumes(facts({ meters: [failedMeter], readings, interval: { from: '2026-03-15', to: '2026-05-01' } }), p)
  t.same(s.segments.map((x) => [x.method, x.interval.from]), [['averaged', '2026-03-15'], ['capacity', '2026-04-14']])
})
