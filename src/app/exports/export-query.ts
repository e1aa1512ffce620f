// The query every export takes: the file format, and the filters a dataset
// allows (unknown ones are refused, so a filter that does not apply is never
// silently ignored).
import { z } from 'zod'
import { isoDate, uuid } from '../schemas.ts'

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

const base = {
  format: z.enum(EXPORT_FORMATS).default('csv').describe('csv: RFC 4180, UTF-8, a header row; xlsx: one sheet, header row bold and frozen'),
  bom: z.enum(['true', 'false']).default('false').transform((v) => v === 'true')
    .describe('csv only: start with a UTF-8 byte order mark, for spreadsheet programs that guess the encoding otherwise'),
}
const range = {
  period: isoDate.optional().describe('the first day of a billing period'),
  from: isoDate.optional().describe('first day, included (not with period)'),
  to: isoDate.optional().describe('last day, included (not with period)'),
}
const accountId = uuid.optional().describe('only this account')

export interface ExportFilter {
  format: ExportFormat
  bom: boolean
  period?: string | undefined
  from?: string | undefined
  to?: string | undefined
  accountId?: string | undefined
  billRunId?: string | undefined
}

function checkRange(q: { period?: string | undefined; from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx) {
  if (q.period && (q.from || q.to)) ctx.addIssue({ code: 'custom', path: ['period'], message: 'give either period or from/to, not both' })
  if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' })
}

/** Bills and bill lines: a period, or an issue-date range; an account; a bill run. */
export const billExportQuery = z.object({ ...base, ...range, accountId, billRunId: uuid.optional().describe('only the bills of this bill run') })
  .strict().superRefine(checkRange)

/** Payments: a billing period or a payment-date range; an account. */
export const paymentExportQuery = z.object({ ...base, ...range, accountId }).strict().superRefine(checkRange)

/** Balances are as of now: only an account to narrow them. */
export const balanceExportQuery = z.object({ ...base, accountId }).strict()
