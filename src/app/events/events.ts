// Events: told what happened, once and in order (issue 11).
//
// Written by emitEvents in the transaction of the change they report (the
// transactional outbox): a rolled-back change leaves no event, a committed
// one always has its event. Read by the feed (GET /v1/events) and delivered
// to webhook endpoints (app/webhooks/).
//
// Payload: a reference plus the facts of the event, not the whole object as
// the API shows it. An event says what happened at that moment (bill 2026-10
// №123 was issued over 1,234.56 RUB); the object goes on changing (the bill
// gets paid), and a copy of it in an immutable log would be stale the moment
// it is read, so consumers that need the current object fetch it by `object.id`.
// A full bill with its lines and traces (≈ 800 bytes a line) would also make
// every bill-run chunk write its bills twice.
import { z } from 'zod'
import type { Transaction } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { DB } from '../../db/schema.ts'
import { forbidden, validationError } from '../errors.ts'
import { ADMIN_ONLY_EVENT_TYPES, EVENT_TYPES, type NewEvent } from './event-types.ts'
import { comparePositions, feedPage, insertEvents, type EventRow, type FeedPosition } from './events.queries.ts'
import { assertCursorKept } from './retention.ts'

/** Records events in the caller's transaction; returns their ids. */
export function emitEvents(trx: Transaction<DB>, tenantId: string, events: NewEvent[]): Promise<string[]> {
  return insertEvents(trx, tenantId, events)
}

export const eventDto = z.object({
  id: z.uuid().describe('unique per event; the webhook-id header of its deliveries (deduplicate on it)'),
  type: z.enum(EVENT_TYPES),
  timestamp: z.string().describe('when the change was recorded (the database clock at the write)'),
  cursor: z.string().describe('this event\'s position in the feed: GET /v1/events?after=<cursor> continues after it'),
  object: z.object({ type: z.string(), id: z.string() }).describe('what the event is about; fetch it for its current state'),
  data: z.record(z.string(), z.unknown()).describe('the facts the event asserts, as they were when it happened'),
}).meta({ id: 'Event' })
export type EventDto = z.infer<typeof eventDto>

export function encodePosition(p: FeedPosition): string {
  return Buffer.from(`${p.txid}.${p.seq}`, 'utf8').toString('base64url')
}

export function decodePosition(cursor: string | undefined, path = 'query.after'): FeedPosition | undefined {
  if (cursor === undefined) return undefined
  const m = /^(\d{1,20})\.(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!m || BigInt(m[1]!) > 18446744073709551615n || BigInt(m[2]!) > 9223372036854775807n) {
    throw validationError('the cursor is not valid', [{ path, message: 'unknown cursor' }])
  }
  return { txid: m[1]!, seq: m[2]! }
}

export function toEventDto(r: EventRow): EventDto {
  return { id: r.eventId, type: r.type as EventDto['type'], timestamp: r.occurredAt.toISOString(), cursor: encodePosition(r),
    object: { type: r.objectType, id: r.objectId }, data: r.payload }
}

const typeList = z.union([z.string(), z.array(z.string())]).transform((v, ctx) => {
  const list = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)
  for (const t of list) {
    if (!(EVENT_TYPES as readonly string[]).includes(t)) ctx.addIssue({ code: 'custom', message: `unknown event type ${t}` })
  }
  return list
})

export const eventFeedQuery = z.object({
  after: z.string().max(200).optional().describe('the cursor of the last event you processed (or a page\'s nextCursor); absent: from the first event'),
  types: typeList.optional().describe(`comma-separated event types (${EVENT_TYPES.join(', ')}); absent: all`),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

export const eventPageDto = z.object({
  items: z.array(eventDto),
  nextCursor: z.string().describe('where to continue: never null, a feed has no end; store it and pass it as `after` (an empty page keeps or advances it)'),
}).meta({ id: 'EventPage' })

/**
 * A page of the tenant's events in feed order. nextCursor is the last
 * event's position, or, when the page is not full, the visibility horizon
 * (every event still to come follows it), so a filtered reader moves on.
 */
export async function listEvents(db: Db, tenantId: string, q: { after?: string | undefined; types?: string[] | undefined; limit: number },
  reader: { admin: boolean }): Promise<z.infer<typeof eventPageDto>> {
  const after = decodePosition(q.after)
  // a non-admin reader's feed leaves out the admin-only types (event-types.ts), as if filtered by type
  const types = reader.admin ? q.types : (q.types?.length ? q.types : EVENT_TYPES).filter((t) => !(ADMIN_ONLY_EVENT_TYPES as readonly string[]).includes(t))
  if (types && !types.length) throw forbidden('admin')
  // a cursor before what the retention pruned: 410, never a page that skips the gap (retention.ts)
  await assertCursorKept(db, tenantId, after)
  const { rows, horizon } = await feedPage(db, tenantId, after, types, q.limit)
  const last = rows[rows.length - 1]
  // A full page continues after its last event. A short one has shown every
  // matching event below the horizon, so the reader may move on to it (never back).
  const next = rows.length === q.limit ? last! : [last, after, horizon].reduce<FeedPosition>((a, p) => (p && comparePositions(p, a) > 0 ? p : a), horizon)
  return { items: rows.map(toEventDto), nextCursor: encodePosition(next) }
}
