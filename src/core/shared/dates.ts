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

// the last two valid dates checked (a period's bounds, today): an identity
// compare answers them before the set is hashed
let lastValid = ''
let prevValid = ''

export function isIsoDate(value: string): boolean {
  if (value === lastValid || value === prevValid) return true
  if (!validIso.has(value)) {
    if (!isIsoDateUncached(value)) return false
    if (validIso.size >= LIMIT) validIso.clear()
    validIso.add(value)
  }
  prevValid = lastValid
  lastValid = value
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
    day = parseDayNumber(date)
    if (dayOfIso.size >= LIMIT) dayOfIso.clear()
    dayOfIso.set(date, day)
  }
  return day
}

function parseDayNumber(date: IsoDate): DayNumber {
  // 'YYYY-MM-DD' read by hand: as Date.UTC(Y, M − 1, D) (out-of-range months
  // and days roll over, years 0–99 mean 1900–1999), without a regex or a Date
  if (date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45) {
    const y = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3)
    const mo = digit(date, 5) * 10 + digit(date, 6)
    const d = digit(date, 8) * 10 + digit(date, 9)
    if (y >= 0 && mo >= 0 && d >= 0) return civilDay(y <= 99 ? 1900 + y : y, mo - 1, d)
  }
  const m = ISO_DATE.exec(date)
  if (!m) throw new RangeError(`not an ISO date: ${date}`)
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000
}

/** The digit at i, or a large negative number if it is not one (so the sum is negative). */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48
  return c >= 0 && c <= 9 ? c : -1e9
}

/** Day number of (year, month index — may be out of 0..11 —, day of month — may overflow), as Date.UTC / 86,400,000. */
function civilDay(year: number, monthIndex: number, day: number): DayNumber {
  const carry = Math.floor(monthIndex / 12)
  let y = year + carry
  const m = monthIndex - carry * 12 + 1 // 1..12
  // days from civil (proleptic Gregorian), 1970-01-01 = 0
  if (m <= 2) y -= 1
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5)
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468 + (day - 1)
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
