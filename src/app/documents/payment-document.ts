// Everything a payment document prints for one bill (seed 000, Decree 354
// §69): payee and payer, the bill with each line's method, volume, rate and
// amount, the balance, the due date and the market's payment code.
import type { Db } from '../../db/database.ts'
import { getBill } from '../billing/bills.ts'
import { accountBalance, type BalanceDto } from '../ledger/balance.ts'
import { todayIn, type Clock } from '../clock.ts'
import { langOfLocale, type Lang } from './lang.ts'
import { loadParties, type PartiesView } from './party.ts'
import { paymentCode, type PaymentCode } from './payment-code.ts'
import { highBillNote } from './high-bill-note.ts'

export type BillView = Awaited<ReturnType<typeof getBill>>

export interface PaymentDocumentView extends PartiesView {
  lang: Lang
  bill: BillView
  balance: BalanceDto
  /** the tenant's day the balance was read on */
  balanceOn: string
  code: PaymentCode
  /** a bill well above the customer's usual says so (issue 12 §6, high-bill-note.ts) */
  highBillNote?: string | null
}

export async function loadPaymentDocument(db: Db, tenantId: string, billId: string, clock: Clock, lang?: Lang): Promise<PaymentDocumentView> {
  const bill = await getBill(db, tenantId, billId)
  const [parties, balance] = await Promise.all([loadParties(db, tenantId, bill.accountId, bill.issuedOn), accountBalance(db, tenantId, bill.accountId, clock)])
  const month = `${bill.periodStart.slice(5, 7)}.${bill.periodStart.slice(0, 4)}`
  const code = paymentCode({ currency: parties.tenant.currency, payee: parties.payee, accountNumber: parties.account.number, billNumber: bill.number,
    payable: bill.payable, periodStart: bill.periodStart,
    purpose: `Оплата по платёжному документу № ${bill.number} за ${month}, л/с ${parties.account.number}` })
  const shownLang = lang ?? langOfLocale(parties.tenant.locale)
  return { ...parties, lang: shownLang, bill, balance, balanceOn: todayIn(parties.tenant.timeZone, clock), code,
    highBillNote: await highBillNote(db, tenantId, bill, shownLang) }
}

/** The file name a download is saved under. */
export const paymentDocumentFileName = (v: PaymentDocumentView): string =>
  `bill-${v.bill.number}-${v.bill.periodStart}-${v.lang}.pdf`
