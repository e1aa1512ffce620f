// What was billed for a period so far: the lines of its regular bill plus
// every adjustment line that corrected it since (in later regular bills or
// in correction bills). Read inside the writer's transaction, after the
// accounts are locked (lock-accounts.ts), so two correctors never both see
// "not corrected yet".
import { sql } from 'kysely'
import type { Db } from '../../../db/database.ts'
import { periodKey } from './recompute.ts'

export interface StoredLine {
  billNumber: string
  kind: string
  servicePointId: string | null
  service: string
  line: string
  method: string | null
  intervalFrom: string
  intervalTo: string
  volume: string | null
  rate: string | null
  amount: string
  correctsPeriodStart: string | null
  trace: Record<string, any>
}

export async function loadBilledLines(db: Db, tenantId: string, refs: { accountId: string; periodStart: string }[]): Promise<Map<string, StoredLine[]>> {
  const out = new Map<string, StoredLine[]>()
  if (!refs.length) return out
  const { rows } = await sql<StoredLine & { accountId: string; periodStart: string }>`
    select x.account_id, x.period_start::text as period_start, b.number as bill_number, l.kind, l.service_point_id, l.service, l.line, l.method,
      l.interval_from::text as interval_from, l.interval_to::text as interval_to, l.volume::text as volume, l.rate::text as rate, l.amount::text as amount,
      l.corrects_period_start::text as corrects_period_start, l.trace
    from unnest(${refs.map((r) => r.accountId)}::uuid[], ${refs.map((r) => r.periodStart)}::date[]) as x(account_id, period_start)
    join bills b on b.tenant_id = ${tenantId} and b.account_id = x.account_id
    join bill_lines l on l.tenant_id = b.tenant_id and l.bill_id = b.bill_id
    where (b.kind = 'regular' and b.period_start = x.period_start and l.corrects_period_start is null)
       or l.corrects_period_start = x.period_start
    order by b.issued_on, b.number, l.line_no`.execute(db)
  for (const r of rows) {
    const key = periodKey(r.accountId, r.periodStart)
    const { accountId: _a, periodStart: _p, ...line } = r
    const l = out.get(key); if (l) l.push(line); else out.set(key, [line])
  }
  return out
}
