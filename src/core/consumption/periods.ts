// The calendar of a consumption chart (issue 12 §2, seed 001 "Min förbrukning"):
// presets of the last 1 year / 6 months / 3 months relative to a given today,
// buckets by day, month or year, and the same bucket a year earlier aligned by
// calendar. Pure: "today" is an argument (the shell passes the tenant's day).
import { fromDayNumber, toDayNumber } from '../shared/dates.ts'
import type { DayNumber, IsoDate } from '../shared/dates.ts'
import { addMonths, monthStart, nextMonthStart, yearMonthOf } from '../volume/day-math.ts'

export type Granularity = 'day' | 'month' | 'year'
export type Preset = '1y' | '6m' | '3m'

export const PRESET_MONTHS: Record<Preset, number> = { '1y': 12, '6m': 6, '3m': 3 }

/** Days as half-open [from, to). */
export interface Bucket {
  from: DayNumber
  to: DayNumber
  /** '2026-11-25', '2026-11' or '2026' */
  key: string
}

/**
 * A preset's first and last day (both included), ending today:
 * - day: the N months back to tomorrow a year/half/quarter ago (a rolling window),
 * - month: the N calendar months ending with the current one (N buckets, the last up to today),
 * - year: the calendar years the rolling window touches.
 */
export function presetRange(preset: Preset, granularity: Granularity, today: IsoDate): { from: IsoDate; to: IsoDate } {
  const t = toDayNumber(today)
  const n = PRESET_MONTHS[preset]
  const rolling = addMonths(t, -n) + 1
  let from: DayNumber
  if (granularity === 'day') from = rolling
  else if (granularity === 'month') from = addMonths(monthStart(t), -(n - 1))
  else from = yearStart(rolling)
  return { from: fromDayNumber(from), to: today }
}

function yearStart(day: DayNumber): DayNumber {
  return Date.UTC(yearMonthOf(day).year, 0, 1) / 86_400_000
}

/** [from, to) cut into calendar buckets; the first and last may be partial. */
export function bucketsOf(from: DayNumber, to: DayNumber, granularity: Granularity): Bucket[] {
  const out: Bucket[] = []
  let a = from
  while (a < to) {
    const next = granularity === 'day' ? a + 1 : granularity === 'month' ? nextMonthStart(a) : Date.UTC(yearMonthOf(a).year + 1, 0, 1) / 86_400_000
    const b = Math.min(next, to)
    const iso = fromDayNumber(a)
    out.push({ from: a, to: b, key: granularity === 'day' ? iso : granularity === 'month' ? iso.slice(0, 7) : iso.slice(0, 4) })
    a = b
  }
  return out
}

/** The same calendar days a year earlier (29 February falls on the 28th). */
export function yearEarlier(b: Bucket): Bucket {
  const from = addMonths(b.from, -12)
  // an end on a month start stays on a month start (the whole month a year earlier)
  const to = b.to === monthStart(b.to) ? addMonths(b.to, -12) : addMonths(b.to - 1, -12) + 1
  const iso = fromDayNumber(from)
  return { from, to: Math.max(to, from + 1), key: b.key.length === 10 ? iso : b.key.length === 7 ? iso.slice(0, 7) : iso.slice(0, 4) }
}
