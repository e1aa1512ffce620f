// The method choice at change points (choose-methods.ts chooseMethods) gives
// exactly the segments of the literal day-by-day choice
// (chooseMethodsDayByDay): method, interval, volume, rule, meter, trace and
// errors, over random facts — failures and repairs, control meters, readings
// with gaps, readings that stop (days after the last reading: estimated or
// uncovered), unauthorized connections, notices, temporary stops, guaranteed
// volumes, residents changes, and policies with other thresholds.
import t from 'tap'
import fc from 'fast-check'
import { addDays } from '../../../src/core/shared/dates.ts'
import { chooseMethods, chooseMethodsDayByDay } from '../../../src/core/volume/choose-methods.ts'
import { settleVolumesWith } from '../../../src/core/volume/settle-volumes.ts'
import { DEFAULT_METHOD_RULES, volumePolicy } from '../../../src/core/volume/index.ts'
import type { Act, Meter, MethodRuleId, MeterEvent, Reading, VolumeFacts, VolumePolicy } from '../../../src/core/volume/index.ts'

const BASE = '2024-01-01'
const day = (n: number): string => addDays(BASE, n)

const arbMeter = (id: string, control: boolean) => fc.record({
  commissioned: fc.integer({ min: 0, max: 400 }),
  stop: fc.option(fc.record({
    after: fc.integer({ min: 1, max: 500 }),
    kind: fc.constantFrom('failed', 'dismantled', 'verification_due', 'replaced'),
    repairedAfter: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
  }), { nil: undefined }),
  // readings: day offsets and consumptions (gaps come from sparse offsets)
  readings: fc.array(fc.record({ at: fc.integer({ min: 0, max: 1100 }), use: fc.integer({ min: 0, max: 90_000 }) }), { maxLength: 24 }),
  monthly: fc.boolean(),
  // the last reading: none after this day (the estimate after the last reading)
  lastReading: fc.option(fc.integer({ min: 0, max: 1100 }), { nil: undefined }),
}).map(({ commissioned, stop, readings, monthly, lastReading }) => {
  const events: MeterEvent[] = [{ kind: 'commissioned', date: day(commissioned), index: '0' }]
  let end = 1100
  if (stop) {
    const F = commissioned + stop.after
    events.push(stop.kind === 'verification_due' ? { kind: 'verification_due', date: day(F) } : { kind: stop.kind as 'failed', date: day(F) })
    end = F
    if (stop.repairedAfter !== undefined) {
      events.push({ kind: 'commissioned', date: day(F + stop.repairedAfter), index: '0' })
      end = 1100
    }
  }
  const offsets = monthly
    ? Array.from({ length: 36 }, (_, i) => Math.round((i + 1) * 30.4)).filter((d) => d > commissioned && (readings.length === 0 || d % (readings.length + 3) !== 0))
    : readings.map((r) => r.at)
  const sorted = [...new Set(offsets)].filter((d) => lastReading === undefined || d <= lastReading).sort((a, b) => a - b)
  let index = 0
  const rs: Reading[] = sorted.map((d, i) => {
    index += readings.length ? readings[i % readings.length]!.use : 1000 + ((d * 37) % 5000)
    return { meterId: id, date: day(d), index: (index / 1000).toFixed(3) }
  })
  const m: Meter = { id, serial: `S-${id}`, digits: 6, decimals: 3, control, maxFlowM3PerH: '5', events }
  void end
  return { meter: m, readings: rs }
})

const arbAct: fc.Arbitrary<Act> = fc.oneof(
  fc.record({ a: fc.integer({ min: 0, max: 1000 }), n: fc.integer({ min: 1, max: 400 }), self: fc.boolean() })
    .map(({ a, n, self }) => ({ kind: 'unauthorized_connection', from: day(a), to: day(a + n), diameterMm: '20', ...(self ? { selfReported: true } : {}) }) as Act),
  fc.record({ a: fc.integer({ min: 0, max: 1000 }), dl: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }) })
    .map(({ a, dl }) => ({ kind: 'notice_to_install', date: day(a), ...(dl !== undefined ? { deadline: day(a + dl) } : {}) }) as Act),
  fc.record({ a: fc.integer({ min: 0, max: 1000 }), n: fc.integer({ min: 1, max: 200 }) })
    .map(({ a, n }) => ({ kind: 'temporary_absence', from: day(a), to: day(a + n) }) as Act),
)

const arbFacts: fc.Arbitrary<VolumeFacts> = fc.record({
  residential: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  hot: fc.boolean(),
  main: fc.option(arbMeter('m1', false), { nil: undefined }),
  second: fc.option(arbMeter('m2', false), { nil: undefined }),
  control: fc.option(arbMeter('c1', true), { nil: undefined }),
  acts: fc.array(arbAct, { maxLength: 4 }),
  guaranteed: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
  residents: fc.array(fc.record({ at: fc.integer({ min: 0, max: 1000 }), count: fc.integer({ min: 0, max: 6 }) }), { maxLength: 3 }),
  from: fc.integer({ min: 0, max: 1000 }),
  days: fc.integer({ min: 1, max: 420 }),
}).map((r) => {
  const meters = [r.main, r.second, r.control].filter((m) => m !== undefined)
  return {
    point: { id: 'sp', resource: r.hot ? 'hot_water' : 'cold_water', customerKind: r.residential ? 'residential' : 'organization', diameterMm: '20', ...(r.guaranteed ? { guaranteedVolume: { perMonth: String(r.guaranteed) } } : {}) },
    meters: meters.map((m) => m.meter),
    readings: meters.flatMap((m) => m.readings),
    acts: r.acts,
    residents: [{ from: '2020-01-01', count: 3 }, ...r.residents.sort((a, b) => a.at - b.at).map((x) => ({ from: day(x.at), count: x.count }))],
    norms: [{ resource: r.hot ? 'hot_water' : 'cold_water', from: '2020-01-01', perPersonPerMonth: '6.36' }],
    interval: { from: day(r.from), to: day(r.from + r.days) },
  } as VolumeFacts
})

const arbPolicy: fc.Arbitrary<VolumePolicy> = fc.record({
  averagingMaxDays: fc.constantFrom(60, 30, 90),
  capacityAfterFailureFromDay: fc.constantFrom(61, 31, 100),
  minWorkingDaysForAveraging: fc.constantFrom(60, 10),
  readingsOverdueMonths: fc.constantFrom(6, 1, 3),
  readingDateMeans: fc.constantFrom('end_of_day' as const, 'start_of_day' as const),
  residentialMeterFailure: fc.constantFrom('decree776' as const, 'decree354' as const),
  afterLastReading: fc.constantFrom('estimate' as const, 'uncovered' as const),
  methodRules: fc.oneof(fc.constant([...DEFAULT_METHOD_RULES]), fc.shuffledSubarray([...DEFAULT_METHOD_RULES], { minLength: 1 })) as fc.Arbitrary<MethodRuleId[]>,
}).map((o) => volumePolicy({ pi: '3.14', ...o }))

const view = (s: ReturnType<typeof settleVolumesWith>): string => JSON.stringify({ segments: s.segments, errors: s.errors, warnings: s.warnings })

t.test('change points and day by day choose the same segments', async (t) => {
  let segments = 0
  let estimated = 0
  fc.assert(fc.property(arbFacts, arbPolicy, (f, policy) => {
    const fast = settleVolumesWith(f, policy, chooseMethods)
    const ref = settleVolumesWith(f, policy, chooseMethodsDayByDay)
    segments += ref.segments.length
    for (const s of ref.segments) if (s.estimated && f.point.customerKind !== 'residential') estimated++
    t.equal(view(fast), view(ref))
    return view(fast) === view(ref)
  }), { numRuns: 400 })
  t.ok(segments > 400, `segments compared: ${segments}`)
  t.ok(estimated > 10, `estimates after the last reading compared (organizations, change points): ${estimated}`)
})

t.test('a transit point and its network (sub-ranges of the parent segments) choose the same', async (t) => {
  fc.assert(fc.property(arbFacts, arbFacts, arbFacts, arbPolicy, (top, d1, d2, policy) => {
    const f: VolumeFacts = {
      ...top,
      point: { ...top.point, customerKind: 'organization', transit: { downstreamPointIds: ['d1', 'd2'] } },
      network: { d1: { ...d1, point: { ...d1.point, id: 'd1' } }, d2: { ...d2, point: { ...d2.point, id: 'd2' } } },
    }
    const fast = view(settleVolumesWith(f, policy, chooseMethods))
    const ref = view(settleVolumesWith(f, policy, chooseMethodsDayByDay))
    if (fast !== ref) t.equal(fast, ref)
    return fast === ref
  }), { numRuns: 150 })
  t.pass('held')
})

t.test('a month split by a failure: averaged, capacity, metered, as the day-by-day choice', async (t) => {
  const f: VolumeFacts = {
    point: { id: 'sp', resource: 'cold_water', customerKind: 'organization', diameterMm: '25' },
    meters: [{ id: 'm1', serial: 'S', digits: 5, decimals: 3, control: false, maxFlowM3PerH: '5', events: [
      { kind: 'commissioned', date: '2025-01-01', index: '0' }, { kind: 'failed', date: '2026-01-20', index: '480' }, { kind: 'commissioned', date: '2026-03-26', index: '0' },
    ] }],
    readings: [...Array.from({ length: 12 }, (_, i) => ({ meterId: 'm1', date: addDays(`2025-${String(i + 2).padStart(2, '0')}-01`.replace('2025-13', '2026-01'), -1), index: String((i + 1) * 40) })), { meterId: 'm1', date: '2026-03-31', index: '9.5' }],
    acts: [],
    interval: { from: '2026-03-01', to: '2026-04-01' },
  }
  const policy = volumePolicy({ pi: '3.14' })
  const fast = settleVolumesWith(f, policy, chooseMethods)
  t.same(fast.segments.map((s) => s.method), ['averaged', 'capacity', 'metered'])
  t.equal(view(fast), view(settleVolumesWith(f, policy, chooseMethodsDayByDay)))
})
