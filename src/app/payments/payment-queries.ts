// Reading payments: one by id, or a page filtered by account, dates, status
// and source (keyset on the time-ordered uuidv7 id).
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { notFound } from '../errors.ts'
import { decodeCursor, encodeCursor } from '../pagination.ts'
import { toPaymentDtos } from './payment-dto.ts'
import type { PaymentDto, paymentListQuery } from './payment-input.ts'

export async function getPayment(db: Db, tenantId: string, paymentId: string): Promise<PaymentDto> {
  const row = await db.selectFrom('payments').selectAll().where('tenantId', '=', tenantId).where('paymentId', '=', paymentId).executeTakeFirst()
  if (!row) throw notFound('payment')
  return (await toPaymentDtos(db, tenantId, [row]))[0]!
}

export async function listPayments(db: Db, tenantId: string, q: z.infer<typeof paymentListQuery>): Promise<{ items: PaymentDto[]; nextCursor: string | null }> {
  const after = decodeCursor(q.cursor)
  let query = db.selectFrom('payments').selectAll().where('tenantId', '=', tenantId)
  if (q.accountId) query = query.where('accountId', '=', q.accountId)
  if (q.from) query = query.where('paidOn', '>=', q.from)
  if (q.to) query = query.where('paidOn', '<=', q.to)
  if (q.status) query = query.where('status', '=', q.status)
  if (q.source) query = query.where('source', '=', q.source)
  if (q.externalId) query = query.where('externalId', '=', q.externalId)
  if (after) query = query.where('paymentId', '>', after)
  const rows = await query.orderBy('paymentId').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  return { items: await toPaymentDtos(db, tenantId, page), nextCursor: more ? encodeCursor(page[page.length - 1]!.paymentId) : null }
}
