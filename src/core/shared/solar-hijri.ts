// The Solar Hijri calendar (Iranian tenants: seed 002 items 10–12, six
// two-month periods a year). Gregorian → Solar Hijri through ICU's Persian
// calendar (Intl: deterministic, no clock; a date is read at UTC midnight so
// no zone shifts the day); Solar Hijri → Gregorian by estimating the day and
// stepping to it, so both directions agree by construction.
import { addDays, daysBetween, type IsoDate } from './dates.ts'

export interface SolarHijriDate { year: number; month: number; day: number }

const persian = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' })

export function toSolarHijri(iso: IsoDate): SolarHijriDate {
  const parts = persian.formatToParts(new Date(`${iso}T00:00:00Z`))
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return { year: part('year'), month: part('month'), day: part('day') }
}

/** Days in a Solar Hijri month: 31 in months 1–6, 30 in 7–11, 29 or 30 (leap years) in Esfand. */
export function solarHijriMonthDays(year: number, month: number): number {
  if (month <= 6) return 31
  if (month <= 11) return 30
  const esfand1 = fromSolarHijri(year, 12, 1)
  return daysBetween(esfand1, fromSolarHijri(year + 1, 1, 1))
}

const compare = (a: SolarHijriDate, b: SolarHijriDate) => a.year - b.year || a.month - b.month || a.day - b.day

/** The Gregorian date of a Solar Hijri day (months 1–12, days 1–31; the day must exist except Esfand 30, checked by the caller). */
export function fromSolarHijri(year: number, month: number, day: number): IsoDate {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1 || day > 31 || year < 1 || year > 3000) {
    throw new RangeError(`not a Solar Hijri date: ${year}/${month}/${day}`)
  }
  // 1 Farvardin falls on 20–22 March of Gregorian year + 621; months 1–6 have 31 days, 7–11 have 30.
  const before = month <= 7 ? (month - 1) * 31 : 186 + (month - 7) * 30
  const target = { year, month, day }
  let guess = addDays(`${String(year + 621).padStart(4, '0')}-03-21`, before + day - 1)
  for (let i = 0; i < 8; i++) {
    const c = compare(toSolarHijri(guess), target)
    if (c === 0) return guess
    guess = addDays(guess, c > 0 ? -1 : 1)
  }
  throw new RangeError(`not a Solar Hijri date: ${year}/${month}/${day}`)
}

/** The two-month billing period (1–6) a Solar Hijri month falls in (six two-month periods a year). */
export const solarHijriPeriod = (month: number): number => Math.ceil(month / 2)
