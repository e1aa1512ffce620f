// The increasing coefficient K for premises without a working meter where one
// could be installed, as effective-dated data per resource (tenant data, not
// constants). Looked up by day; no entry in force means K = 1.
import { dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import type { DayNumber } from '../shared/dates.ts'
import { toDayNumber } from './day-math.ts'
import type { CoefficientFrom, Resource } from './facts.ts'

/**
 * Russia: Decree 344 of 2013-04-16 amending Decree 354 §5(1) (memo 003):
 * 1.1 from 2015-01-01, 1.2 from 2015-07-01, 1.4 from 2016-01-01, 1.5 from
 * 2016-07-01 (kept since 2017). Cold water 3 from 2025-12-06 (Government
 * Decree 1871 of 2025-11-25, conventions.md, "verify"); hot water and
 * wastewater stay 1.5.
 */
export const RUSSIAN_INCREASING_COEFFICIENTS: readonly CoefficientFrom[] = (['cold_water', 'hot_water', 'wastewater'] as const).flatMap((resource) => [
  { resource, from: '2015-01-01', value: '1.1' },
  { resource, from: '2015-07-01', value: '1.2' },
  { resource, from: '2016-01-01', value: '1.4' },
  { resource, from: '2016-07-01', value: '1.5' },
  ...(resource === 'cold_water' ? [{ resource, from: '2025-12-06', value: '3' }] : []),
])

/** Memo 003 as written (before Decree 1871): no K = 3 for cold water. */
export const MEMO_003_COEFFICIENTS: readonly CoefficientFrom[] = RUSSIAN_INCREASING_COEFFICIENTS.filter((c) => c.value !== '3')

export interface CoefficientSchedule {
  days: DayNumber[]
  values: Fx[]
  raw: string[]
}

export function coefficientSchedule(all: readonly CoefficientFrom[], resource: Resource): CoefficientSchedule {
  const rows = all.filter((c) => c.resource === resource).sort((a, b) => a.from.localeCompare(b.from))
  return { days: rows.map((r) => toDayNumber(r.from)), values: rows.map((r) => dec(r.value)), raw: rows.map((r) => r.value) }
}

const ONE = dec(1)

/** K on a day: the latest entry that started on or before it; 1 before the first. */
export function coefficientOn(s: CoefficientSchedule, day: DayNumber): { value: Fx; raw: string } {
  let i = -1
  while (i + 1 < s.days.length && s.days[i + 1]! <= day) i++
  return i < 0 ? { value: ONE, raw: '1' } : { value: s.values[i]!, raw: s.raw[i]! }
}

/** Days on which K changes, for splitting intervals. */
export function coefficientChangeDays(s: CoefficientSchedule): DayNumber[] {
  return s.days
}
