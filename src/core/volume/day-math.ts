// Day-number arithmetic the volume methods share: months back and forth,
// month starts, and splitting [from, to) at month boundaries. Day numbers are
// integers (days since 1970-01-01); Date.UTC is calendar arithmetic, never the clock.
import { daysInMonth, fromDayNumber } from '../shared/dates.ts'
import type { DayNumber } from '../shared/dates.ts'
import type { PolicyPeriod } from './policy.ts'

export interface DayRange {
  from: DayNumber
  to: DayNumber
}

export interface YearMonth {
  year: number
  month: number
}

export function yearMonthOf(day: DayNumber): YearMonth {
  const iso = fromDayNumber(day)
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)) }
}

export function monthStart(day: DayNumber): DayNumber {
  const { year, month } = yearMonthOf(day)
  return Date.UTC(year, month - 1, 1) / 86_400_000
}

export function nextMonthStart(day: DayNumber): DayNumber {
  const { year, month } = yearMonthOf(day)
  return Date.UTC(year, month, 1) / 86_400_000
}

export function daysInMonthOf(day: DayNumber): number {
  const { year, month } = yearMonthOf(day)
  return daysInMonth(year, month)
}

/** The same day of the month `months` later (earlier if negative), clamped to the month's end. */
export function addMonths(day: DayNumber, months: number): DayNumber {
  const { year, month } = yearMonthOf(day)
  const dom = Number(fromDayNumber(day).slice(8, 10))
  const target = new Date(Date.UTC(year, month - 1 + months, 1))
  const y = target.getUTCFullYear()
  const m = target.getUTCMonth() + 1
  return Date.UTC(y, m - 1, Math.min(dom, daysInMonth(y, m))) / 86_400_000
}

export function addPeriod(day: DayNumber, period: PolicyPeriod, sign: 1 | -1): DayNumber {
  if (period.unit === 'days') return day + sign * period.count
  const months = period.unit === 'years' ? period.count * 12 : period.count
  return addMonths(day, sign * months)
}

/** [from, to) cut at every month start inside it. */
export function splitByMonth(range: DayRange): DayRange[] {
  const out: DayRange[] = []
  let a = range.from
  while (a < range.to) {
    const b = Math.min(nextMonthStart(a), range.to)
    out.push({ from: a, to: b })
    a = b
  }
  return out
}

/** [from, to) cut at the given points (those strictly inside). */
export function splitAt(range: DayRange, points: Iterable<DayNumber>): DayRange[] {
  const cuts = [...new Set(points)].filter((p) => p > range.from && p < range.to).sort((x, y) => x - y)
  const out: DayRange[] = []
  let a = range.from
  for (const c of cuts) {
    out.push({ from: a, to: c })
    a = c
  }
  out.push({ from: a, to: range.to })
  return out
}

export function isoRange(range: DayRange): { from: string; to: string } {
  return { from: fromDayNumber(range.from), to: fromDayNumber(range.to) }
}

// Conversions, memoized in shared/dates.ts: the choice formats and parses the
// same few hundred dates over and over.
export { fromDayNumber, toDayNumber } from '../shared/dates.ts'
