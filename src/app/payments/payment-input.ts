// What a bank, provider or accounting system sends for one payment, and what
// the API answers. externalId is the payer system's own id: the idempotency key.
import { z } from 'zod'
import { decimal, isoDate, pageQuery, text, uuid } from '../schemas.ts'

export const PAYMENT_SOURCES = ['bank', 'provider', 'accounting', 'portal', 'cash'] as const

export const paymentInput = z.object({
  externalId: text(200).describe('the payer system\'s id; a repeat with the same id and content returns the stored payment'),
  accountId: uuid.optional().describe('the account paid; omit it when paying by `reference`'),
  reference: z.string().regex(/^\d{2,25}$/, 'an OCR reference: 2–25 digits').optional()
    .describe('Sweden: the OCR reference of a combined invoice (instead of accountId): allocated across its accounts\' open bills, oldest first; '
      + 'what is left stays as credit on the invoice\'s first account (by number). A bill\'s own OCR pays that bill (as accountId + billId would)'),
  amount: decimal.refine((v) => Number(v) > 0, 'must be greater than 0'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217, e.g. RUB').optional().describe('the tenant\'s currency when omitted; another one is refused'),
  paidOn: isoDate,
  source: z.enum(PAYMENT_SOURCES),
  billId: uuid.optional().describe('pay this bill; otherwise the oldest open bills are paid first'),
}).strict().refine((p) => (p.accountId === undefined) !== (p.reference === undefined), { message: 'give accountId or reference (an invoice\'s or a bill\'s OCR), one of them', path: ['accountId'] })
  .refine((p) => p.reference === undefined || p.billId === undefined, { message: 'a payment by reference pays its invoice: no billId', path: ['billId'] })
  .meta({ id: 'PaymentInput' })
export type PaymentInput = z.infer<typeof paymentInput>

export const allocationDto = z.object({ billId: z.uuid(), amount: z.string() }).meta({ id: 'PaymentAllocation' })

export const paymentDto = z.object({
  id: z.uuid(), externalId: z.string(), accountId: z.uuid(), amount: z.string(), currency: z.string(), paidOn: z.string(),
  source: z.enum(PAYMENT_SOURCES), billId: z.uuid().nullable(),
  invoiceId: z.uuid().nullable().describe('paid by this combined invoice\'s OCR reference; accountId is then the account its credit stays on'), status: z.enum(['posted', 'reversed']),
  reversedAt: z.string().nullable(), reversalReason: z.string().nullable(), createdAt: z.string(),
  allocations: z.array(allocationDto).describe('what it paid on which bill; the rest is credit. A reversed payment keeps them as history; bills.paid no longer counts them'),
  unallocated: z.string().describe('the part that stayed as credit'),
}).meta({ id: 'Payment' })
export type PaymentDto = z.infer<typeof paymentDto>

export const reverseInput = z.object({
  reason: text(500),
  reversedOn: isoDate.optional().describe('the ledger date of the reversal; today in the tenant\'s time zone when omitted'),
}).strict().meta({ id: 'PaymentReversalInput' })

export const paymentListQuery = pageQuery.extend({
  accountId: uuid.optional(),
  from: isoDate.optional().describe('paid on or after'),
  to: isoDate.optional().describe('paid on or before'),
  status: z.enum(['posted', 'reversed']).optional(),
  source: z.enum(PAYMENT_SOURCES).optional(),
  externalId: z.string().max(200).optional(),
}).strict()
