// Statement of charges and payments for a date range (seed 000 step 7.1):
// the opening balance (every entry booked before `from`), the entries booked
// from `from` through `to` (both included) in date order with a running
// balance, and the closing balance.
import { z } from 'zod'
import { dec } from '../../core/shared/decimal.ts'
import type { Fx } from '../../core/shared/decimal.ts'
import { moneyFormatter } from './money-text.ts'
import type { Db } from '../../db/database.ts'
import { validationError } from '../errors.ts'
import { isoDate } from '../schemas.ts'
import { accountRef, type AccountRef } from './account-ref.ts'

export const rangeQuery = z.object({
  from: isoDate.describe('first day, included'),
  to: isoDate.describe('last day, included'),
}).strict()
export type Range = z.infer<typeof rangeQuery>

export const LEDGER_KINDS = ['charge', 'payment', 'adjustment', 'penalty', 'payment_reversal'] as const

export const statementEntryDto = z.object({
  id: z.string().describe('a 64-bit integer as a string'),
  bookedOn: z.string(),
  kind: z.enum(LEDGER_KINDS),
  amount: z.string().describe('positive = the customer owes more, negative = owes less'),
  balance: z.string().describe('the running balance after this entry'),
  description: z.string(),
  billId: z.uuid().nullable(),
  paymentId: z.uuid().nullable(),
}).meta({ id: 'StatementEntry' })

export const statementDto = z.object({
  accountId: z.uuid(), accountNumber: z.string(), currency: z.string(), from: z.string(), to: z.string(),
  openingBalance: z.string(), entries: z.array(statementEntryDto), closingBalance: z.string(),
}).meta({ id: 'Statement' })
export type StatementDto = z.infer<typeof statementDto>

export interface LedgerRows {
  account: AccountRef
  opening: Fx
  rows: { entryId: string; bookedOn: string; kind: (typeof LEDGER_KINDS)[number]; amount: string; description: string; billId: string | null; paymentId: string | null }[]
}

/** Both reads use ledger_entries_account (tenant, account, booked_on). */
export async function ledgerRows(db: Db, tenantId: string, accountId: string, range: Range): Promise<LedgerRows> {
  if (range.from > range.to) throw validationError('from must not be after to', [{ path: 'query.from', message: 'after to' }])
  const account = await accountRef(db, tenantId, accountId)
  const scope = db.selectFrom('ledgerEntries').where('tenantId', '=', tenantId).where('accountId', '=', accountId)
  const [open, rows] = await Promise.all([
    scope.select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amount'), eb.val('0')).as('sum')).where('bookedOn', '<', range.from).executeTakeFirstOrThrow(),
    scope.select(['entryId', 'bookedOn', 'kind', 'amount', 'description', 'billId', 'paymentId'])
      .where('bookedOn', '>=', range.from).where('bookedOn', '<=', range.to).orderBy('bookedOn').orderBy('entryId').execute(),
  ])
  return { account, opening: dec(open.sum), rows }
}

export async function statement(db: Db, tenantId: string, accountId: string, range: Range): Promise<StatementDto> {
  const { account, opening, rows } = await ledgerRows(db, tenantId, accountId, range)
  const fixed = moneyFormatter(account.minorUnits)
  let balance = opening
  const entries = rows.map((r) => {
    balance = balance.plus(r.amount)
    return { id: r.entryId, bookedOn: r.bookedOn, kind: r.kind, amount: fixed(dec(r.amount)), balance: fixed(balance),
      description: r.description, billId: r.billId, paymentId: r.paymentId }
  })
  return { accountId, accountNumber: account.number, currency: account.currency, from: range.from, to: range.to,
    openingBalance: fixed(opening), entries, closingBalance: fixed(balance) }
}
