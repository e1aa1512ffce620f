// Bulk payments (thousands of rows a request): each row is validated alone, a
// bad row is rejected without stopping the others, and the rest are posted in
// one transaction by postPayments. A retry of the whole batch changes nothing
// (its rows come back as duplicate).
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { zodIssues } from '../errors.ts'
import { paymentInput, type PaymentInput } from './payment-input.ts'
import { postPayments } from './post-payments.ts'

export const bulkRowResult = z.object({
  row: z.number().int().describe('1-based position in the upload'),
  status: z.enum(['created', 'duplicate', 'conflict', 'rejected']),
  paymentId: z.uuid().nullable(),
  externalId: z.string().nullable(),
  code: z.string().nullable().describe('why a row was rejected or conflicted'),
  message: z.string().nullable(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
}).meta({ id: 'PaymentRowResult' })

export const bulkResult = z.object({
  counts: z.object({ received: z.number().int(), created: z.number().int(), duplicate: z.number().int(), conflict: z.number().int(), rejected: z.number().int() }),
  rows: z.array(bulkRowResult),
}).meta({ id: 'PaymentsBulkResult' })
export type BulkResult = z.infer<typeof bulkResult>

export async function postPaymentsBulk(db: Db, tenantId: string, raw: unknown[]): Promise<BulkResult> {
  const rows: BulkResult['rows'] = new Array(raw.length)
  const valid: { index: number; input: PaymentInput }[] = []
  raw.forEach((value, index) => {
    const r = paymentInput.safeParse(value)
    if (r.success) valid.push({ index, input: r.data })
    else rows[index] = { row: index + 1, status: 'rejected', paymentId: null, externalId: null, code: 'validation_error',
      message: 'the row is not valid', errors: zodIssues(r.error, `${index}`) }
  })
  const outcomes = await postPayments(db, tenantId, valid.map((v) => v.input))
  outcomes.forEach((o, k) => {
    const { index, input } = valid[k]!
    const base = { row: index + 1, externalId: input.externalId }
    if ('payment' in o) rows[index] = { ...base, status: o.status, paymentId: o.payment.paymentId, code: null, message: null }
    else rows[index] = { ...base, status: o.status, paymentId: 'paymentId' in o ? o.paymentId : null, code: o.code, message: o.message }
  })
  const count = (s: string) => rows.filter((r) => r.status === s).length
  return { counts: { received: raw.length, created: count('created'), duplicate: count('duplicate'), conflict: count('conflict'), rejected: count('rejected') }, rows }
}
