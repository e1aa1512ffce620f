// Consumption over time (issue 12 §2): the volume of a set of service points
// per calendar bucket, from their readings, beside the same bucket a year
// earlier. Volumes are the core's own: each meter's cumulative series
// (meter-timeline.ts: stretches, rollovers, consumption readings) interpolated
// linearly by days between readings, so a bucket [a, b) holds V(b) − V(a) and
// buckets add up to the whole. Days after a meter's last reading (up to
// today) are estimated at its average daily use over the last year of
// readings and say so; days with no working meter or no readings are missing.
// Solar production is production: shown positive, with direction 'production'.
import { add, div, fx as fxParse, fxInt, mulInt, round, sign, sub, toText, FX_ZERO } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import { fromDayNumber, toDayNumber } from '../shared/dates.ts'
import type { DayNumber, IsoDate } from '../shared/dates.ts'
import { DEFAULT_VOLUME_POLICY } from '../volume/policy.ts'
import type { VolumePolicy } from '../volume/policy.ts'
import type { Meter, Reading } from '../volume/facts.ts'
import { buildMeterTimeline, cumulativeAt } from '../volume/meter-timeline.ts'
import type { WorkingStretch } from '../volume/meter-timeline.ts'
import type { Warning } from '../shared/trace.ts'
import { bucketsOf, yearEarlier } from './periods.ts'
import type { Bucket, Granularity } from './periods.ts'

export interface ConsumptionPoint {
  id: string
  /** cold_water, hot_water, electricity, district_heating, solar_production … */
  resource: string
  /** m3, kWh, MWh: as declared on the service point */
  unit: string
  meters: Meter[]
  /** accepted readings, the day in the tenant's zone (as billing loads them) */
  readings: Reading[]
}

export interface SeriesInput {
  points: ConsumptionPoint[]
  /** first day, included */
  from: IsoDate
  /** last day, included */
  to: IsoDate
  granularity: Granularity
  /** the tenant's today: later days are the future, never estimated */
  today: IsoDate
  /** decimals shown (default 3) */
  places?: number
  policy?: VolumePolicy
}

export type Quality = 'measured' | 'estimated' | 'partly_estimated' | 'no_data'

export interface BucketValue {
  /** first day, included */
  start: IsoDate
  /** last day, included */
  end: IsoDate
  key: string
  /** the volume; null when no day of the bucket has a reading or an estimate */
  value: string | null
  /** the part of `value` that is estimated (after the last reading) */
  estimated: string
  quality: Quality
  /** point-days read between two readings, estimated, without data, and after today */
  measuredDays: number
  estimatedDays: number
  missingDays: number
  futureDays: number
}

export interface SeriesBucket extends BucketValue {
  previous: BucketValue
  /** value − previous value, when both are known */
  change: string | null
  /** the change in percent of the previous value (one decimal), when it is not zero */
  changePercent: string | null
}

export interface Series {
  resource: string
  unit: string
  direction: 'consumption' | 'production'
  servicePointIds: string[]
  buckets: SeriesBucket[]
  totals: { value: string | null; estimated: string; previous: string | null; change: string | null; changePercent: string | null }
}

export interface SeriesResult {
  from: IsoDate
  to: IsoDate
  previousFrom: IsoDate
  previousTo: IsoDate
  granularity: Granularity
  series: Series[]
  warnings: Warning[]
}

/** Resources whose meters count energy fed into the grid (multi-utility.md: never negative consumption). */
export const PRODUCTION_RESOURCES: readonly string[] = ['solar_production']

/** One stretch ready for bucket sums: the series and its estimation rate per day. */
interface Ready {
  s: WorkingStretch
  first: DayNumber
  last: DayNumber
  /** average daily use over the last year of readings, or undefined with fewer than two points */
  rate: Fx | undefined
  /** cumulativeAt by day: a bucket's end is the next one's start (and the year-earlier buckets meet the current ones), so each boundary is interpolated once */
  cum: Map<DayNumber, Fx>
}

function cumulative(r: Ready, day: DayNumber): Fx {
  let v = r.cum.get(day)
  if (v === undefined) r.cum.set(day, v = cumulativeAt(r.s, day))
  return v
}

interface Acc {
  measured: Fx
  estimated: Fx
  measuredDays: number
  estimatedDays: number
  missingDays: number
  futureDays: number
}

const ESTIMATE_BASIS_DAYS = 365

function prepare(point: ConsumptionPoint, policy: VolumePolicy, warnings: Warning[]): Ready[] {
  const out: Ready[] = []
  for (const meter of point.meters) {
    if (meter.control) continue // a control meter checks the main one; it is not added to it
    const t = buildMeterTimeline(meter, point.readings, [], policy, warnings)
    for (const s of t.stretches) {
      const n = s.days.length
      if (n === 0) continue
      const first = s.days[0]!
      const last = s.days[n - 1]!
      let rate: Fx | undefined
      const basisFrom = Math.max(first, last - ESTIMATE_BASIS_DAYS)
      if (last > basisFrom) rate = div(sub(cumulativeAt(s, last), cumulativeAt(s, basisFrom)), fxInt(last - basisFrom), 20)
      out.push({ s, first, last, rate, cum: new Map() })
    }
  }
  return out
}

/** Add the point's volume over [a, b) (b not after the day after today) to acc. */
function addVolume(acc: Acc, stretches: Ready[], a: DayNumber, b: DayNumber, futureFrom: DayNumber): void {
  const end = Math.min(b, futureFrom)
  if (b > end) acc.futureDays += b - Math.max(a, end)
  let covered = 0
  for (const r of stretches) {
    const lo = Math.max(a, r.s.from)
    const hi = Math.min(end, r.s.to)
    if (lo >= hi) continue
    const mlo = Math.max(lo, r.first)
    const mhi = Math.min(hi, r.last)
    if (mlo < mhi) {
      acc.measured = add(acc.measured, sub(cumulative(r, mhi), cumulative(r, mlo)))
      acc.measuredDays += mhi - mlo
      covered += mhi - mlo
    }
    const elo = Math.max(lo, r.last)
    if (elo < hi && r.rate !== undefined) {
      acc.estimated = add(acc.estimated, mulInt(r.rate, hi - elo))
      acc.estimatedDays += hi - elo
      covered += hi - elo
    }
  }
  acc.missingDays += Math.max(0, end - a - covered)
}

function newAcc(): Acc {
  return { measured: FX_ZERO, estimated: FX_ZERO, measuredDays: 0, estimatedDays: 0, missingDays: 0, futureDays: 0 }
}

function valueOf(b: Bucket, acc: Acc, places: number): BucketValue {
  const known = acc.measuredDays + acc.estimatedDays > 0
  const quality: Quality = !known ? 'no_data' : acc.estimatedDays === 0 ? 'measured' : acc.measuredDays === 0 ? 'estimated' : 'partly_estimated'
  return {
    start: fromDayNumber(b.from), end: fromDayNumber(b.to - 1), key: b.key,
    value: known ? text(add(acc.measured, acc.estimated), places) : null,
    estimated: text(acc.estimated, places), quality,
    measuredDays: acc.measuredDays, estimatedDays: acc.estimatedDays, missingDays: acc.missingDays, futureDays: acc.futureDays,
  }
}

function text(x: Fx, places: number): string {
  const r = toText(round(x, places))
  return r === '-0' ? '0' : r
}

/** value − previous and its percent of previous, from the shown (rounded) figures: what a reader can check. */
export function changeOf(value: string | null, previous: string | null, places: number): { change: string | null; changePercent: string | null } {
  if (value === null || previous === null) return { change: null, changePercent: null }
  const v = fxParse(value)
  const p = fxParse(previous)
  const d = sub(v, p)
  return { change: text(d, places), changePercent: sign(p) === 0 ? null : text(div(mulInt(d, 100), p, 1), 1) }
}


export interface SpanVolume {
  /** null when no day has data */
  value: Fx | null
  estimated: Fx
  quality: Quality
  /** days with a reading or an estimate */
  days: number
}

/** One point's volume over each span [from, to) of day numbers, as the series counts it (for the bill explanation). */
export function volumesOver(point: ConsumptionPoint, spans: { from: DayNumber; to: DayNumber }[], today: IsoDate, policy: VolumePolicy = DEFAULT_VOLUME_POLICY): SpanVolume[] {
  const warnings: Warning[] = []
  const ready = prepare(point, policy, warnings)
  const futureFrom = toDayNumber(today) + 1
  return spans.map((s) => {
    const acc = newAcc()
    addVolume(acc, ready, s.from, s.to, futureFrom)
    const days = acc.measuredDays + acc.estimatedDays
    const quality: Quality = days === 0 ? 'no_data' : acc.estimatedDays === 0 ? 'measured' : acc.measuredDays === 0 ? 'estimated' : 'partly_estimated'
    return { value: days ? add(acc.measured, acc.estimated) : null, estimated: acc.estimated, quality, days }
  })
}

/**
 * The series of the points grouped by (resource, unit), each bucket beside
 * the same calendar bucket a year earlier, with totals. Pure: readings and
 * dates in, figures out.
 */
export function consumptionSeries(input: SeriesInput): SeriesResult {
  const places = input.places ?? 3
  const policy = input.policy ?? DEFAULT_VOLUME_POLICY
  const from = toDayNumber(input.from)
  const to = toDayNumber(input.to) + 1
  if (!(to > from)) throw new RangeError('to must not be before from')
  const futureFrom = toDayNumber(input.today) + 1
  const buckets = bucketsOf(from, to, input.granularity)
  const previous = buckets.map(yearEarlier)
  const warnings: Warning[] = []

  const groups = new Map<string, ConsumptionPoint[]>()
  for (const p of input.points) {
    const k = `${p.resource}\u0000${p.unit}`
    const g = groups.get(k)
    if (g) g.push(p); else groups.set(k, [p])
  }
  const series: Series[] = []
  for (const points of groups.values()) {
    const cur = buckets.map(newAcc)
    const prev = previous.map(newAcc)
    for (const p of points) {
      const ready = prepare(p, policy, warnings)
      for (let i = 0; i < buckets.length; i++) {
        addVolume(cur[i]!, ready, buckets[i]!.from, buckets[i]!.to, futureFrom)
        addVolume(prev[i]!, ready, previous[i]!.from, previous[i]!.to, futureFrom)
      }
    }
    const first = points[0]!
    const out: SeriesBucket[] = buckets.map((b, i) => {
      const v = valueOf(b, cur[i]!, places)
      const pv = valueOf(previous[i]!, prev[i]!, places)
      return { ...v, previous: pv, ...changeOf(v.value, pv.value, places) }
    })
    const total = (list: BucketValue[]): string | null => {
      const known = list.filter((x) => x.value !== null)
      return known.length ? text(known.reduce((s, x) => add(s, fxParse(x.value!)), FX_ZERO), places) : null
    }
    const totalValue = total(out)
    const totalPrevious = total(out.map((b) => b.previous))
    series.push({
      resource: first.resource, unit: first.unit, direction: PRODUCTION_RESOURCES.includes(first.resource) ? 'production' : 'consumption',
      servicePointIds: points.map((p) => p.id), buckets: out,
      totals: { value: totalValue, estimated: text(out.reduce((s, x) => add(s, fxParse(x.estimated)), FX_ZERO), places), previous: totalPrevious,
        ...changeOf(totalValue, totalPrevious, places) },
    })
  }
  return {
    from: input.from, to: input.to, previousFrom: fromDayNumber(previous[0]?.from ?? from), previousTo: fromDayNumber((previous.at(-1)?.to ?? to) - 1),
    granularity: input.granularity, series, warnings,
  }
}
