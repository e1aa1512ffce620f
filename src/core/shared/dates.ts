// Calendar days as ISO strings ('YYYY-MM-DD') and as integer day numbers
// (days since 1970-01-01). Intervals are half-open: [from, to).
// Pure: Date.UTC is arithmetic here, never the clock.

export type IsoDate = string
export type DayNumber = number

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

// Checking a date is a few integer steps on its char codes (no regex, no Date,
// no memo). Converting one is memoized (bounded): a bill run converts the same
// few hundred dates for every service point, and plainMeteredSpan reads every
// reading's date; without these two tables bench:core (a) fell from ~430,000
// to ~230,000 service-point-months/s (issue 13). A cache of a pure function
// is still pure; invalid input is never cached, so it still throws.
const LIMIT = 100_000
const dayOfIso = new Map<string, DayNumber>()
const isoOfDay = new Map<DayNumber, IsoDate>()

/** 'YYYY-MM-DD' (ASCII digits) naming a real calendar day. */
export function isIsoDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false
  const y = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3)
  const mo = digit(value, 5) * 10 + digit(value, 6)
  const d = digit(value, 8) * 10 + digit(value, 9)
  return y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)
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
    iso = formatDayNumber(day)
    if (isoOfDay.size >= LIMIT) isoOfDay.clear()
    isoOfDay.set(day, iso)
  }
  return iso
}

function formatDayNumber(day: DayNumber): IsoDate {
  // civil from days (proleptic Gregorian, 1970-01-01 = 0) for years 1000–9999, as toISOString prints them
  if (Number.isInteger(day) && day >= -354285 && day <= 2932896) {
    const z = day + 719468
    const era = Math.floor(z / 146097)
    const doe = z - era * 146097
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
    const mp = Math.floor((5 * doy + 2) / 153)
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1
    const m = mp < 10 ? mp + 3 : mp - 9
    const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`
  }
  // toISOString throws a RangeError for days out of Date's range
  return new Date(day * 86_400_000).toISOString().slice(0, 10)
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days)
}

/** Days in [from, to). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from)
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Days in month 1–12 of the year, as Date.UTC reads them (years 0–99 are 1900–1999). */
export function daysInMonth(year: number, month: number): number {
  if (!(Number.isInteger(year) && month >= 1 && month <= 12 && Number.isInteger(month))) return new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (month !== 2) return MONTH_DAYS[month - 1]!
  return isLeapYear(year >= 0 && year <= 99 ? 1900 + year : year) ? 29 : 28
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
