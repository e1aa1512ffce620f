// Written warnings to a customer (seed 002 item 4): the utility may
// disconnect after 3 consecutive unpaid periods *after a written warning*, so
// the warning is recorded with when it was issued and delivered, how, and the
// letter's reference. The disconnection candidates read them.
import { inTransaction } from '../transaction.ts'
import { emitEvents } from '../events/events.ts'
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { unprocessable } from '../errors.ts'
import { isoDate, text } from '../schemas.ts'
import { accountRef } from './account-ref.ts'
import { todayIn, type Clock } from '../clock.ts'

export const WARNING_KINDS = ['nonpayment', 'missing_readings'] as const
export const WARNING_CHANNELS = ['post', 'registered_mail', 'hand_delivery', 'email', 'sms', 'portal', 'other'] as const

export const warningInput = z.object({
  kind: z.enum(WARNING_KINDS).describe('nonpayment: before disconnection for unpaid periods; missing_readings: no reading possible'),
  issuedOn: isoDate.describe('the day the warning was issued (sent), in the tenant\'s calendar; not in the future'),
  deliveredOn: isoDate.optional().describe('the day the customer received it, when known (not before issuedOn)'),
  channel: z.enum(WARNING_CHANNELS),
  reference: text(200).optional().describe('the letter\'s number or a postal tracking number'),
  note: text(2000).optional(),
}).strict().refine((w) => !w.deliveredOn || w.deliveredOn >= w.issuedOn, { path: ['deliveredOn'], message: 'must not be before issuedOn' })
export type WarningInput = z.infer<typeof warningInput>

export const warningListQuery = z.object({ kind: z.enum(WARNING_KINDS).optional() }).strict()

export const warningDto = z.object({
  id: z.uuid(), accountId: z.uuid(), kind: z.enum(WARNING_KINDS), issuedOn: z.string(), deliveredOn: z.string().nullable(),
  channel: z.string(), reference: z.string().nullable(), note: z.string().nullable(), createdAt: z.string(),
}).meta({ id: 'Warning' })
export type WarningDto = z.infer<typeof warningDto>
export const warningListDto = z.object({ items: z.array(warningDto) }).meta({ id: 'WarningList' })

type Row = { warningId: string; accountId: string; kind: WarningDto['kind']; issuedOn: string; deliveredOn: string | null; channel: string;
  reference: string | null; note: string | null; createdAt: Date }

const toDto = (w: Row): WarningDto => ({ id: w.warningId, accountId: w.accountId, kind: w.kind, issuedOn: w.issuedOn, deliveredOn: w.deliveredOn,
  channel: w.channel, reference: w.reference, note: w.note, createdAt: w.createdAt.toISOString() })

export async function issueWarning(db: Db, tenantId: string, accountId: string, input: WarningInput, clock: Clock): Promise<WarningDto> {
  const account = await accountRef(db, tenantId, accountId)
  const today = todayIn(account.timeZone, clock)
  // A warning dated ahead would start the disconnection clock before the customer was told.
  if (input.issuedOn > today || (input.deliveredOn && input.deliveredOn > today)) {
    throw unprocessable('warning_in_future', `a warning is recorded once issued (today is ${today} in ${account.timeZone})`,
      [{ path: input.issuedOn > today ? 'body.issuedOn' : 'body.deliveredOn', message: 'must not be in the future' }])
  }
  return inTransaction(db, async (trx) => {
    const row = await trx.insertInto('warnings').values({ tenantId, warningId: uuidv7(), accountId, kind: input.kind, issuedOn: input.issuedOn,
      deliveredOn: input.deliveredOn ?? null, channel: input.channel, reference: input.reference ?? null, note: input.note ?? null })
      .returning(['warningId', 'accountId', 'kind', 'issuedOn', 'deliveredOn', 'channel', 'reference', 'note', 'createdAt']).executeTakeFirstOrThrow()
    const dto = toDto(row)
    await emitEvents(trx, tenantId, [{ type: 'warning.issued', objectType: 'warning', objectId: dto.id, data: {
      warningId: dto.id, accountId, kind: dto.kind, issuedOn: dto.issuedOn, deliveredOn: dto.deliveredOn, channel: dto.channel } }])
    return dto
  })
}

/** An account's warnings, oldest first. */
export async function listWarnings(db: Db, tenantId: string, accountId: string, q: z.infer<typeof warningListQuery> = {}): Promise<{ items: WarningDto[] }> {
  await accountRef(db, tenantId, accountId)
  const rows = await db.selectFrom('warnings').select(['warningId', 'accountId', 'kind', 'issuedOn', 'deliveredOn', 'channel', 'reference', 'note', 'createdAt'])
    .where('tenantId', '=', tenantId).where('accountId', '=', accountId)
    .$if(!!q.kind, (b) => b.where('kind', '=', q.kind!))
    .orderBy('issuedOn').orderBy('warningId').execute()
  return { items: rows.map(toDto) }
}

/** The warnings of a kind of several accounts issued on or before asOf, oldest first, by account. */
export async function warningsByAccount(db: Db, tenantId: string, accountIds: string[], kind: WarningDto['kind'], asOf: string): Promise<Map<string, WarningDto[]>> {
  const byAccount = new Map<string, WarningDto[]>()
  if (accountIds.length === 0) return byAccount
  const rows = await db.selectFrom('warnings').select(['warningId', 'accountId', 'kind', 'issuedOn', 'deliveredOn', 'channel', 'reference', 'note', 'createdAt'])
    // one array parameter: a long candidate list must not run into the bind-parameter limit
    .where('tenantId', '=', tenantId).where(sql<boolean>`account_id = any(${accountIds}::uuid[])`).where('kind', '=', kind).where('issuedOn', '<=', asOf)
    .orderBy('accountId').orderBy('issuedOn').orderBy('warningId').execute()
  for (const r of rows) {
    let list = byAccount.get(r.accountId)
    if (!list) byAccount.set(r.accountId, list = [])
    list.push(toDto(r))
  }
  return byAccount
}
