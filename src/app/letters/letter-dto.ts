// Letters and documents sent to a customer (seed 001 "Mina dokument"): what a
// list item says and which filters a list takes. Every item is derived from a
// record that exists (a bill, a written warning); nothing is copied, so a
// letter cannot disagree with the ledger it comes from.
import { z } from 'zod'
import { isoDate, uuid } from '../schemas.ts'

/**
 * payment_document: a regular bill; correction: a correction bill;
 * final_bill: the regular bill of a closed account's last period;
 * nonpayment_warning: the written warning before disconnection (seed 002 item 4);
 * missing_readings_notice: the written notice that readings are missing.
 */
export const LETTER_KINDS = ['payment_document', 'correction', 'final_bill', 'nonpayment_warning', 'missing_readings_notice'] as const
export type LetterKind = (typeof LETTER_KINDS)[number]

/** One value or the same key repeated (?kind=a&kind=b): a list either way. */
export const manyOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).max(20)).optional()

export const letterFilter = {
  kind: manyOf(z.enum(LETTER_KINDS)).describe('only these kinds (repeat the key for several)'),
  from: isoDate.optional().describe('sent on or after this day'),
  to: isoDate.optional().describe('sent on or before this day'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional().describe('nextCursor of the previous page'),
}

export const accountLettersQuery = z.object(letterFilter).strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' })
export const lettersQuery = z.object({
  ...letterFilter,
  accountId: uuid.optional().describe('only this account'),
  customerId: uuid.optional().describe('only the accounts of this customer (API keys)'),
}).strict().refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' })
export type LettersQuery = z.infer<typeof lettersQuery>

export const letterDto = z.object({
  id: uuid.describe('the id of the record the letter comes from (the bill or the warning)'),
  kind: z.enum(LETTER_KINDS),
  accountId: uuid,
  accountNumber: z.string(),
  date: z.string().describe('the day it was sent (issued)'),
  period: z.object({ start: z.string(), end: z.string().describe('exclusive') }).nullable().describe('the billing period a bill is for'),
  title: z.string(),
  reference: z.string().nullable().describe('the bill number or the letter\'s reference'),
  amount: z.string().nullable().describe('a bill\'s payable amount (decimal string)'),
  currency: z.string().nullable(),
  channel: z.string().nullable().describe('how a warning was sent'),
  deliveredOn: z.string().nullable(),
  document: z.object({ url: z.string(), mediaType: z.literal('application/pdf') }).describe('where to download it'),
}).meta({ id: 'Letter' })
export type LetterDto = z.infer<typeof letterDto>
export const letterPageDto = z.object({ items: z.array(letterDto), nextCursor: z.string().nullable() }).meta({ id: 'LetterPage' })
