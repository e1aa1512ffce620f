// A person decides a flagged reading: accepted, it drives billing from now
// on; rejected, it never does. Only flagged readings wait for a decision
// (meters-and-readings.md: "does not drive a bill until accepted").
import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { conflict, notFound } from '../errors.ts'
import { text } from '../schemas.ts'
import { toReadingDto, type ReadingDto } from './reading-dto.ts'
import { inTransaction } from '../transaction.ts'
import { emitEvents } from '../events/events.ts'
import { readingEventData } from './reading-events.ts'

export const rejectInput = z.object({ reason: text(500).describe('why the reading is refused, kept with it') }).strict()
export const acceptInput = z.object({ note: text(500).optional() }).strict()

function decide(db: Db, tenantId: string, id: string, status: 'accepted' | 'rejected', reason: string | null, note: string | null): Promise<ReadingDto> {
  return inTransaction(db, (trx) => decideIn(trx, tenantId, id, status, reason, note))
}

async function decideIn(db: Db, tenantId: string, id: string, status: 'accepted' | 'rejected', reason: string | null, note: string | null): Promise<ReadingDto> {
  const { rows } = await sql<any>`
    update readings set status = ${status}, decided_at = now(), decision_note = ${note},
      reasons = case when ${reason}::text is null then reasons else array_append(reasons, ${reason}::text) end
    where tenant_id = ${tenantId} and reading_id = ${id}::bigint and status = 'flagged'
    returning *`.execute(db)
  if (rows[0]) {
    const reading = toReadingDto(rows[0])
    await emitEvents(db as never, tenantId, [{ type: `reading.${status}`, objectType: 'reading', objectId: reading.id, data: { ...readingEventData(reading), decidedBy: 'operator' } }])
    return reading
  }
  const exists = await db.selectFrom('readings').select('status').where('tenantId', '=', tenantId).where('readingId', '=', id).executeTakeFirst()
  if (!exists) throw notFound('reading')
  throw conflict(`only a flagged reading can be decided; this one is ${exists.status}`)
}

export function acceptReading(db: Db, tenantId: string, id: string, input: z.infer<typeof acceptInput> = {}): Promise<ReadingDto> {
  return decide(db, tenantId, id, 'accepted', null, input.note ?? null)
}

export function rejectReading(db: Db, tenantId: string, id: string, input: z.infer<typeof rejectInput>): Promise<ReadingDto> {
  return decide(db, tenantId, id, 'rejected', 'rejected_by_operator', input.reason)
}
