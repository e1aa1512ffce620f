// The penalty on one debt (one bill's unpaid amount), day by day from its due
// date to asOf inclusive (Housing Code art. 155 §14, conventions.md):
// day n is n days after the due date; days 1–30 accrue nothing, days 31–90
// debt × rate / 300, from day 91 debt × rate / 130, rate in percent / 100;
// no accrual on moratorium days (the day count runs on); a payment reduces the
// debt from its own date on. Equal consecutive days are merged into one trace segment.
import { roundTo, dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import { addDays, daysBetween, type IsoDate } from '../shared/dates.ts'
import { inMoratorium, rateOn } from './rate-on.ts'
import { FIRST_TIER_DIVISOR, FIRST_TIER_LAST_DAY, GRACE_DAYS, SECOND_TIER_DIVISOR, type PenaltyTerms } from './terms.ts'

export interface Debt {
  /** e.g. the bill id */
  id: string
  amount: string
  dueOn: IsoDate
  /** what reduced it, by date (allocations of payments to this bill) */
  payments: { on: IsoDate; amount: string }[]
}

export interface PenaltySegment {
  from: IsoDate
  through: IsoDate
  days: number
  /** day numbers after the due date */
  dayFrom: number
  dayThrough: number
  debt: string
  /** percent a year; null on moratorium days */
  rate: string | null
  /** 300 or 130; null when nothing accrues */
  divisor: number | null
  /** exact, before the one rounding of the debt's total */
  amount: string
  note: string
}

export interface DebtPenalty {
  debtId: string
  dueOn: IsoDate
  /** rounded to the currency's minor units, half up */
  penalty: string
  segments: PenaltySegment[]
}

interface Day { debt: Fx; rate: Fx | null; divisor: number | null; note: string }

function dayTerms(terms: PenaltyTerms, asOf: IsoDate, date: IsoDate, n: number, debt: Fx): Day {
  if (n <= GRACE_DAYS) return { debt, rate: null, divisor: null, note: 'days 1–30: no penalty (art. 155 §14)' }
  const moratorium = inMoratorium(terms, date)
  if (moratorium) return { debt, rate: null, divisor: null, note: `moratorium ${moratorium}` }
  const rate = rateOn(terms, terms.rateBasis === 'as_of' ? asOf : date)
  return n <= FIRST_TIER_LAST_DAY
    ? { debt, rate, divisor: FIRST_TIER_DIVISOR, note: 'days 31–90: debt × rate / 300 per day' }
    : { debt, rate, divisor: SECOND_TIER_DIVISOR, note: 'from day 91: debt × rate / 130 per day' }
}

const same = (a: Day, b: Day) => a.debt.eq(b.debt) && a.divisor === b.divisor && a.note === b.note
  && (a.rate === null ? b.rate === null : b.rate !== null && a.rate.eq(b.rate))

export function debtPenalty(debt: Debt, terms: PenaltyTerms, asOf: IsoDate): DebtPenalty {
  const payments = [...debt.payments].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))
  const segments: PenaltySegment[] = []
  let total = dec(0)
  let outstanding = dec(debt.amount)
  let p = 0
  let open: { day: Day; from: IsoDate; through: IsoDate; dayFrom: number; dayThrough: number } | undefined
  const close = () => {
    if (!open) return
    const days = open.dayThrough - open.dayFrom + 1
    const amount = open.day.rate && open.day.divisor
      ? open.day.debt.times(days).times(open.day.rate).div(100 * open.day.divisor) : dec(0)
    total = total.plus(amount)
    segments.push({ from: open.from, through: open.through, days, dayFrom: open.dayFrom, dayThrough: open.dayThrough,
      debt: open.day.debt.toFixed(), rate: open.day.rate?.toFixed() ?? null, divisor: open.day.divisor, amount: amount.toFixed(), note: open.day.note })
    open = undefined
  }
  const last = daysBetween(debt.dueOn, asOf)
  for (let n = 1; n <= last; n++) {
    const date = addDays(debt.dueOn, n)
    // "payments reduce the debt from their date": a payment on `date` counts for that day
    while (p < payments.length && payments[p]!.on <= date) outstanding = outstanding.minus(payments[p++]!.amount)
    if (outstanding.lte(0)) break
    const day = dayTerms(terms, asOf, date, n, outstanding)
    if (open && same(open.day, day)) { open.through = date; open.dayThrough = n; continue }
    close()
    open = { day, from: date, through: date, dayFrom: n, dayThrough: n }
  }
  close()
  return { debtId: debt.id, dueOn: debt.dueOn, penalty: roundTo(total, terms.minorUnits).toFixed(terms.minorUnits), segments }
}
