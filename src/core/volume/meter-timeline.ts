// A meter's life as working stretches, each with its cumulative index series.
// Events carry indices at the START of their day (commissioning, failure,
// dismantling, replacement); a customer's reading marks the end of its day by
// default (policy.readingDateMeans). Rollovers are unwrapped so that the
// series only grows; an implausible one is rejected, never guessed.
// Indices are exact scaled integers (shared/decimal.ts; series-points.ts
// collects them): a timeline is rebuilt for every settlement, so parsing and
// summing are on the hot path.
import { add, cmp, div, fx, fxInt, mulInt, pow10, scanSmallDecimal, scanned, sign, sub, toText, Fx } from '../shared/decimal.ts'
import { SeriesPoints } from './series-points.ts'
import type { DayNumber } from '../shared/dates.ts'
import type { Warning } from '../shared/trace.ts'
import { fromDayNumber, toDayNumber } from './day-math.ts'
import type { DayRange } from './day-math.ts'
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

/** 10^k as a number, exact for k ≤ 15 */
const POW_NUM = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

/**
 * A working stretch whose series the plain case (indices only, ascending, no
 * repeated day, no rollover, everything within safe integers) keeps as exact
 * scaled integers; its Fx values are made only when asked for (cumulativeAt
 * asks for the two it needs).
 */
class Stretch implements WorkingStretch {
  from: DayNumber
  to: DayNumber
  declare stopKind?: StopKind
  days: DayNumber[] = []
  /** Fx values, once `values` was read or when built by fillSeries */
  #values: Fx[] | undefined
  #u: number[] | undefined
  #e: number[] | undefined
  constructor(from: DayNumber, to: DayNumber, stopKind: StopKind | undefined) {
    this.from = from
    this.to = to
    if (stopKind) this.stopKind = stopKind
  }

  get values(): Fx[] {
    const vs = (this.#values ??= [])
    const u = this.#u
    if (u !== undefined) {
      for (let i = 0; i < u.length; i++) vs[i] = new Fx(u[i]!, this.#e![i]!)
      this.#u = undefined
      this.#e = undefined
    }
    return vs
  }

  set values(v: Fx[]) {
    this.#values = v
    this.#u = undefined
    this.#e = undefined
  }

  /** the series as scaled integers (fillSeries' plain case) */
  setScaled(u: number[], e: number[]): void {
    this.#values = undefined
    this.#u = u
    this.#e = e
  }

  valueAt(i: number): Fx {
    const u = this.#u
    if (u === undefined) return this.values[i]!
    // an Fx of a safe integer is two fields: cheaper to make again than to keep in a sparse array
    return new Fx(u[i]!, this.#e![i]!)
  }
}

/** values[i] of a stretch, made on demand for a Stretch */
function valueAt(s: WorkingStretch, i: number): Fx {
  return s instanceof Stretch ? s.valueAt(i) : s.values[i]!
}

export function buildMeterTimeline(meter: Meter, readings: Reading[], acts: Act[], policy: VolumePolicy, warnings: Warning[]): MeterTimeline {
  // ISO dates of one length order as strings; slice + sort keeps the caller's array intact
  const events = meter.events.length < 2 ? meter.events : meter.events.slice().sort(byDateThenKind)
  const stretches: Stretch[] = []
  const timeline: MeterTimeline = { meter, stretches }
  const starts: SeriesPoints[] = []
  let openFrom: DayNumber = 0
  let openPoints: SeriesPoints | undefined
  for (let k = 0; k < events.length; k++) {
    const e = events[k]!
    const day = toDayNumber(e.date)
    switch (e.kind) {
      case 'installed':
        timeline.installedFrom ??= day
        break
      case 'commissioned':
      case 'verified':
        if (openPoints) break // a periodic verification of a working meter changes nothing
        openFrom = day
        openPoints = new SeriesPoints()
        if (e.index !== undefined) openPoints.add(day, e.index, false)
        timeline.installedFrom ??= day
        break
      default: {
        if (!openPoints) break
        // as `'index' in e && e.index !== undefined`, without `in` (slow in V8's optimized code)
        const index = (e as { index?: string }).index
        if (index !== undefined) openPoints.add(day, index, false)
        stretches.push(new Stretch(openFrom, day, e.kind))
        starts.push(openPoints)
        openPoints = undefined
      }
    }
  }
  if (openPoints) {
    stretches.push(new Stretch(openFrom, Infinity, undefined))
    starts.push(openPoints)
  }

  // Readings and reconciliation acts (004 §12) join the stretch they fall in.
  const shift = policy.readingDateMeans === 'end_of_day' ? 1 : 0
  const n = stretches.length
  let at = 0 // the stretch the last point fell in: readings come ordered, so usually the same one
  for (let k = 0; k < readings.length; k++) {
    const r = readings[k]!
    if (r.meterId !== meter.id) continue
    const day = toDayNumber(r.date) + shift
    // the first stretch holding the day wins (a stop day also opens the next one)
    const i = at < n && day >= stretches[at]!.from && day <= stretches[at]!.to && (at === 0 || day > stretches[at - 1]!.to) ? at : stretchOf(stretches, day)
    if (i < 0) { outside(meter, day, warnings); continue }
    at = i
    // an index reading, as `'index' in r` decides (asked only when the field reads undefined: `in` is slow)
    const index = (r as { index?: string }).index
    if (index !== undefined || 'index' in r) starts[i]!.add(day, index as string, false)
    else starts[i]!.add(day, r.consumption, true)
  }
  for (let k = 0; k < acts.length; k++) {
    const a = acts[k]!
    if (a.kind === 'readings_reconciliation' && a.meterId === meter.id) {
      const day = toDayNumber(a.date) + shift
      const i = stretchOf(stretches, day)
      if (i < 0) { outside(meter, day, warnings); continue }
      starts[i]!.add(day, a.index, false)
    }
  }
  for (let i = 0; i < n; i++) fillSeries(stretches[i]!, starts[i]!, meter, policy, warnings)
  return timeline
}

/** The cumulative values a metered volume needs at the two ends of a range. */
export interface MeteredSpan {
  opening: Fx
  closing: Fx
  /** the range starts / ends on a point of the series (no interpolation) */
  openingOnPoint: boolean
  closingOnPoint: boolean
}

/**
 * cumulativeAt at both ends of `range` for a meter commissioned once and
 * working over the whole range — never stopped, or stopped (verification due,
 * failed, dismantled, replaced) only on or after its end, without an index at
 * the stop — read in one pass over its readings without building the series,
 * when the series is plain (index readings only, in date order, no repeated
 * day, no decrease, none before the commissioning or after the stop, every
 * value a short decimal) and spans the whole range. The values are those of
 * buildMeterTimeline's stretch: the cumulative value of a point is its index
 * less the first one, and between points it is interpolated as cumulativeAt
 * does. Undefined whenever buildMeterTimeline must decide (it may also warn).
 */
export function plainMeteredSpan(meter: Meter, readings: Reading[], policy: VolumePolicy, range: DayRange): MeteredSpan | undefined {
  const events = meter.events
  if (events.length === 0 || events.length > 2) return undefined
  const ev = events[0]!
  if (ev.kind !== 'commissioned' && ev.kind !== 'verified') return undefined
  const { from, to } = range
  // a stop after the range (a meter's verification due date, most often) ends the stretch there
  let stopDay = Infinity
  if (events.length === 2) {
    const stop = events[1]!
    if (stop.kind === 'installed' || stop.kind === 'commissioned' || stop.kind === 'verified' || (stop as { index?: string }).index !== undefined) return undefined
    stopDay = toDayNumber(stop.date)
    if (stopDay < to || stopDay <= toDayNumber(ev.date)) return undefined
  }
  const shift = policy.readingDateMeans === 'end_of_day' ? 1 : 0
  const id = meter.id
  // the first point, the previous one, and the points around `from` and `to`
  let n = 0
  let fu = 0, fe = 0
  let pd = toDayNumber(ev.date), pu = 0, pe = 0
  let aLo = -1, aLoU = 0, aLoE = 0, aHi = -1, aHiU = 0, aHiE = 0
  let bLo = -1, bLoU = 0, bLoE = 0, bHi = -1, bHiU = 0, bHiE = 0
  const stretchFrom = pd
  let next = 0
  let day = pd
  let text = ev.index
  if (text === undefined) {
    // no index at the commissioning: the series starts at the first reading
    for (; next < readings.length; next++) if (readings[next]!.meterId === id) break
    if (next === readings.length) return undefined
    const r = readings[next++]!
    text = (r as { index?: string }).index
    if (text === undefined) return undefined
    day = toDayNumber(r.date) + shift
    if (day < stretchFrom || day > stopDay) return undefined
  }
  for (;;) {
    const u = scanSmallDecimal(text)
    if (u !== u) return undefined
    const e = scanned.places
    if (n === 0) {
      fu = u
      fe = e
    } else if (e === pe) {
      if (u < pu) return undefined // the index fell: a rollover
    } else {
      // compared on the larger scale, in safe integers
      const de = e > pe ? e : pe
      if (de > 15) return undefined
      const a = u * POW_NUM[de - e]!
      const b = pu * POW_NUM[de - pe]!
      if (!(Number.isSafeInteger(a) && Number.isSafeInteger(b)) || a < b) return undefined
    }
    if (day <= from) { aLo = day; aLoU = u; aLoE = e }
    if (aHi < 0 && day >= from) { aHi = day; aHiU = u; aHiE = e }
    if (day <= to) { bLo = day; bLoU = u; bLoE = e }
    if (bHi < 0 && day >= to) { bHi = day; bHiU = u; bHiE = e }
    pd = day
    pu = u
    pe = e
    n++
    // the next reading of this meter: an index, on a later day
    let r: Reading | undefined
    while (next < readings.length) {
      const c = readings[next++]!
      if (c.meterId === id) { r = c; break }
    }
    if (r === undefined) break
    text = (r as { index?: string }).index
    if (text === undefined) return undefined
    day = toDayNumber(r.date) + shift
    if (day <= pd || day > stopDay) return undefined
  }
  // the series must span the range: a point at or before `from`, one at or after `to`
  if (n < 2 || aLo < 0 || bHi < 0) return undefined
  const first = new Fx(fu, fe)
  return {
    opening: spanValue(first, aLo, aLoU, aLoE, aHi, aHiU, aHiE, from),
    closing: spanValue(first, bLo, bLoU, bLoE, bHi, bHiU, bHiE, to),
    openingOnPoint: aLo === from,
    closingOnPoint: bHi === to,
  }
}

/** cumulativeAt(day) from the points around it (index values) and the first index. */
function spanValue(first: Fx, loDay: DayNumber, loU: number, loE: number, hiDay: DayNumber, hiU: number, hiE: number, day: DayNumber): Fx {
  const lo = sub(new Fx(loU, loE), first)
  if (loDay === day) return lo
  const hi = sub(new Fx(hiU, hiE), first)
  return add(lo, div(mulInt(sub(hi, lo), day - loDay), fxInt(hiDay - loDay), 20, 'half_up'))
}

/** The first stretch whose [from, to] holds `day` (a point on a stop day closes the stretch), or −1. */
function stretchOf(stretches: Stretch[], day: DayNumber): number {
  for (let i = 0; i < stretches.length; i++) if (day >= stretches[i]!.from && day <= stretches[i]!.to) return i
  return -1
}

function outside(meter: Meter, day: DayNumber, warnings: Warning[]): void {
  warnings.push({ code: 'reading_outside_working_period', message: `meter ${meter.id}: reading at ${fromDayNumber(day)} outside any working period, ignored` })
}

function byDateThenKind(a: MeterEvent, b: MeterEvent): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : EVENT_ORDER[a.kind] - EVENT_ORDER[b.kind]
}

const ZERO = fxInt(0)

function fillSeries(s: Stretch, collected: SeriesPoints, meter: Meter, policy: VolumePolicy, warnings: Warning[]): void {
  // the plain case gives what the loop below gives, without an Fx per point
  if (collected.x === null) {
    if (!collected.ascending()) collected.sortByDay()
    if (plainSeries(s, collected)) return
  }
  const points = collected.toRaw()
  const values: Fx[] = []
  s.values = values
  let wrap: Fx | undefined
  let cum = ZERO
  let prevRaw: Fx | undefined
  let prevDay: DayNumber | undefined
  for (let k = 0; k < points.length; k++) {
    const p = points[k]!
    if (prevDay === p.day) {
      const same = !p.consumption && prevRaw !== undefined && cmp(p.value(), prevRaw) === 0
      if (!same) warnings.push({ code: 'conflicting_readings', message: `meter ${meter.id}: two readings at ${fromDayNumber(p.day)}; the first is kept` })
      continue
    }
    if (p.consumption) {
      cum = add(cum, p.value())
      prevRaw = undefined
    } else {
      const index = p.value()
      if (prevRaw !== undefined) {
        let delta = sub(index, prevRaw)
        if (sign(delta) < 0) {
          wrap ??= new Fx(pow10(meter.digits), 0)
          const rolled = add(delta, wrap)
          if (!rolloverPlausible(rolled, p.day - prevDay!, meter, policy)) {
            warnings.push({ code: 'reading_rejected', message: `meter ${meter.id}: index ${toText(index)} at ${fromDayNumber(p.day)} is below ${toText(prevRaw)} and a rollover is not plausible; rejected` })
            continue
          }
          warnings.push({ code: 'rollover', message: `meter ${meter.id}: rollover at ${fromDayNumber(p.day)}: ${toText(index)} + 10^${meter.digits} − ${toText(prevRaw)} = ${toText(rolled)}` })
          delta = rolled
        }
        cum = add(cum, delta)
      }
      prevRaw = index
    }
    s.days.push(p.day)
    values.push(cum)
    prevDay = p.day
  }
}

/**
 * The plain case as exact scaled integers: indices only, no repeated day, no
 * rollover, every step within safe integers. The scales follow add/sub (the
 * larger of the two), so the values are those the Fx loop would give. Returns
 * false, having changed nothing, when the Fx loop must decide.
 */
function plainSeries(s: Stretch, points: SeriesPoints): boolean {
  const n = points.length
  const day = points.day
  const pn = points.n
  const pe = points.e
  const us: number[] = new Array(n)
  const es: number[] = new Array(n)
  let cu = 0
  let ce = 0
  let lu = 0
  let le = 0
  for (let k = 0; k < n; k++) {
    const iu = pn[k]!
    const ie = pe[k]!
    if (k > 0) {
      if (day[k] === day[k - 1]) return false
      const de = ie > le ? ie : le
      const ne = ce > de ? ce : de
      if (ne > 15) return false
      const a = iu * POW_NUM[de - ie]!
      const b = lu * POW_NUM[de - le]!
      const delta = a - b
      const c = cu * POW_NUM[ne - ce]!
      const d = delta * POW_NUM[ne - de]!
      const next = c + d
      if (!(Number.isSafeInteger(a) && Number.isSafeInteger(b) && Number.isSafeInteger(delta) && delta >= 0 &&
        Number.isSafeInteger(c) && Number.isSafeInteger(d) && Number.isSafeInteger(next))) return false
      cu = next
      ce = ne
    }
    us[k] = cu
    es[k] = ce
    lu = iu
    le = ie
  }
  // the collected days are ascending and distinct: the series keeps them
  s.days = day
  s.setScaled(us, es)
  return true
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
 * as the core has always divided (DIV_PLACES = 20).
 */
export function cumulativeAt(s: WorkingStretch, day: DayNumber): Fx {
  const days = s.days
  let lo = 0
  let hi = days.length - 1
  if (day <= days[0]!) return valueAt(s, 0)
  if (day >= days[hi]!) return valueAt(s, hi)
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (days[mid]! <= day) lo = mid
    else hi = mid
  }
  const d0 = days[lo]!
  if (d0 === day) return valueAt(s, lo)
  const v0 = valueAt(s, lo)
  return add(v0, div(mulInt(sub(valueAt(s, hi), v0), day - d0), fxInt(days[hi]! - d0), 20, 'half_up'))
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
