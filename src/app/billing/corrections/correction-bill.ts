// A correction bill (issue 4 §2): a separate bill of kind 'correction' with
// the next gapless number, pointing at the bill it corrects, holding only
// adjustment lines, with one `adjustment` ledger entry, paid from the
// account's credit when it has one; in the caller's
// transaction. Regular bills and runs see its lines as already billed for the
// corrected period (billed-lines.ts), so nothing is corrected twice.
import { emitEvents } from '../../events/events.ts'
import { v7 as uuidv7 } from 'uuid'
import type { Transaction } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { money, roundPayable } from '../../../core/bill/money-policy.ts'
import type { MoneyPolicy } from '../../../core/bill/money-policy.ts'
import { dec } from '../../../core/shared/decimal.ts'
import { postEntries } from '../../ledger/post-entries.ts'
import { addMonths } from '../bill-runs.ts'
import { dueDate } from '../compose-bills.ts'
import { formatNumber, takeNumbers } from '../numbering.ts'
import { adjustmentEntry, adjustmentRows } from '../write-bills.ts'
import { creditAllocations } from '../apply-credit.ts'
import type { AdjustmentLine } from './diff-period.ts'

export interface CorrectionBillInput {
  tenantId: string
  accountId: string
  corrects: { billId: string; periodStart: string; periodEnd: string }
  issuedOn: string
  currency: string
  money: MoneyPolicy
  lines: AdjustmentLine[]
}

export async function issueCorrectionBill(trx: Transaction<DB>, c: CorrectionBillInput): Promise<string> {
  let total = dec(0)
  for (const l of c.lines) total = total.plus(l.amount)
  const balance = await trx.selectFrom('accountBalances').select('balance').where('tenantId', '=', c.tenantId).where('accountId', '=', c.accountId).executeTakeFirst()
  const debt = dec(balance?.balance ?? 0)
  const r = roundPayable(c.money, total, dec(0), debt)
  const billId = uuidv7()
  const charges = money(c.money, total)
  const rounding = money(c.money, r.carry.times(-1))
  // an account in credit pays a positive correction from it, like a regular bill (apply-credit.ts)
  const credit = await creditAllocations(trx, c.tenantId, [{ billId, accountId: c.accountId, debt: money(c.money, debt), charges, rounding }])
  const number = await takeNumbers(trx, c.tenantId, 1)
  // due like a bill of the month it is issued in: the 15th of the next month (conventions.md)
  const nextMonth = addMonths(`${c.issuedOn.slice(0, 7)}-01`, 1)
  await trx.insertInto('bills').values({
    tenantId: c.tenantId, billId, accountId: c.accountId, kind: 'correction', periodStart: c.corrects.periodStart, periodEnd: c.corrects.periodEnd,
    number: formatNumber(number), issuedOn: c.issuedOn, dueOn: dueDate(nextMonth, c.issuedOn), currency: c.currency,
    charges, rounding, previousCarry: '0', carry: money(c.money, r.carry),
    debt: money(c.money, debt), payable: money(c.money, r.payable), paid: credit.paid.get(billId) ?? '0', billRunId: null, correctsBillId: c.corrects.billId,
  }).execute()
  if (credit.rows.length) await trx.insertInto('paymentAllocations').values(credit.rows.map((a) => ({ tenantId: c.tenantId, ...a }))).execute()
  await trx.insertInto('billLines').values(adjustmentRows(c.tenantId, billId, 0, c.lines)).execute()
  await postEntries(trx, c.tenantId, [adjustmentEntry(c.accountId, billId, money(c.money, total), c.issuedOn, c.lines)], new Map([[c.accountId, billId]]))
  await emitEvents(trx, c.tenantId, [{ type: 'bill.corrected', objectType: 'bill', objectId: billId, data: {
    billId, accountId: c.accountId, kind: 'correction', number: formatNumber(number), correctsBillId: c.corrects.billId,
    periodStart: c.corrects.periodStart, periodEnd: c.corrects.periodEnd, issuedOn: c.issuedOn, currency: c.currency, charges, payable: money(c.money, r.payable) } }])
  return billId
}
