// Every number of docs volume-methods.md is a tenant policy parameter; the
// defaults below are the documented values with their sources. Decimals are
// strings so a tenant's configuration never passes through binary floats.

/** The ordered rules of "Choosing the method, day by day" (volume-methods.md). */
export type MethodRuleId =
  | 'unauthorized_connection' // rule 1: capacity with its cap (004 §16a, §24)
  | 'transit_summation' // rule 2: summation (004 §20, §27)
  | 'metered' // rule 3: readings of a working meter span the day
  | 'meter_failure' // rule 4: control meter / guaranteed / averaged / capacity (004 §16b, §17, §18)
  | 'no_meter' // rule 5: normative (residential) / guaranteed / capacity after notice (004 §16c)
  | 'readings_overdue' // rule 6: capacity (organizations) or Decree 354 averaging (residential)

/** A length of time counted back from a date, for caps. */
export interface PolicyPeriod {
  unit: 'days' | 'months' | 'years'
  count: number
}

export interface VolumePolicy {
  /** π for the pipe formula; the memo (003) uses '3.14'. */
  pi: string
  /** Water speed at full section, m/s (004 §16). */
  waterSpeedMPerS: string
  /** Around-the-clock operation (004 §16). */
  secondsPerDay: number

  /** Averaging window before the event, months (004 §17: "the last year"). */
  averagingWindowMonths: number
  /** Averaging lasts at most this many days from the event (004 §17: 60 days). */
  averagingMaxDays: number
  /** The meter must have worked at least this many days to average (004 §17, §18: 60). */
  minWorkingDaysForAveraging: number
  /** Capacity after a failure/dismantling starts on this day counted from the event, day 1 = the event day (004 §16b: day 61). */
  capacityAfterFailureFromDay: number
  /** Capacity without an approved meter starts on this day after the notice to install (004 §16c: day 61). */
  capacityAfterNoticeFromDay: number

  /** Caps on the unauthorized-connection period, counted back from the day it was eliminated. */
  unauthorizedCap: {
    organization: PolicyPeriod // 004 §16a: 3 years
    residential: PolicyPeriod // memo 003: 3 months
    selfReported: PolicyPeriod // 004 §16a, §24: 6 months if the subscriber reported it
  }

  /** Readings not submitted for more than this many months → capacity (004 §14v, §16d). */
  readingsOverdueMonths: number
  /**
   * The days of a working meter after its last accepted reading, before the
   * readings are overdue (organizations: `readingsOverdueMonths`, then capacity
   * 004 §16d; residential: Decree 354 §59–60 counts its periods from there).
   * 'estimate' bills them by the meter's average daily volume — Decree 776
   * §17 over `averagingWindowMonths` for organizations, the Decree 354 §59
   * average for residential premises — as `averaged` segments flagged
   * `estimated: true`, to be reversed and recomputed when the actual reading
   * arrives (conventions.md "Meter data validation and estimation"; Swedish
   * preliminary bills from expected use). A meter that worked less than
   * `minWorkingDaysForAveraging` days falls back as rule 4 does (guaranteed
   * volume, else uncovered); residential premises keep Decree 354's own
   * fallback (the normative of §60 without 3 months of history or after its
   * periods, unflagged). 'uncovered' reports organizations' days as
   * uncovered_days until a reading arrives (bill reading to reading) and
   * keeps the residential Decree 354 averages as before, unflagged.
   */
  afterLastReading: 'estimate' | 'uncovered'

  /** Decree 354 §59–60 averaging for residential premises (conventions.md). */
  decree354: {
    /** history wanted for the average, months */
    historyMonths: number
    /** shortest acceptable history, months; below it the normative applies */
    minHistoryMonths: number
    /** the average is used for at most this many billing periods, then the normative */
    maxPeriods: number
  }
  /**
   * Residential meter failure: 'decree776' follows volume-methods.md rule 4 for
   * every customer (averaged 60 days, then capacity); 'decree354' uses the
   * residential average for 3 periods, then the normative with K.
   */
  residentialMeterFailure: 'decree776' | 'decree354'

  /** Rule order; a rule left out is switched off. */
  methodRules: MethodRuleId[]

  /** A customer reading dated D is the index at the end of day D (boundary D+1) or at its start (boundary D). Act indices (commissioning, failure, dismantling, replacement) are always at the start of their day. */
  readingDateMeans: 'end_of_day' | 'start_of_day'
  /** A rollover without a meter max flow cannot be checked for plausibility: reject or accept it. */
  rolloverWithoutMaxFlow: 'reject' | 'accept'

  /** Water balance validity, years (004 §23.3: at most 5). */
  waterBalanceMaxYears: number

  /**
   * The scale volumes are shown at in the API, exports and documents (issue 9
   * §3): decimal places, 6 by default. Only what is shown is rounded: a line is
   * priced from the unrounded volume (volume-methods.md: rounding happens
   * once, on money), and its trace keeps the unrounded figure.
   */
  volumePlaces: number
  /** How a shown volume is rounded to `volumePlaces` (default half-up). */
  volumeRounding: 'half_up' | 'down' | 'up' | 'half_even'
  /**
   * Show a metered volume at its meter's resolution (the meter's decimals)
   * instead of `volumePlaces`, where the meter is known and reads fewer places.
   * Off by default: meters without a stated resolution read whole m³, and a
   * month's share of a reading interval is not a whole number.
   */
  volumePlacesOfMeter: boolean
}

export const DEFAULT_METHOD_RULES: readonly MethodRuleId[] = [
  'unauthorized_connection',
  'transit_summation',
  'metered',
  'meter_failure',
  'no_meter',
  'readings_overdue',
]

export const DEFAULT_VOLUME_POLICY: VolumePolicy = {
  pi: String(Math.PI),
  waterSpeedMPerS: '1.2',
  secondsPerDay: 86_400,
  averagingWindowMonths: 12,
  averagingMaxDays: 60,
  minWorkingDaysForAveraging: 60,
  capacityAfterFailureFromDay: 61,
  capacityAfterNoticeFromDay: 61,
  unauthorizedCap: {
    organization: { unit: 'years', count: 3 },
    residential: { unit: 'months', count: 3 },
    selfReported: { unit: 'months', count: 6 },
  },
  readingsOverdueMonths: 6,
  afterLastReading: 'estimate',
  decree354: { historyMonths: 6, minHistoryMonths: 3, maxPeriods: 3 },
  residentialMeterFailure: 'decree776',
  methodRules: [...DEFAULT_METHOD_RULES],
  readingDateMeans: 'end_of_day',
  rolloverWithoutMaxFlow: 'reject',
  waterBalanceMaxYears: 5,
  volumePlaces: 6,
  volumeRounding: 'half_up',
  volumePlacesOfMeter: false,
}

/** A policy with some fields overridden (nested objects are replaced whole). */
export function volumePolicy(overrides: Partial<VolumePolicy> = {}): VolumePolicy {
  return { ...DEFAULT_VOLUME_POLICY, ...overrides }
}
