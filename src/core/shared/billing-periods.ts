// Billing periods come from the tenant's calendar (Gregorian or Solar Hijri)
// and its period length (1 or 2 months): a year is cut into 12 / months
// periods starting on the first day of a month of that calendar, so an
// Iranian two-month period ends after two Solar Hijri months (1 Farvardin –
// 31 Ordibehesht), not after two Gregorian ones. Intervals are half-open:
// [start, end). Names are the tenant's own: `2026-10` (monthly), `1405-3`
// (the third two-month period of 1405).
import { addDays, isIsoDate, type IsoDate } from './dates.ts'
import { fromSolarHijri, toSolarHijri } from './solar-hijri.ts'

export type PeriodCalendar = 'gregorian' | 'solar_hijri'

export interface PeriodScheme {
  calendar: PeriodCalendar
  /** months per period: 1, 2, 3, 4, 6 or 12 (a divisor of 12) */
  months: number
}

export interface BillingPeriod {
  /** the tenant's name of the period: YYYY-MM for monthly periods, YYYY-N (N = 1 … 12/months) otherwise */
  name: string
  /** first day (Gregorian ISO) */
  start: IsoDate
  /** the day after the last day (Gregorian ISO) */
  end: IsoDate
  /** year and month (1–12) of the first day in the tenant's calendar */
  year: number
  month: number
  /** the period's number in its year, 1 … 12/months */
  index: number
}

interface YearMonth { year: number; month: number }

function checkScheme(s: PeriodScheme): void {
  if (!Number.isInteger(s.months) || s.months < 1 || 12 % s.months !== 0) throw new RangeError(`a billing period of ${s.months} months does not divide the year`)
}

function yearMonthOf(calendar: PeriodCalendar, date: IsoDate): YearMonth & { day: number } {
  if (calendar === 'solar_hijri') return toSolarHijri(date)
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) }
}

function firstDay(calendar: PeriodCalendar, { year, month }: YearMonth): IsoDate {
  if (calendar === 'solar_hijri') return fromSolarHijri(year, month, 1)
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`
}

const plusMonths = ({ year, month }: YearMonth, n: number): YearMonth => {
  const k = year * 12 + (month - 1) + n
  return { year: Math.floor(k / 12), month: (k % 12) + 1 }
}

function periodAt(s: PeriodScheme, start: YearMonth): BillingPeriod {
  const index = Math.floor((start.month - 1) / s.months) + 1
  const name = s.months === 1 ? `${start.year}-${String(start.month).padStart(2, '0')}` : `${start.year}-${index}`
  return { name, start: firstDay(s.calendar, start), end: firstDay(s.calendar, plusMonths(start, s.months)), year: start.year, month: start.month, index }
}

/** The period a day falls in. */
export function periodContaining(s: PeriodScheme, date: IsoDate): BillingPeriod {
  checkScheme(s)
  if (!isIsoDate(date)) throw new RangeError(`not a date: ${date}`)
  const ym = yearMonthOf(s.calendar, date)
  return periodAt(s, { year: ym.year, month: ym.month - ((ym.month - 1) % s.months) })
}

/** The period that starts on this day, or undefined when the day is not a first day of a period. */
export function periodStartingOn(s: PeriodScheme, date: IsoDate): BillingPeriod | undefined {
  const p = periodContaining(s, date)
  return p.start === date ? p : undefined
}

/** The period after (n > 0) or before (n < 0) a period. */
export function periodAfter(s: PeriodScheme, p: BillingPeriod, n = 1): BillingPeriod {
  checkScheme(s)
  return periodAt(s, plusMonths({ year: p.year, month: p.month }, n * s.months))
}

const MONTHLY_NAME = /^(\d{4})-(\d{2})$/
const INDEXED_NAME = /^(\d{4})-(\d{1,2})$/

/** A period by its name in the tenant's calendar, or undefined when the name is not one. */
export function periodNamed(s: PeriodScheme, name: string): BillingPeriod | undefined {
  checkScheme(s)
  const m = (s.months === 1 ? MONTHLY_NAME : INDEXED_NAME).exec(name)
  if (!m) return undefined
  const year = Number(m[1])
  const n = Number(m[2])
  const count = 12 / s.months
  if (year < 1 || n < 1 || n > count) return undefined
  return periodAt(s, { year, month: s.months === 1 ? n : (n - 1) * s.months + 1 })
}

/** The last day of a period (inclusive), for people: documents print "1 Farvardin – 31 Ordibehesht". */
export const lastDayOf = (p: BillingPeriod): IsoDate => addDays(p.end, -1)

/** How a scheme names its periods, for error messages: "YYYY-MM (gregorian months)". */
export function describeScheme(s: PeriodScheme): string {
  const cal = s.calendar === 'solar_hijri' ? 'Solar Hijri' : 'Gregorian'
  return s.months === 1 ? `${cal} months, named YYYY-MM` : `${cal} ${s.months}-month periods, named YYYY-N (N = 1 … ${12 / s.months})`
}
