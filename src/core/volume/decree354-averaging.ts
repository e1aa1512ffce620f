// Residential premises (Decree 354 §59–60, conventions.md): when readings are
// missing or the meter failed, the average over at least 6 months of history
// (the actual period if shorter, but at least 3 months) for at most 3 billing
// periods, then the normative — with K after a failure, without K when
// readings were simply not submitted.
import type { DayNumber } from '../shared/dates.ts'
import { addMonths, yearMonthOf } from './day-math.ts'
import { averageDailyBefore } from './averaged.ts'
import type { AverageBasis } from './averaged.ts'
import type { MeterTimeline } from './meter-timeline.ts'
import type { VolumePolicy } from './policy.ts'

export type Decree354Step =
  | { step: 'averaged'; basis: AverageBasis; period: number }
  | { step: 'normative'; why: string }

/** Billing periods (calendar months) from the one holding `since` to the one holding `day`; 0 = the same. */
export function periodsSince(since: DayNumber, day: DayNumber): number {
  const a = yearMonthOf(since)
  const b = yearMonthOf(day)
  return (b.year - a.year) * 12 + (b.month - a.month)
}

/**
 * What Decree 354 gives on `day` when readings stopped at `since` (the first
 * day without readings, or the failure day). `cache` keeps the basis per meter
 * and event so the hot path computes it once.
 */
export function decree354Step(t: MeterTimeline, since: DayNumber, day: DayNumber, policy: VolumePolicy, cache: Map<string, AverageBasis | null>): Decree354Step {
  const period = periodsSince(since, day)
  if (period >= policy.decree354.maxPeriods) return { step: 'normative', why: `period ${period + 1} without readings: after ${policy.decree354.maxPeriods} averaged periods the normative applies (Decree 354 §60)` }
  const key = `${t.meter.id}|${since}`
  let basis = cache.get(key)
  if (basis === undefined) {
    basis = averageDailyBefore(t, since, policy.decree354.historyMonths) ?? null
    const minDays = since - addMonths(since, -policy.decree354.minHistoryMonths)
    if (basis && basis.days < minDays) basis = null
    cache.set(key, basis)
  }
  if (!basis) return { step: 'normative', why: `less than ${policy.decree354.minHistoryMonths} months of metered history: the normative applies (Decree 354 §59)` }
  return { step: 'averaged', basis, period }
}
