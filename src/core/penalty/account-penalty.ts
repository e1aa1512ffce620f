// An account's penalty as of a day: each debt period computed separately
// (conventions.md: "Each debt period is computed separately, day by day"),
// the total being the sum of the rounded per-debt penalties.
import { dec } from '../shared/decimal.ts'
import type { IsoDate } from '../shared/dates.ts'
import { debtPenalty, type Debt, type DebtPenalty } from './debt-penalty.ts'
import type { PenaltyTerms } from './terms.ts'

export interface AccountPenalty {
  asOf: IsoDate
  total: string
  debts: DebtPenalty[]
}

export function accountPenalty(debts: Debt[], terms: PenaltyTerms, asOf: IsoDate): AccountPenalty {
  const results = debts.map((d) => debtPenalty(d, terms, asOf))
  const total = results.reduce((s, r) => s.plus(r.penalty), dec(0))
  return { asOf, total: total.toFixed(terms.minorUnits), debts: results.filter((r) => r.segments.length > 0) }
}
