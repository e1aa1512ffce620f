// SQL of the events outbox: the insert (in the writer's transaction) and the
// feed read.
//
// Why (txid, seq) under pg_snapshot_xmin: seq (an identity) is taken at
// insert, so transaction A can take seq 10, B seq 11, and B commit first; a
// consumer that read 11 and stored it would never see 10. The feed therefore
// only returns events whose writing transaction (txid) is older than the
// oldest transaction still running in the cluster: every transaction with a
// smaller xid has ended, so no event can appear below that horizon any more.
// Events are ordered by (txid, seq), a total order in which the visible part
// only ever grows at the end. A per-tenant counter row locked until commit
// would give gapless numbers, but it serialises every writer of a tenant
// (bill-run chunks, payments, readings) on one row lock; the horizon costs a
// little latency instead: a long transaction holds the feed back until it
// ends (it never loses or reorders anything).
import { sql, type Transaction } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../../db/database.ts'
import type { DB } from '../../db/schema.ts'
import type { NewEvent } from './event-types.ts'
import { copyRows } from '../../db/copy-rows.ts'
import { rawClientOf } from '../../db/raw-client.ts'

export const EVENTS_CHANNEL = 'aqualedger_events'
const BATCH = 5_000
const COPY_FROM = 50
const EVENT_COLUMNS = ['tenant_id', 'event_id', 'type', 'object_type', 'object_id', 'payload']

export interface EventRow {
  seq: string
  eventId: string
  txid: string
  type: string
  objectType: string
  objectId: string
  payload: Record<string, unknown>
  occurredAt: Date
}

export interface FeedPosition { txid: string; seq: string }

/** Inserts the events (multi-row) and notifies the webhook dispatcher at commit. */
export async function insertEvents(trx: Transaction<DB>, tenantId: string, events: NewEvent[]): Promise<string[]> {
  const ids: string[] = []
  // Many events (a bill-run chunk's bill.issued, written while the tenant's
  // bill-number counter is locked) go by COPY when the transaction's pg client
  // is reachable: no parse and bind of six parameters an event.
  const client = events.length >= COPY_FROM ? await rawClientOf(trx) : undefined
  if (client) {
    await copyRows(client, 'events', EVENT_COLUMNS, events.map((e) => {
      const eventId = uuidv7()
      ids.push(eventId)
      return [tenantId, eventId, e.type, e.objectType, e.objectId, JSON.stringify(e.data)]
    }))
  }
  for (let i = 0; !client && i < events.length; i += BATCH) {
    const part = events.slice(i, i + BATCH).map((e) => {
      const eventId = uuidv7()
      ids.push(eventId)
      return { tenantId, eventId, type: e.type, objectType: e.objectType, objectId: e.objectId, payload: JSON.stringify(e.data) }
    })
    await trx.insertInto('events').values(part as never).execute()
  }
  // NOTIFY is delivered at commit (and not at all on rollback): the webhook
  // dispatcher wakes at once; a lost notification is caught by its sweep.
  if (events.length) await sql`select pg_notify(${EVENTS_CHANNEL}, ${tenantId})`.execute(trx)
  return ids
}

const columns = sql`seq::text as seq, event_id, txid::text as txid, type, object_type, object_id, payload, occurred_at`

/**
 * Events after a position, in (txid, seq) order, below the visibility horizon;
 * and the horizon itself, a position every future event will follow.
 */
export async function feedPage(db: Db, tenantId: string, after: FeedPosition | undefined, types: string[] | undefined, limit: number)
  : Promise<{ rows: EventRow[]; horizon: FeedPosition }> {
  const from = after ?? { txid: '0', seq: '0' }
  // One statement, one snapshot: the horizon is the one the rows were read under.
  const { rows } = await sql<Partial<EventRow> & { horizon: string }>`
    select h.xmin::text as horizon, e.*
    from (select pg_snapshot_xmin(pg_current_snapshot()) as xmin) h
    left join lateral (
      select ${columns} from events
      where tenant_id = ${tenantId} and (txid, seq) > (${from.txid}::xid8, ${from.seq}::bigint) and txid < h.xmin
        ${types?.length ? sql`and type = any(${types}::text[])` : sql``}
      -- qualified: the bare names would sort by the text aliases of the select list ("10" < "9")
      order by events.txid, events.seq
      limit ${limit}) e on true`.execute(db)
  const horizon = { txid: rows[0]!.horizon, seq: '0' }
  const events = rows.filter((r) => r.eventId !== null && r.eventId !== undefined).map(({ horizon: _h, ...r }) => r as EventRow)
  return { rows: events, horizon }
}

/** Whether events after a position exist that are committed but not yet below the horizon (an older transaction still runs). */
export async function eventsBeyondHorizon(db: Db, tenantId: string, after: FeedPosition, types: string[]): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select 1 as n from events
    where tenant_id = ${tenantId} and (txid, seq) > (${after.txid}::xid8, ${after.seq}::bigint)
      and txid >= pg_snapshot_xmin(pg_current_snapshot())
      ${types.length ? sql`and type = any(${types}::text[])` : sql``}
    limit 1`.execute(db)
  return rows.length > 0
}

export async function eventById(db: Db, tenantId: string, eventId: string): Promise<EventRow | undefined> {
  const { rows } = await sql<EventRow>`select ${columns} from events where tenant_id = ${tenantId} and event_id = ${eventId}::uuid`.execute(db)
  return rows[0]
}

/** Compares two positions in feed order. */
export function comparePositions(a: FeedPosition, b: FeedPosition): number {
  const t = BigInt(a.txid) - BigInt(b.txid)
  if (t !== 0n) return t < 0n ? -1 : 1
  const s = BigInt(a.seq) - BigInt(b.seq)
  return s === 0n ? 0 : s < 0n ? -1 : 1
}
