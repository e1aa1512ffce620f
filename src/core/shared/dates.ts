// Calendar days as ISO strings ('YYYY-MM-DD') and as integer day numbers
// (days since 1970-01-01). Intervals are half-open: [from, to).
// Pure: Date.UTC is arithmetic here, never the clock.

export type IsoDate = string
export type DayNumber = number

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

// Bounded memo tables: a bill run converts the same few hundred dates for
// every service point. A cache of a pure function is still pure (same input,
// same output); invalid input is never cached, so it still throws or fails.
const LIMIT = 100_000
const validIso = new Set<string>()
const dayOfIso = new Map<string, DayNumber>()
const isoOfDay = new Map<DayNumber, IsoDate>()

export function isIsoDate(value: string): boolean {
  if (validIso.has(value)) return true
  if (!isIsoDateUncached(value)) return false
  if (validIso.size >= LIMIT) validIso.clear()
  validIso.add(value)
  return true
}

function isIsoDateUncached(value: string): boolean {
  const m = ISO_DATE.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)
}

export function toDayNumber(date: IsoDate): DayNumber {
  let day = dayOfIso.get(date)
  if (day === undefined) {
    const m = ISO_DATE.exec(date)
    if (!m) throw new RangeError(`not an ISO date: ${date}`)
    day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000
    if (dayOfIso.size >= LIMIT) dayOfIso.clear()
    dayOfIso.set(date, day)
  }
  return day
}

export function fromDayNumber(day: DayNumber): IsoDate {
  let iso = isoOfDay.get(day)
  if (iso === undefined) {
    // toISOString throws a RangeError for days out of Date's range: not cached
    iso = new Date(day * 86_400_000).toISOString().slice(0, 10)
    if (isoOfDay.size >= LIMIT) isoOfDay.clear()
    isoOfDay.set(day, iso)
  }
  return iso
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days)
}

/** Days in [from, to). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from)
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export interface DayInterval {
  /** first day, inclusive */
  from: IsoDate
  /** day after the last, exclusive */
  to: IsoDate
}
