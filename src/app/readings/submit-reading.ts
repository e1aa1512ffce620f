// One reading (portal, mobile app, a reader's handheld): the same intake as
// bulk uploads, answered with the stored reading and its verdict.
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { unprocessable, validationError } from '../errors.ts'
import { inTransaction } from '../transaction.ts'
import { ReadingIntake, type IntakeOptions } from './intake.ts'
import { fromInput, type ReadingInput } from './reading-input.ts'
import { readingDto, toReadingDto, type ReadingDto } from './reading-dto.ts'
import { emitEvents } from '../events/events.ts'
import { readingEventData } from './reading-events.ts'

export const submitResult = z.object({
  verdict: z.enum(['accepted', 'flagged', 'rejected', 'duplicate']).describe('duplicate: this reading was stored before; nothing was added'),
  reading: readingDto,
}).meta({ id: 'ReadingSubmitted' })

export async function submitReading(db: Db, tenantId: string, input: ReadingInput, opts: IntakeOptions): Promise<{ verdict: string; reading: ReadingDto }> {
  return inTransaction(db, async (trx) => {
    const intake = new ReadingIntake(trx, tenantId, opts)
    const [v] = await intake.process([{ row: 1, parsed: { ok: true, row: fromInput(input) } }])
    if (v!.reasons.includes('invalid_row')) throw validationError('the request body is not valid', v!.errors?.map((e) => ({ path: `body.${e.path}`, message: e.message })))
    // Nothing to store against: an unknown meter, or another tenant's (never revealed).
    if (v!.reasons.includes('unknown_meter')) throw unprocessable('unknown_meter', 'no such meter', [{ path: input.meterId ? 'body.meterId' : 'body.meterSerial', message: 'unknown meter' }])
    const row = await trx.selectFrom('readings').selectAll().where('tenantId', '=', tenantId).where('readingId', '=', v!.readingId!).executeTakeFirstOrThrow()
    const reading = toReadingDto(row)
    // a duplicate added nothing, so it tells nothing
    if (v!.status !== 'duplicate') {
      await emitEvents(trx, tenantId, [{ type: `reading.${reading.status}`, objectType: 'reading', objectId: reading.id, data: readingEventData(reading) }])
    }
    return { verdict: v!.status, reading }
  })
}
