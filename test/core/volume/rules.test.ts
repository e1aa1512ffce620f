// The other choice rules: unauthorized connection with caps (rule 1), no meter
// (rule 5), readings overdue (rule 6) and Decree 354 for residential premises,
// rule order and switches, invalid input.
import t from 'tap'
import { Big } from '../../helpers/big.ts'
import { DEFAULT_VOLUME_POLICY, RUSSIAN_INCREASING_COEFFICIENTS, settleVolumes, volumePolicy } from '../../../src/core/volume/index.ts'
import { DN15_314_PER_DAY, facts, meter, monthlyReadings, point } from './fixtures/facts.ts'

const policy = volumePolicy({ pi: '3.14' })
const capacity = (days: number): string => new Big(DN15_314_PER_DAY).times(days).toFixed()
const summary = (s: ReturnType<typeof settleVolumes>) => s.segments.map((x) => [x.method, x.interval.from, x.interval.to])

t.test('unauthorized connection: organization capped at 3 years, residential 3 months, self-reported 6 months', async (t) => {
  const act = { kind: 'unauthorized_connection' as const, from: '2020-01-01', to: '2026-04-01' }
  const org = settleVolumes(facts({ acts: [act], interval: { from: '2023-03-01', to: '2026-04-01' } }), policy)
  t.same(org.segments.map((x) => x.interval.from), ['2023-04-01'])
  t.match(org.errors, [{ code: 'uncovered_days', days: { from: '2023-03-01', to: '2023-04-01' } }], 'days before the cap fall to the other rules')
  t.match(org.segments[0]!.trace.notes, [/capped to 3 years/])
  const res = settleVolumes(facts({ point: point({ customerKind: 'residential' }), acts: [act], interval: { from: '2026-01-01', to: '2026-04-01' }, residents: [{ from: '2020-01-01', count: 1 }], norms: [{ resource: 'cold_water', from: '2020-01-01', perPersonPerMonth: '6' }] }), policy)
  t.same(summary(res), [['capacity', '2026-01-01', '2026-04-01']])
  t.equal(res.segments[0]!.volume, capacity(90))
  const self = settleVolumes(facts({ acts: [{ ...act, selfReported: true }], interval: { from: '2025-10-01', to: '2026-04-01' } }), policy)
  t.same(summary(self), [['capacity', '2025-10-01', '2026-04-01']])
})

t.test('unauthorized connection by a hose: rated flow instead of the pipe (003)', async (t) => {
  const s = settleVolumes(facts({ acts: [{ kind: 'unauthorized_connection', from: '2026-03-01', to: '2026-03-31', ratedFlowLPerMin: '10' }], interval: { from: '2026-03-01', to: '2026-03-31' } }), policy)
  t.equal(s.segments[0]!.volume, '432')
})

t.test('unauthorized connection beats a working meter (rule 1 before rule 3); switched off it does not', async (t) => {
  const m = meter({ events: [{ kind: 'commissioned', date: '2026-01-01', index: '0' }] })
  const f = facts({ meters: [m], readings: [{ meterId: 'm1', date: '2026-03-31', index: '90' }], acts: [{ kind: 'unauthorized_connection', from: '2026-03-10', to: '2026-03-20' }], interval: { from: '2026-03-01', to: '2026-04-01' } })
  t.same(summary(settleVolumes(f, policy)), [['metered', '2026-03-01', '2026-03-10'], ['capacity', '2026-03-10', '2026-03-20'], ['metered', '2026-03-20', '2026-04-01']])
  const off = volumePolicy({ pi: '3.14', methodRules: ['metered', 'meter_failure', 'no_meter', 'readings_overdue'] })
  t.same(summary(settleVolumes(f, off)), [['metered', '2026-03-01', '2026-04-01']])
})

t.test('no meter, organization: guaranteed volume, capacity from day 61 after the notice', async (t) => {
  const f = facts({ point: point({ guaranteedVolume: { perMonth: '31' } }), acts: [{ kind: 'notice_to_install', date: '2026-01-15' }], interval: { from: '2026-03-01', to: '2026-04-01' } })
  const s = settleVolumes(f, policy)
  // day 1 = 01-15, day 61 = 03-16
  t.same(s.segments.map((x) => [x.method, x.interval.from, x.volume]), [['guaranteed_volume', '2026-03-01', '15'], ['capacity', '2026-03-16', capacity(16)]])
  const deadline = settleVolumes({ ...f, acts: [{ kind: 'notice_to_install', date: '2026-01-15', deadline: '2026-03-20' }] }, policy)
  t.same(deadline.segments.map((x) => x.interval.from), ['2026-03-01', '2026-03-21'])
})

t.test('no meter, organization, nothing else: an error naming the point and days', async (t) => {
  const s = settleVolumes(facts({ point: point({ id: 'shop-7' }), interval: { from: '2026-03-01', to: '2026-04-01' } }), policy)
  t.same(s.segments, [])
  t.match(s.errors, [{ code: 'uncovered_days', servicePointId: 'shop-7', days: { from: '2026-03-01', to: '2026-04-01' }, reason: /no approved meter/ }])
})

t.test('an installed, not commissioned meter is "no approved meter"', async (t) => {
  const m = meter({ events: [{ kind: 'installed', date: '2026-01-01' }] })
  const s = settleVolumes(facts({ point: point({ guaranteedVolume: { perDay: '1' } }), meters: [m], interval: { from: '2026-03-01', to: '2026-03-11' } }), policy)
  t.same(s.segments.map((x) => [x.method, x.volume]), [['guaranteed_volume', '10']])
})

t.test('organization: readings overdue more than 6 months → capacity; a notified stop prevents it (afterLastReading: uncovered)', async (t) => {
  // the estimate before the threshold (the default) is in after-last-reading.test.ts
  const policy = volumePolicy({ pi: '3.14', afterLastReading: 'uncovered' })
  const m = meter({ events: [{ kind: 'commissioned', date: '2025-01-01', index: '0' }] })
  const f = facts({ meters: [m], readings: [{ meterId: 'm1', date: '2025-08-31', index: '100' }], interval: { from: '2026-02-25', to: '2026-03-05' } })
  const s = settleVolumes(f, policy)
  t.same(summary(s), [['capacity', '2026-03-01', '2026-03-05']])
  t.match(s.errors, [{ code: 'uncovered_days', days: { from: '2026-02-25', to: '2026-03-01' }, reason: /not yet overdue/ }])
  const stop = settleVolumes({ ...f, acts: [{ kind: 'temporary_absence', from: '2026-01-01', to: '2026-06-01' }] }, policy)
  t.same(stop.segments, [])
  t.match(stop.errors, [{ reason: /not yet overdue/ }, { reason: /temporary stop/ }])
})

t.test('residential readings missing: Decree 354 average for 3 periods, then the normative without K', async (t) => {
  const m = meter({ events: [{ kind: 'commissioned', date: '2025-01-01', index: '0' }] })
  const readings = monthlyReadings('m1', '2025-01-01', '0', '2026-01-01', () => '0.2')
  const f = facts({
    point: point({ id: 'flat', customerKind: 'residential' }), meters: [m], readings,
    residents: [{ from: '2020-01-01', count: 2 }], norms: [{ resource: 'cold_water', from: '2020-01-01', perPersonPerMonth: '5' }],
    coefficients: [...RUSSIAN_INCREASING_COEFFICIENTS], interval: { from: '2026-01-01', to: '2026-05-01' },
  })
  const s = settleVolumes(f, policy)
  t.same(s.errors, [])
  t.same(s.segments.map((x) => [x.method, x.interval.from, x.interval.to, x.volume]), [
    ['averaged', '2026-01-01', '2026-04-01', new Big('0.2').times(90).toFixed()],
    ['normative', '2026-04-01', '2026-05-01', '10'],
  ])
  t.equal(s.segments[1]!.normative!.coefficient, '1', 'no K for readings not submitted')
  t.match(s.segments[0]!.rule, /Decree 354/)
})

t.test('residential failure under the decree354 policy: average 3 periods, then normative with K', async (t) => {
  const m = meter({ events: [{ kind: 'commissioned', date: '2025-01-01', index: '0' }, { kind: 'failed', date: '2026-01-01', index: '73' }] })
  const readings = monthlyReadings('m1', '2025-01-01', '0', '2026-01-01', () => '0.2')
  const f = facts({
    point: point({ id: 'flat', customerKind: 'residential' }), meters: [m], readings,
    residents: [{ from: '2020-01-01', count: 2 }], norms: [{ resource: 'cold_water', from: '2020-01-01', perPersonPerMonth: '5' }],
    coefficients: [...RUSSIAN_INCREASING_COEFFICIENTS], interval: { from: '2026-03-01', to: '2026-05-01' },
  })
  const s = settleVolumes(f, volumePolicy({ residentialMeterFailure: 'decree354' }))
  t.same(s.segments.map((x) => [x.method, x.interval.from, x.normative?.coefficient]), [['averaged', '2026-03-01', undefined], ['normative', '2026-04-01', '3']])
  const short = settleVolumes({ ...f, readings: [], meters: [meter({ events: [{ kind: 'commissioned', date: '2025-11-01', index: '0' }, { kind: 'failed', date: '2026-01-01', index: '12' }] })] }, volumePolicy({ residentialMeterFailure: 'decree354' }))
  t.same(short.segments.map((x) => x.method), ['normative', 'normative'], 'less than 3 months of history: normative at once')
})

t.test('invalid interval is a typed error', async (t) => {
  const s = settleVolumes(facts({ interval: { from: '2026-03-01', to: '2026-03-01' } }), DEFAULT_VOLUME_POLICY)
  t.match(s.errors, [{ code: 'invalid_facts' }])
})
