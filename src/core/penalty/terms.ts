// The data a penalty computation needs: effective-dated key rates, caps and
// moratoria. These are tenant data, never constants (conventions.md marks them
// "verify"): the shell loads them and passes them in.
import type { IsoDate } from '../shared/dates.ts'

/** The central bank key rate, in percent a year, from a day on (until the next entry). */
export interface KeyRate { from: IsoDate; rate: string }

/** An upper bound on the rate used, in percent, for the days it covers (Decree 474: 9.5%). */
export interface RateCap { from: IsoDate; through?: IsoDate | null; rate: string }

/** Days on which no penalty accrues, both ends included (Decrees 424 and 497). */
export interface Moratorium { from: IsoDate; through: IsoDate; source?: string }

export interface PenaltyTerms {
  keyRates: KeyRate[]
  caps: RateCap[]
  moratoria: Moratorium[]
  /**
   * Which day's rate applies: `daily` uses the rate in force on each day;
   * `as_of` uses the rate in force on the calculation date for every day
   * (Housing Code art. 155 §14 reads "the rate in force on the day of payment").
   */
  rateBasis: 'daily' | 'as_of'
  /** minor units of the currency: each debt's penalty is rounded once, half up */
  minorUnits: number
}

/** Housing Code art. 155 §14: none for days 1–30, 1/300 for days 31–90, 1/130 from day 91. */
export const GRACE_DAYS = 30
export const FIRST_TIER_LAST_DAY = 90
export const FIRST_TIER_DIVISOR = 300
export const SECOND_TIER_DIVISOR = 130

/** Thrown when no key rate covers a day that accrues: the data is incomplete. */
export class PenaltyTermsError extends Error {
  readonly code = 'penalty_rate_missing'
  readonly day: IsoDate
  constructor(day: IsoDate) {
    super(`no key rate is known for ${day}`)
    this.name = 'PenaltyTermsError'
    this.day = day
  }
}
