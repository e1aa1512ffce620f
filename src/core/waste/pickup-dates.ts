// Waste pickup dates (issue 12 §3, seed 001 "Miljötjänster"): recurring rules
// per address and bin expanded into dates, with the exceptions (a moved or a
// cancelled pickup) applied. Seed 001 warns the dates "are not right for every
// address" while the routes (körturer) are being entered, so every date says
// how sure it is:
// - confirmed: the collection route has confirmed it (a route rule up to the
//   day it is confirmed through, or a move the route made);
// - planned: the scheme's plan, not (yet) confirmed by the route;
// - estimated: derived from an approximate rule (an address whose route is not
//   known), to be checked with the waste facility.
import { addDays, fromDayNumber, toDayNumber, type IsoDate } from '../shared/dates.ts'

export type RuleBasis = 'route' | 'plan' | 'estimate'
export type Reliability = 'confirmed' | 'planned' | 'estimated'

export interface PickupRule {
  id: string
  /** residual, food, paper, glass, … */
  fraction: string
  /** the bin: its size or label (e.g. "190 l") */
  bin: string | null
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  weekday: number
  /** 1 weekly, 2 every other week, N every N weeks */
  everyWeeks: number
  /** a day on the weekday when a pickup happens: the N-week cycle counts from it */
  anchor: IsoDate
  validFrom: IsoDate
  validTo: IsoDate | null
  basis: RuleBasis
  /** a route rule's dates up to this day are confirmed by the route; later ones are planned */
  confirmedThrough: IsoDate | null
}

export interface PickupException {
  ruleId: string
  /** the regular date it changes */
  date: IsoDate
  kind: 'cancelled' | 'moved'
  movedTo: IsoDate | null
  /** who moved it: a move the route made is confirmed, one the plan made is planned */
  basis: RuleBasis
  reason: string | null
}

export interface PickupDate {
  date: IsoDate
  ruleId: string
  fraction: string
  bin: string | null
  reliability: Reliability
  /** why this reliability, in words */
  why: string
  /** a moved pickup: the regular date it replaces */
  movedFrom: IsoDate | null
}

/** ISO weekday of a day number (1970-01-01, day 0, was a Thursday). */
export function isoWeekday(date: IsoDate): number {
  return ((toDayNumber(date) % 7) + 7 + 3) % 7 + 1
}

const mod = (a: number, n: number) => ((a % n) + n) % n

/** The regular dates of a rule in [from, to] (inclusive), before exceptions. */
export function ruleDates(rule: PickupRule, from: IsoDate, to: IsoDate): IsoDate[] {
  if (isoWeekday(rule.anchor) !== rule.weekday) throw new RangeError(`anchor ${rule.anchor} is not on weekday ${rule.weekday}`)
  if (!Number.isInteger(rule.everyWeeks) || rule.everyWeeks < 1) throw new RangeError('everyWeeks must be a positive integer')
  const start = Math.max(toDayNumber(from), toDayNumber(rule.validFrom))
  const end = Math.min(toDayNumber(to), rule.validTo ? toDayNumber(rule.validTo) : Number.MAX_SAFE_INTEGER)
  const step = rule.everyWeeks * 7
  const anchor = toDayNumber(rule.anchor)
  const out: IsoDate[] = []
  for (let d = start + mod(anchor - start, step); d <= end; d += step) out.push(fromDayNumber(d))
  return out
}

function regularReliability(rule: PickupRule, date: IsoDate): { reliability: Reliability; why: string } {
  if (rule.basis === 'route') {
    return rule.confirmedThrough !== null && date <= rule.confirmedThrough
      ? { reliability: 'confirmed', why: `the collection route confirms dates through ${rule.confirmedThrough}` }
      : { reliability: 'planned', why: rule.confirmedThrough ? `after ${rule.confirmedThrough}, the last day the route confirmed` : 'the route has not confirmed dates yet' }
  }
  if (rule.basis === 'plan') return { reliability: 'planned', why: 'from the scheme\'s plan, not confirmed by the route' }
  return { reliability: 'estimated', why: 'estimated: the address\'s route is not known yet; check with the waste facility' }
}

function exceptionReliability(e: PickupException): { reliability: Reliability; why: string } {
  const why = `moved from ${e.date}${e.reason ? ` (${e.reason})` : ''}`
  return e.basis === 'route' ? { reliability: 'confirmed', why: `${why}, by the collection route` }
    : e.basis === 'plan' ? { reliability: 'planned', why: `${why}, by the plan` } : { reliability: 'estimated', why: `${why}, estimated` }
}

/**
 * Every pickup in [from, to], date order (then fraction): each rule's dates,
 * without the cancelled ones, with the moved ones on their new day (a date
 * moved into the window from outside it counts too).
 */
export function pickupDates(rules: readonly PickupRule[], exceptions: readonly PickupException[], from: IsoDate, to: IsoDate): PickupDate[] {
  const out: PickupDate[] = []
  for (const rule of rules) {
    const own = exceptions.filter((e) => e.ruleId === rule.id)
    const byDate = new Map(own.map((e) => [e.date, e]))
    // a move can bring a date in from up to 8 weeks outside the window
    const dates = ruleDates(rule, addDays(from, -56) < rule.validFrom ? rule.validFrom : addDays(from, -56), addDays(to, 56))
    for (const date of dates) {
      const e = byDate.get(date)
      if (e?.kind === 'cancelled') continue
      if (e?.kind === 'moved' && e.movedTo) {
        if (e.movedTo >= from && e.movedTo <= to) out.push({ date: e.movedTo, ruleId: rule.id, fraction: rule.fraction, bin: rule.bin, ...exceptionReliability(e), movedFrom: date })
        continue
      }
      if (date >= from && date <= to) out.push({ date, ruleId: rule.id, fraction: rule.fraction, bin: rule.bin, ...regularReliability(rule, date), movedFrom: null })
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.fraction < b.fraction ? -1 : a.fraction > b.fraction ? 1 : 0))
}

/** The next `count` pickups from `today` (inclusive), looking at most `horizonDays` ahead. */
export function nextPickups(rules: readonly PickupRule[], exceptions: readonly PickupException[], today: IsoDate, count: number, horizonDays = 366): PickupDate[] {
  return pickupDates(rules, exceptions, today, addDays(today, horizonDays)).slice(0, count)
}
