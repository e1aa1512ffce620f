// Reading history of a meter or an account: newest first, filtered by dates
// (days in the tenant's time zone, [from, to)) and status, paged by keyset on
// (read_at, reading_id) — readings_dedupe (its meter, read_at prefix) serves the per-meter scan.
import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { notFound, validationError } from '../errors.ts'
import { isoDate, pageQuery } from '../schemas.ts'
import { toReadingDto, type ReadingDto } from './reading-dto.ts'

export const historyQuery = pageQuery.extend({
  from: isoDate.optional().describe('first day, inclusive'),
  to: isoDate.optional().describe('day after the last, exclusive'),
  status: z.enum(['accepted', 'flagged', 'rejected']).optional(),
})
export type HistoryQuery = z.infer<typeof historyQuery>

export const readingIdParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'a reading id') })

interface Cursor { us: string; id: string }

function encode(c: Cursor): string {
  return Buffer.from(`${c.us}:${c.id}`, 'utf8').toString('base64url')
}

function decode(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined
  const m = /^(-?\d{1,20}):(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!m) throw validationError('the cursor is not valid', [{ path: 'query.cursor', message: 'unknown cursor' }])
  return { us: m[1]!, id: m[2]! }
}

async function page(db: Db, tenantId: string, meterIds: string[] | null, q: HistoryQuery) {
  const after = decode(q.cursor)
  const tz = sql`(select time_zone from tenants where tenant_id = ${tenantId})`
  let query = db.selectFrom('readings').selectAll()
    .select(sql<string>`(extract(epoch from read_at) * 1000000)::bigint::text`.as('us'))
    .where('tenantId', '=', tenantId)
  if (meterIds) query = query.where('meterId', 'in', meterIds)
  if (q.from) query = query.where('readAt', '>=', sql<Date>`(${q.from}::date::timestamp at time zone ${tz})`)
  if (q.to) query = query.where('readAt', '<', sql<Date>`(${q.to}::date::timestamp at time zone ${tz})`)
  if (q.status) query = query.where('status', '=', q.status)
  if (after) {
    query = query.where(sql<boolean>`(read_at, reading_id) < (timestamptz 'epoch' + ${after.us}::bigint * interval '1 microsecond', ${after.id}::bigint)`)
  }
  const rows = await query.orderBy('readAt', 'desc').orderBy('readingId', 'desc').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const items = (more ? rows.slice(0, q.limit) : rows)
  const lastRow = items[items.length - 1] as any
  return { items: items.map(toReadingDto), nextCursor: more ? encode({ us: lastRow.us, id: String(lastRow.readingId) }) : null }
}

export async function meterReadings(db: Db, tenantId: string, meterId: string, q: HistoryQuery): Promise<{ items: ReadingDto[]; nextCursor: string | null }> {
  const m = await db.selectFrom('meters').select('meterId').where('tenantId', '=', tenantId).where('meterId', '=', meterId).executeTakeFirst()
  if (!m) throw notFound('meter')
  return page(db, tenantId, [meterId], q)
}

/** Every meter of the account's service points (the customer's history, portals 000 step 7.3). */
export async function accountReadings(db: Db, tenantId: string, accountId: string, q: HistoryQuery): Promise<{ items: ReadingDto[]; nextCursor: string | null }> {
  const a = await db.selectFrom('accounts').select('accountId').where('tenantId', '=', tenantId).where('accountId', '=', accountId).executeTakeFirst()
  if (!a) throw notFound('account')
  const meters = await db.selectFrom('meters').innerJoin('servicePoints', (j) => j.onRef('servicePoints.tenantId', '=', 'meters.tenantId')
    .onRef('servicePoints.servicePointId', '=', 'meters.servicePointId'))
    .select('meters.meterId').where('meters.tenantId', '=', tenantId).where('servicePoints.accountId', '=', accountId).execute()
  if (!meters.length) return { items: [], nextCursor: null }
  return page(db, tenantId, meters.map((m) => m.meterId), q)
}

/** The tenant's readings, e.g. the flagged ones waiting for a decision. */
export async function listReadings(db: Db, tenantId: string, q: HistoryQuery & { meterId?: string | undefined }) {
  return page(db, tenantId, q.meterId ? [q.meterId] : null, q)
}

export async function getReading(db: Db, tenantId: string, id: string): Promise<ReadingDto> {
  const row = await db.selectFrom('readings').selectAll().where('tenantId', '=', tenantId).where('readingId', '=', id).executeTakeFirst()
  if (!row) throw notFound('reading')
  return toReadingDto(row)
}
