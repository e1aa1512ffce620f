// Events are kept EVENTS_RETENTION_DAYS (default 90), then pruned by an hourly
// task, oldest first in feed order, in batches. Two rules keep "nothing is
// lost" true for the readers that depend on the feed:
// - an enabled webhook endpoint never loses an event it has not been given:
//   nothing after the slowest enabled endpoint's cursor is pruned (a
//   disabled one — 72 h of failures — does not hold the tenant's outbox
//   forever; re-enabled, it resumes at the oldest event still kept);
// - a feed reader whose cursor falls before the tenant's prune mark gets 410
//   `cursor_expired` (it must resynchronise from the objects), never a page
//   that silently skips what was pruned.
// Deliveries of pruned events go with them (their log is about those events).
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { AppError } from '../errors.ts'
import { comparePositions, type FeedPosition } from './events.queries.ts'

export const DEFAULT_EVENTS_RETENTION_DAYS = 90
export const PRUNE_EVENTS_TASK = 'prune_events'
const BATCH = 5_000

export const cursorExpired = (mark: FeedPosition) => new AppError('cursor_expired', 410,
  `events up to this cursor were pruned after the retention period (mark ${mark.txid}.${mark.seq}): resynchronise from the objects, then read the feed without \`after\``)

/** The tenant's prune mark, if anything was pruned. */
export async function pruneMark(db: Db, tenantId: string): Promise<FeedPosition | undefined> {
  const m = await db.selectFrom('eventPruneMarks').select(['txid', 'seq']).where('tenantId', '=', tenantId).executeTakeFirst()
  return m ? { txid: String(m.txid), seq: String(m.seq) } : undefined
}

/** A feed cursor must not lie before the prune mark (410 otherwise). */
export async function assertCursorKept(db: Db, tenantId: string, after: FeedPosition | undefined): Promise<void> {
  if (!after) return
  const mark = await pruneMark(db, tenantId)
  if (mark && comparePositions(after, mark) < 0) throw cursorExpired(mark)
}

interface Candidate { eventId: string; txid: string; seq: string; occurredAt: Date }

/** Prunes one tenant's events older than the cutoff; returns how many went. */
export async function pruneTenantEvents(db: Db, tenantId: string, cutoff: Date, clock: Clock): Promise<number> {
  let total = 0
  for (;;) {
    const pruned = await db.transaction().execute(async (trx) => {
      // the slowest enabled endpoint bounds what may go
      const slowest = (await sql<{ txid: string | null; seq: string | null }>`
        select cursor_txid::text as txid, cursor_seq::text as seq from webhook_endpoints
        where tenant_id = ${tenantId} and enabled order by cursor_txid, cursor_seq limit 1`.execute(trx)).rows[0]
      const { rows } = await sql<Candidate>`
        select event_id, txid::text as txid, seq::text as seq, occurred_at from events
        where tenant_id = ${tenantId} order by txid, seq limit ${BATCH}`.execute(trx)
      let n = 0
      while (n < rows.length && rows[n]!.occurredAt < cutoff
        && (!slowest?.txid || comparePositions(rows[n]!, { txid: slowest.txid, seq: slowest.seq! }) <= 0)) n++
      if (n === 0) return 0
      const gone = rows.slice(0, n)
      const last = gone[n - 1]!
      const ids = gone.map((r) => r.eventId)
      await sql`delete from webhook_deliveries where tenant_id = ${tenantId} and event_id = any(${ids}::uuid[])`.execute(trx)
      await sql`delete from events where tenant_id = ${tenantId} and event_id = any(${ids}::uuid[])`.execute(trx)
      await sql`
        insert into event_prune_marks (tenant_id, txid, seq, cutoff, pruned_at)
        values (${tenantId}, ${last.txid}::xid8, ${last.seq}::bigint, ${cutoff}, ${clock.now()})
        on conflict (tenant_id) do update set txid = excluded.txid, seq = excluded.seq, cutoff = excluded.cutoff, pruned_at = excluded.pruned_at`.execute(trx)
      return n === BATCH ? -n : n
    })
    total += Math.abs(pruned)
    // a full batch went: there may be more
    if (pruned >= 0) return total
  }
}

/** The hourly task: every tenant's events older than the retention. 0 days keeps them forever. */
export async function pruneEvents(db: Db, clock: Clock, retentionDays = DEFAULT_EVENTS_RETENTION_DAYS): Promise<number> {
  if (retentionDays <= 0) return 0
  const cutoff = new Date(clock.now().getTime() - retentionDays * 86_400_000)
  const tenants = await db.selectFrom('tenants').select('tenantId').execute()
  let total = 0
  for (const t of tenants) total += await pruneTenantEvents(db, t.tenantId, cutoff, clock)
  return total
}
