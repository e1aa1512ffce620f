// settleVolumes answers the common case (one meter commissioned once and
// working over the interval, a verification due or another stop only after
// it, plain readings spanning the interval: settle-volumes.ts plainMetered) without
// building the timeline or choosing day by day. Over random facts made to
// sit on both sides of every condition it checks — a reading before the
// commissioning, a repeated day, a falling index (rollover), a consumption
// reading, long decimals, the event's index missing, readings out of order,
// a stop before, inside or after the interval (with or without an index),
// intervals that start or end between readings or outside them, a second
// meter, a control meter, acts, residential and wastewater points, other
// policies — it gives exactly what the general path gives, to the character.
import t from 'tap'
import fc from 'fast-check'
import { addDays } from '../../../src/core/shared/dates.ts'
import { chooseMethods } from '../../../src/core/volume/choose-methods.ts'
import { plainMetered, settleVolumesWith } from '../../../src/core/volume/settle-volumes.ts'
import { DEFAULT_METHOD_RULES, settleVolumes, volumePolicy } from '../../../src/core/volume/index.ts'
import type { Act, Meter, MeterEvent, MethodRuleId, Reading, VolumeFacts, VolumePolicy } from '../../../src/core/volume/index.ts'

const BASE = '2024-01-01'
const day = (n: number): string => addDays(BASE, n)

/** An index as text: mostly 3 places, sometimes an integer, trailing zeros, or too long for the short scan. */
const indexText = (milli: number, style: number): string => {
  if (style === 0) return String(Math.round(milli / 1000))
  if (style === 1) return `${(milli / 1000).toFixed(3)}00`
  if (style === 2) return `${(milli / 1000).toFixed(3)}000000000000001`
  return (milli / 1000).toFixed(3)
}

const arbMeter = (id: string) => fc.record({
  commissioned: fc.integer({ min: 0, max: 60 }),
  kind: fc.constantFrom('commissioned', 'commissioned', 'commissioned', 'commissioned', 'verified', 'installed'),
  eventIndex: fc.constantFrom<string | undefined>('0', '0', '12.5', undefined),
  // a stop, most often the verification due date, somewhere (before, inside or after the interval)
  stop: fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.record({ at: fc.integer({ min: 0, max: 1100 }), kind: fc.constantFrom('verification_due', 'verification_due', 'failed', 'dismantled', 'replaced', 'verified'), index: fc.constantFrom(undefined, undefined, undefined, '1') }) },
  ),
  // monthly readings with some noise
  step: fc.integer({ min: 25, max: 35 }),
  count: fc.integer({ min: 2, max: 26 }),
  uses: fc.array(fc.integer({ min: 0, max: 90_000 }), { minLength: 1, maxLength: 8 }),
  style: fc.constantFrom(3, 3, 3, 3, 3, 3, 3, 3, 0, 1, 2),
  // one disturbance, most often none
  disturb: fc.oneof(
    { weight: 12, arbitrary: fc.constant('none') },
    { weight: 1, arbitrary: fc.constantFrom('before', 'repeat', 'fall', 'consumption', 'swap', 'other_meter') },
  ),
  at: fc.nat(),
}).map((m) => {
  const events: MeterEvent[] = [{ kind: m.kind, date: day(m.commissioned), ...(m.eventIndex !== undefined && m.kind !== 'installed' ? { index: m.eventIndex } : {}) } as MeterEvent]
  if (m.stop !== undefined) events.push({ kind: m.stop.kind, date: day(m.commissioned + m.stop.at), ...(m.stop.index !== undefined ? { index: m.stop.index } : {}) } as MeterEvent)
  let milli = m.eventIndex === '12.5' ? 12_500 : 0
  const readings: Reading[] = []
  for (let i = 1; i <= m.count; i++) {
    milli += m.uses[i % m.uses.length]!
    readings.push({ meterId: id, date: day(m.commissioned + i * m.step), index: indexText(milli, m.style) })
  }
  if (readings.length > 1) {
    const k = m.at % readings.length
    const r = readings[k]! as { meterId: string; date: string; index: string }
    switch (m.disturb) {
      case 'before': readings.unshift({ meterId: id, date: day(m.commissioned - 1 - (m.at % 3)), index: '0' }); break
      case 'repeat': readings.splice(k, 0, { ...r }); break
      case 'fall': r.index = '0.001'; break
      case 'consumption': readings[k] = { meterId: id, date: r.date, consumption: '3.5' }; break
      case 'swap': if (k > 0) [readings[k - 1], readings[k]] = [readings[k]!, readings[k - 1]!]; break
      case 'other_meter': readings.splice(k, 0, { meterId: 'elsewhere', date: r.date, index: '999' }); break
    }
  }
  const meter: Meter = { id, serial: `S-${id}`, digits: 6, decimals: 3, control: false, maxFlowM3PerH: '5', events }
  return { meter, readings }
})

const arbAct: fc.Arbitrary<Act> = fc.record({ a: fc.integer({ min: 0, max: 600 }), n: fc.integer({ min: 1, max: 100 }) })
  .map(({ a, n }) => ({ kind: 'temporary_absence', from: day(a), to: day(a + n) }) as Act)

const arbFacts: fc.Arbitrary<VolumeFacts> = fc.record({
  kind: fc.constantFrom('organization', 'organization', 'organization', 'organization', 'organization', 'residential'),
  resource: fc.constantFrom('cold_water', 'cold_water', 'cold_water', 'hot_water', 'hot_water', 'wastewater'),
  main: arbMeter('m1'),
  extra: fc.constantFrom('none', 'none', 'none', 'none', 'none', 'none', 'none', 'none', 'second', 'control'),
  other: arbMeter('m2'),
  acts: fc.oneof({ weight: 9, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(arbAct, { minLength: 1, maxLength: 2 }) }),
  from: fc.integer({ min: 0, max: 800 }),
  days: fc.integer({ min: 1, max: 120 }),
  onReading: fc.boolean(),
  within: fc.integer({ min: 0, max: 4 }),
}).map((r) => {
  const meters = [r.main.meter]
  const readings = [...r.main.readings]
  if (r.extra !== 'none') {
    meters.push({ ...r.other.meter, control: r.extra === 'control' })
    readings.push(...r.other.readings)
  }
  // mostly an interval inside the readings, starting on a reading's boundary half of those times
  const rd = r.main.readings
  const offset = (date: string): number => Math.round((Date.parse(date) - Date.parse(BASE)) / 864e5)
  let from = r.from
  let to = r.from + r.days
  if (r.within > 0 && rd.length > 2) {
    const first = offset(rd[0]!.date)
    const room = offset(rd[rd.length - 1]!.date) - first - r.days
    if (r.onReading) {
      // from one reading's boundary to a later one's (end of day: the day after)
      const k = r.from % (rd.length - 1)
      from = offset(rd[k]!.date) + 1
      to = offset(rd[k + 1 + (r.days % (rd.length - 1 - k))]!.date) + 1
    } else if (room > 0) {
      from = first + (r.from % room)
      to = from + r.days
    }
  }
  return {
    point: { id: 'sp', resource: r.resource, customerKind: r.kind, diameterMm: '20' },
    meters,
    readings,
    acts: r.acts,
    residents: [{ from: '2020-01-01', count: 3 }],
    norms: [{ resource: r.resource === 'wastewater' ? 'cold_water' : r.resource, from: '2020-01-01', perPersonPerMonth: '6.36' }],
    interval: { from: day(from), to: day(to) },
  } as VolumeFacts
})

const arbPolicy: fc.Arbitrary<VolumePolicy> = fc.record({
  readingDateMeans: fc.constantFrom('end_of_day' as const, 'end_of_day' as const, 'start_of_day' as const),
  afterLastReading: fc.constantFrom('estimate' as const, 'uncovered' as const),
  methodRules: fc.oneof(
    { weight: 8, arbitrary: fc.constant([...DEFAULT_METHOD_RULES]) },
    { weight: 1, arbitrary: fc.shuffledSubarray([...DEFAULT_METHOD_RULES], { minLength: 1 }) },
  ) as fc.Arbitrary<MethodRuleId[]>,
}).map((o) => volumePolicy({ pi: '3.14', ...o }))

const view = (s: ReturnType<typeof settleVolumesWith>): string => JSON.stringify(s)

t.test('the plain metered path gives what the general path gives', async (t) => {
  let plain = 0
  let interpolated = 0
  let stopLater = 0
  let runs = 0
  fc.assert(fc.property(arbFacts, arbPolicy, (f, policy) => {
    runs++
    const general = view(settleVolumesWith(f, policy, chooseMethods))
    const shortcut = plainMetered(f, policy)
    if (shortcut !== undefined) {
      plain++
      if (shortcut.segments[0]!.trace.notes) interpolated++
      if (f.meters[0]!.events.length === 2) stopLater++
      const got = view(shortcut)
      if (got !== general) t.equal(got, general, 'the shortcut')
      if (got !== general) return false
    }
    const entry = view(settleVolumes(f, policy))
    if (entry !== general) t.equal(entry, general, 'settleVolumes')
    return entry === general
  }), { numRuns: 3000 })
  // the generator must exercise the shortcut, and both kinds of boundary
  t.ok(plain > runs / 8, `settled by the shortcut: ${plain} of ${runs}`)
  t.ok(interpolated > 20 && interpolated < plain - 20, `interpolated at a boundary: ${interpolated} of ${plain}; the others start and end on readings`)
  t.ok(stopLater > 20, `a stop after the interval: ${stopLater} of ${plain}`)
})

t.test('the bench month and its disturbances', async (t) => {
  const readings: Reading[] = Array.from({ length: 14 }, (_, i) => ({ meterId: 'm1', date: new Date(Date.UTC(2025, i + 1, 0)).toISOString().slice(0, 10), index: String((i + 1) * 31) }))
  const facts: VolumeFacts = {
    point: { id: 'sp', resource: 'cold_water', customerKind: 'organization', diameterMm: '20' },
    meters: [{ id: 'm1', serial: 'S', digits: 5, decimals: 3, control: false, events: [{ kind: 'commissioned', date: '2025-01-01', index: '0' }] }],
    readings: [...readings, { meterId: 'm1', date: '2026-03-31', index: '465.123' }],
    acts: [],
    interval: { from: '2026-03-01', to: '2026-04-01' },
  }
  const policy = volumePolicy()
  const s = plainMetered(facts, policy)
  t.ok(s, 'a plain month takes the shortcut')
  t.equal(s!.segments[0]!.volume, '31.123')
  t.equal(view(s!), view(settleVolumesWith(facts, policy, chooseMethods)))
  // each of these needs the general path (a warning, another method, or an act)
  const cases: Array<[string, VolumeFacts]> = [
    ['a rollover', { ...facts, readings: [...readings, { meterId: 'm1', date: '2026-03-31', index: '1.5' }] }],
    ['a repeated day', { ...facts, readings: [...facts.readings, { meterId: 'm1', date: '2026-03-31', index: '465.123' }] }],
    ['no reading after the month', { ...facts, readings }],
    ['an act', { ...facts, acts: [{ kind: 'temporary_absence', from: '2026-03-05', to: '2026-03-09' }] }],
    ['no metered rule', facts],
  ]
  for (const [what, f] of cases) {
    const p = what === 'no metered rule' ? volumePolicy({ methodRules: DEFAULT_METHOD_RULES.filter((r) => r !== 'metered') }) : policy
    t.equal(plainMetered(f, p), undefined, `${what}: the general path`)
    t.equal(view(settleVolumes(f, p)), view(settleVolumesWith(f, p, chooseMethods)), `${what}: same result`)
  }
})
