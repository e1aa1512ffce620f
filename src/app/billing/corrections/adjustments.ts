// Adjustment lines for recomputed periods, in the writer's transaction: the
// accounts are locked first, then what was billed for each period is read
// fresh and compared with the recomputation (diff-period.ts).
import type { Db } from '../../../db/database.ts'
import type { MoneyPolicy } from '../../../core/bill/money-policy.ts'
import type { BillLineOut } from '../settle-accounts.ts'
import { loadBilledLines } from './billed-lines.ts'
import { lockAccounts } from '../../ledger/account-lock.ts'
import { diffPeriod } from './diff-period.ts'
import type { AdjustmentLine } from './diff-period.ts'
import { periodKey } from './recompute.ts'

export interface Recomputed {
  accountId: string
  periodStart: string
  lines: BillLineOut[]
  reason: string
}

/** Adjustment lines per account, periods in the order given; accounts without a difference are absent. */
export async function adjustmentsFor(trx: Db, tenantId: string, recomputed: Recomputed[], mp: MoneyPolicy): Promise<Map<string, AdjustmentLine[]>> {
  const out = new Map<string, AdjustmentLine[]>()
  if (!recomputed.length) return out
  await lockAccounts(trx, tenantId, [...new Set(recomputed.map((r) => r.accountId))])
  const billed = await loadBilledLines(trx, tenantId, recomputed)
  for (const r of recomputed) {
    const lines = diffPeriod({ periodStart: r.periodStart, billed: billed.get(periodKey(r.accountId, r.periodStart)) ?? [], recomputed: r.lines, reason: r.reason, money: mp })
    if (!lines.length) continue
    const l = out.get(r.accountId); if (l) l.push(...lines); else out.set(r.accountId, lines)
  }
  return out
}
