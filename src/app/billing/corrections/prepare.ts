// The correction half of a bill-run chunk, before its transaction: find the
// accounts whose facts changed since they were last billed (one query), and
// re-settle the earlier periods those facts reach (bulk loads per period).
// An earlier period that no longer settles (e.g. a day no rule covers now)
// keeps the account out of this run, listed for a person to resolve, like
// any other settlement error: its correction is not guessed or dropped.
import type { Db } from '../../../db/database.ts'
import type { PointError } from '../settle-accounts.ts'
import type { TenantData } from '../tenant-data.ts'
import { correctionCandidates } from './candidates.ts'
import type { Recomputed } from './adjustments.ts'
import { periodKey, recomputePeriods } from './recompute.ts'

export interface PreparedCorrections {
  recomputed: Recomputed[]
  errors: Map<string, PointError[]>
}

export async function prepareCorrections(db: Db, t: TenantData, accountIds: string[], periodStart: string, today: string): Promise<PreparedCorrections> {
  const out: PreparedCorrections = { recomputed: [], errors: new Map() }
  const candidates = await correctionCandidates(db, t.tenantId, accountIds, periodStart, t.timeZone)
  if (!candidates.length) return out
  const settled = await recomputePeriods(db, t, candidates.flatMap((c) => c.periods), today)
  for (const c of candidates) {
    const errors: PointError[] = []
    const mine: Recomputed[] = []
    for (const p of c.periods) {
      const s = settled.get(periodKey(c.accountId, p.periodStart))!
      for (const e of s.errors) {
        errors.push({ servicePointId: e.servicePointId, code: 'correction_failed', message: `recomputing the period starting ${p.periodStart} (bill ${p.number}) for a correction: ${e.message}`,
          details: { correctsPeriodStart: p.periodStart, cause: e.code, ...e.details } })
      }
      mine.push({ accountId: c.accountId, periodStart: p.periodStart, lines: s.lines, reason: `facts changed since bill ${p.number} was computed: ${c.changes.join('; ')}` })
    }
    if (errors.length) out.errors.set(c.accountId, errors)
    else out.recomputed.push(...mine)
  }
  return out
}
