// A quantity per calendar month (surface runoff, losses to the boundary, a
// guaranteed volume per month) over a range of days. Issue 9 §3: multiply
// before dividing. A whole month is the quantity itself, exactly; a part of
// a month is quantity × days ÷ days-in-month, multiplied first so the one
// division is the last step (DIV_PLACES = 20 places, half-up). Dividing first
// (quantity ÷ days-in-month × days) rounds the daily rate and gives
// 0.7 m³ over a whole 30-day month as 0.69999999999999999990.
import { dec, Fx } from '../shared/decimal.ts'
import { daysInMonthOf, splitByMonth } from './day-math.ts'
import type { DayRange } from './day-math.ts'

export interface MonthPart {
  range: DayRange
  days: number
  daysInMonth: number
  volume: Fx
  /** the formula with the numbers put in: '0.7' for a whole month, '0.7 × 12 / 30' for a part */
  formula: string
}

/** quantity × days ÷ daysInMonth, multiplied first; exactly the quantity when days = daysInMonth. */
export function partOfMonth(perMonth: Fx | string, days: number, daysInMonth: number): Fx {
  const q = perMonth instanceof Fx ? perMonth : dec(perMonth)
  if (days === daysInMonth) return q
  return q.times(days).div(daysInMonth)
}

/** The range cut at month starts, each piece with its share of the monthly quantity. */
export function perMonthParts(perMonth: string, range: DayRange): MonthPart[] {
  const q = dec(perMonth)
  return splitByMonth(range).map((m) => {
    const days = m.to - m.from
    const dim = daysInMonthOf(m.from)
    return { range: m, days, daysInMonth: dim, volume: partOfMonth(q, days, dim), formula: days === dim ? perMonth : `${perMonth} × ${days} / ${dim}` }
  })
}

/** Σ of perMonthParts: a monthly quantity pro rata by the days of each month in the range. */
export function proRataPerMonth(perMonth: string, range: DayRange): Fx {
  let v = dec(0)
  for (const p of perMonthParts(perMonth, range)) v = v.plus(p.volume)
  return v
}
