// A meter's life as working stretches, each with its cumulative index series.
// Events carry indices at the START of their day (commissioning, failure,
// dismantling, replacement); a customer's reading marks the end of its day by
// default (policy.readingDateMeans). Rollovers are unwrapped so that the
// series only grows; an implausible one is rejected, never guessed.
// Indices are exact scaled BigInts (shared/fixed.ts): a timeline is rebuilt
// for every settlement, so parsing and summing are on the hot path.
import { add, cmp, div, fx, fxInt, mulInt, pow10, sub, toText, Fx } from '../shared/fixed.ts'
import type { DayNumber } from '../shared/dates.ts'
import type { Warning } from '../shared/trace.ts'
import { fromDayNumber, toDayNumber } from './day-math.ts'
import type { Act, Meter, MeterEvent, Reading } from './facts.ts'
import type { VolumePolicy } from './policy.ts'

export type StopKind = 'failed' | 'dismantled' | 'verification_due' | 'replaced'

export interface WorkingStretch {
  /** first working day */
  from: DayNumber
  /** first day not working (Infinity while it still works) */
  to: DayNumber
  stopKind?: StopKind
  /** boundary days of index points, ascending */
  days: DayNumber[]
  /** cumulative consumption at each point, m³ (rollovers unwrapped) */
  values: Fx[]
}

export interface MeterTimeline {
  meter: Meter
  /** first day the meter was on the point without being approved */
  installedFrom?: DayNumber
  stretches: WorkingStretch[]
}

export type MeterState =
  | { state: 'absent' }
  | { state: 'installed' }
  | { state: 'working'; stretch: WorkingStretch }
  /** not working since `since` (the event day F) after working `workedDays` */
  | { state: 'stopped'; since: DayNumber; kind: StopKind; workedDays: number; stretch: WorkingStretch }

const EVENT_ORDER: Record<MeterEvent['kind'], number> = {
  installed: 0, verified: 1, commissioned: 1, failed: 2, dismantled: 2, verification_due: 2, replaced: 2,
}

interface RawPoint { day: DayNumber; index?: Fx; consumption?: Fx; source: string }

export function buildMeterTimeline(meter: Meter, readings: Reading[], acts: Act[], policy: VolumePolicy, warnings: Warning[]): MeterTimeline {
  // ISO dates of one length order as strings; slice + sort keeps the caller's array intact
  const events = meter.events.length < 2 ? meter.events : meter.events.slice().sort(byDateThenKind)
  const timeline: MeterTimeline = { meter, stretches: [] }
  const starts: RawPoint[][] = []
  let open: { from: DayNumber; points: RawPoint[] } | undefined
  const close = (day: DayNumber, kind: StopKind | undefined, index?: string): void => {
    if (!open) return
    if (index !== undefined) open.points.push({ day, index: fx(index), source: kind ?? 'event' })
    timeline.stretches.push(kind ? { from: open.from, to: day, stopKind: kind, days: [], values: [] } : { from: open.from, to: day, days: [], values: [] })
    starts.push(open.points)
    open = undefined
  }
  for (const e of events) {
    const day = toDayNumber(e.date)
    switch (e.kind) {
      case 'installed':
        timeline.installedFrom ??= day
        break
      case 'commissioned':
      case 'verified':
        if (open) break // a periodic verification of a working meter changes nothing
        open = { from: day, points: e.index !== undefined ? [{ day, index: fx(e.index), source: e.kind }] : [] }
        timeline.installedFrom ??= day
        break
      default:
        close(day, e.kind, 'index' in e ? e.index : undefined)
    }
  }
  if (open) close(Infinity, undefined)

  // Readings and reconciliation acts (004 §12) join the stretch they fall in.
  const shift = policy.readingDateMeans === 'end_of_day' ? 1 : 0
  const extra: RawPoint[] = []
  for (let k = 0; k < readings.length; k++) {
    const r = readings[k]!
    if (r.meterId !== meter.id) continue
    const day = toDayNumber(r.date) + shift
    extra.push('index' in r ? { day, index: fx(r.index), source: 'reading' } : { day, consumption: fx(r.consumption), source: 'reading' })
  }
  for (const a of acts) {
    if (a.kind === 'readings_reconciliation' && a.meterId === meter.id) {
      extra.push({ day: toDayNumber(a.date) + shift, index: fx(a.index), source: 'reconciliation act' })
    }
  }
  const stretches = timeline.stretches
  for (const p of extra) {
    let i = 0
    while (i < stretches.length && !(p.day >= stretches[i]!.from && p.day <= stretches[i]!.to)) i++
    if (i === stretches.length) {
      warnings.push({ code: 'reading_outside_working_period', message: `meter ${meter.id}: reading at ${fromDayNumber(p.day)} outside any working period, ignored` })
      continue
    }
    starts[i]!.push(p)
  }
  for (let i = 0; i < stretches.length; i++) fillSeries(stretches[i]!, starts[i]!, meter, policy, warnings)
  return timeline
}

function byDateThenKind(a: MeterEvent, b: MeterEvent): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : EVENT_ORDER[a.kind] - EVENT_ORDER[b.kind]
}

/** Already ascending (the usual case: readings come ordered by date) — skip the sort. */
function ascending(points: RawPoint[]): boolean {
  for (let i = 1; i < points.length; i++) if (points[i - 1]!.day > points[i]!.day) return false
  return true
}

const ZERO = fxInt(0)

function fillSeries(s: WorkingStretch, points: RawPoint[], meter: Meter, policy: VolumePolicy, warnings: Warning[]): void {
  if (!ascending(points)) points.sort((a, b) => a.day - b.day) // stable: equal days keep their order
  let wrap: Fx | undefined
  let cum = ZERO
  let prevRaw: Fx | undefined
  let prevDay: DayNumber | undefined
  for (const p of points) {
    if (prevDay === p.day) {
      const same = p.index !== undefined && prevRaw !== undefined && cmp(p.index, prevRaw) === 0
      if (!same) warnings.push({ code: 'conflicting_readings', message: `meter ${meter.id}: two readings at ${fromDayNumber(p.day)}; the first is kept` })
      continue
    }
    if (p.consumption !== undefined) {
      cum = add(cum, p.consumption)
      prevRaw = undefined
    } else if (p.index !== undefined) {
      if (prevRaw !== undefined && p.index.e === prevRaw.e && p.index.e === cum.e && p.index.u >= prevRaw.u) {
        // the usual step: same scale, no rollover; one BigInt sum, no Fx in between
        cum = new Fx(cum.u + (p.index.u - prevRaw.u), cum.e)
      } else if (prevRaw !== undefined) {
        let delta = sub(p.index, prevRaw)
        if (delta.u < 0n) {
          wrap ??= new Fx(pow10(meter.digits), 0)
          const rolled = add(delta, wrap)
          if (!rolloverPlausible(rolled, p.day - prevDay!, meter, policy)) {
            warnings.push({ code: 'reading_rejected', message: `meter ${meter.id}: index ${toText(p.index)} at ${fromDayNumber(p.day)} is below ${toText(prevRaw)} and a rollover is not plausible; rejected` })
            continue
          }
          warnings.push({ code: 'rollover', message: `meter ${meter.id}: rollover at ${fromDayNumber(p.day)}: ${toText(p.index)} + 10^${meter.digits} − ${toText(prevRaw)} = ${toText(rolled)}` })
          delta = rolled
        }
        cum = add(cum, delta)
      }
      prevRaw = p.index
    }
    s.days.push(p.day)
    s.values.push(cum)
    prevDay = p.day
  }
}

/** A rollover is plausible if the meter could pass that much at its max flow in the elapsed time (conventions.md). */
function rolloverPlausible(volume: Fx, days: number, meter: Meter, policy: VolumePolicy): boolean {
  if (meter.maxFlowM3PerH === undefined) return policy.rolloverWithoutMaxFlow === 'accept'
  return cmp(volume, mulInt(fx(meter.maxFlowM3PerH), 24 * days)) <= 0
}

/** The meter's state on a day. */
export function meterStateOn(t: MeterTimeline, day: DayNumber): MeterState {
  let last: WorkingStretch | undefined
  for (const s of t.stretches) {
    if (day < s.from) break
    if (day < s.to) return { state: 'working', stretch: s }
    last = s
  }
  if (last) return { state: 'stopped', since: last.to, kind: last.stopKind!, workedDays: last.to - last.from, stretch: last }
  if (t.installedFrom !== undefined && day >= t.installedFrom) return { state: 'installed' }
  return { state: 'absent' }
}

/**
 * Cumulative value at a boundary day, interpolated linearly between points
 * (volume spread evenly by days); the share is rounded to 20 places half-up,
 * as big.js divided it before (Big.DP = 20).
 */
export function cumulativeAt(s: WorkingStretch, day: DayNumber): Fx {
  const { days, values } = s
  let lo = 0
  let hi = days.length - 1
  if (day <= days[0]!) return values[0]!
  if (day >= days[hi]!) return values[hi]!
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (days[mid]! <= day) lo = mid
    else hi = mid
  }
  const d0 = days[lo]!
  if (d0 === day) return values[lo]!
  const v0 = values[lo]!
  return add(v0, div(mulInt(sub(values[hi]!, v0), day - d0), fxInt(days[hi]! - d0), 20, 'half_up'))
}

/** Does the series span day `day` (a point at or before it, and one at or after its end)? */
export function seriesCovers(s: WorkingStretch, day: DayNumber): boolean {
  const n = s.days.length
  return n >= 2 && s.days[0]! <= day && s.days[n - 1]! >= day + 1
}

/** Was the point at `day` exactly a reading (no interpolation needed)? */
export function isPointDay(s: WorkingStretch, day: DayNumber): boolean {
  return s.days.includes(day)
}

/** The stretch working on `day`, if any: meterStateOn without allocating (the day-by-day choice asks this often). */
export function workingOn(t: MeterTimeline, day: DayNumber): WorkingStretch | undefined {
  const ss = t.stretches
  for (let i = 0; i < ss.length; i++) {
    const s = ss[i]!
    if (day < s.from) return undefined
    if (day < s.to) return s
  }
  return undefined
}

/** The last stretch that ended on or before `day` when none works on it (the meter is 'stopped'). */
export function stoppedOn(t: MeterTimeline, day: DayNumber): WorkingStretch | undefined {
  let last: WorkingStretch | undefined
  const ss = t.stretches
  for (let i = 0; i < ss.length; i++) {
    const s = ss[i]!
    if (day < s.from) break
    if (day < s.to) return undefined
    last = s
  }
  return last
}
