// Reconciliation act between two dates (seed 000 step 8.2, bills-and-tariffs.md
// "Documents"): opening balance, charges, payments, adjustments and penalties
// for the range, closing balance, and the rows with debit (what the customer
// was charged) and credit (what the customer paid) columns.
// closing = opening + charges − payments + adjustments + penalties.
import { z } from 'zod'
import { dec } from '../../core/shared/decimal.ts'
import { moneyFormatter } from './money-text.ts'
import type { Db } from '../../db/database.ts'
import { LEDGER_KINDS, ledgerRows, type Range } from './statement.ts'

export const reconciliationRowDto = z.object({
  entryId: z.string(), date: z.string(), kind: z.enum(LEDGER_KINDS), document: z.string(),
  debit: z.string().describe('increases the debt (charges, penalties, reversed payments, positive adjustments)'),
  credit: z.string().describe('decreases the debt (payments, negative adjustments)'),
  billId: z.uuid().nullable(), paymentId: z.uuid().nullable(),
}).meta({ id: 'ReconciliationRow' })

export const reconciliationDto = z.object({
  accountId: z.uuid(), accountNumber: z.string(), currency: z.string(), from: z.string(), to: z.string(),
  openingBalance: z.string().describe('positive = the customer owed, negative = credit'),
  charges: z.string(),
  payments: z.string().describe('payments received less payments reversed'),
  adjustments: z.string(),
  penalties: z.string(),
  closingBalance: z.string(),
  rows: z.array(reconciliationRowDto),
}).meta({ id: 'ReconciliationAct' })
export type ReconciliationDto = z.infer<typeof reconciliationDto>

export async function reconciliation(db: Db, tenantId: string, accountId: string, range: Range): Promise<ReconciliationDto> {
  const { account, opening, rows } = await ledgerRows(db, tenantId, accountId, range)
  const fixed = moneyFormatter(account.minorUnits)
  const sums = { charge: dec(0), payment: dec(0), payment_reversal: dec(0), adjustment: dec(0), penalty: dec(0) }
  const zero = fixed(dec(0))
  const out = rows.map((r) => {
    const amount = dec(r.amount)
    sums[r.kind] = sums[r.kind].plus(amount)
    return { entryId: r.entryId, date: r.bookedOn, kind: r.kind, document: r.description,
      debit: amount.gt(0) ? fixed(amount) : zero, credit: amount.lt(0) ? fixed(amount.neg()) : zero, billId: r.billId, paymentId: r.paymentId }
  })
  const payments = sums.payment.plus(sums.payment_reversal).neg()
  const closing = opening.plus(sums.charge).minus(payments).plus(sums.adjustment).plus(sums.penalty)
  return { accountId, accountNumber: account.number, currency: account.currency, from: range.from, to: range.to,
    openingBalance: fixed(opening), charges: fixed(sums.charge), payments: fixed(payments), adjustments: fixed(sums.adjustment),
    penalties: fixed(sums.penalty), closingBalance: fixed(closing), rows: out }
}
