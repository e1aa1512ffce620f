// Re-settles earlier periods of some accounts with today's facts, through the
// same path as a bill run (load-facts → settleAccounts → the pure core), so a
// correction is computed exactly as the period would be billed now.
import type { Db } from '../../../db/database.ts'
import { addDays } from '../../../core/shared/dates.ts'
import { dec } from '../../../core/shared/decimal.ts'
import { loadAccountPoints, loadPointsById } from '../load-facts.ts'
import type { LoadedPoint, Window } from '../load-facts.ts'
import { settleAccounts } from '../settle-accounts.ts'
import type { AccountSettlement } from '../settle-accounts.ts'
import type { TenantData } from '../tenant-data.ts'

export interface PeriodRef { accountId: string; periodStart: string; periodEnd: string }

/** Readings from 14 months before the period, as bill-chunk.ts loads them (12 months of averaging history and the opening index). */
const READINGS_LOOKBACK_DAYS = 14 * 31

export const periodKey = (accountId: string, periodStart: string) => `${accountId}|${periodStart}`

/** Settlements by periodKey; one set of bulk loads per distinct period. */
export async function recomputePeriods(db: Db, t: TenantData, refs: PeriodRef[], today: string): Promise<Map<string, AccountSettlement>> {
  const out = new Map<string, AccountSettlement>()
  const byPeriod = new Map<string, PeriodRef[]>()
  for (const r of refs) { const l = byPeriod.get(r.periodStart); if (l) l.push(r); else byPeriod.set(r.periodStart, [r]) }
  for (const [from, list] of byPeriod) {
    const period = { from, to: list[0]!.periodEnd }
    const w: Window = { ...period, readingsFrom: addDays(from, -READINGS_LOOKBACK_DAYS), timeZone: t.timeZone }
    const points = await loadAccountPoints(db, t.tenantId, [...new Set(list.map((r) => r.accountId))], w)
    const network = new Map<string, LoadedPoint>(points.map((p) => [p.facts.point.id, p]))
    const missing = [...new Set(points.flatMap((p) => p.needs))].filter((id) => !network.has(id))
    for (const p of await loadPointsById(db, t.tenantId, missing, w)) network.set(p.facts.point.id, p)
    const last = addDays(period.to, -1)
    for (const s of settleAccounts(points, network, t, period, today > last ? today : last)) out.set(periodKey(s.accountId, from), s)
    // an account with no point open in the period now: nothing is owed for it
    for (const r of list) {
      const key = periodKey(r.accountId, from)
      if (!out.has(key)) out.set(key, { accountId: r.accountId, lines: [], charges: dec(0), errors: [] })
    }
  }
  return out
}
