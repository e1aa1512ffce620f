// Everything the combined invoice prints (issue 12 §1; multi-utility.md
// "Common to all"): the payee, the customer with every account on the
// invoice, each bill's lines (a section per utility and address), VAT per
// rate over all of them, the total to pay and one OCR reference.
import type { Db } from '../../db/database.ts'
import { getBill } from '../billing/bills.ts'
import { langOfLocale, type Lang } from '../documents/lang.ts'
import { loadParties, type PartiesView } from '../documents/party.ts'
import type { PaymentCode } from '../documents/payment-code.ts'
import { getInvoice } from './invoices.queries.ts'
import type { InvoiceWithSectionsDto } from './invoice-dto.ts'

export type InvoiceBillView = Awaited<ReturnType<typeof getBill>> & { accountNumber: string; address: string | null }

export interface InvoiceDocumentView extends PartiesView {
  lang: Lang
  invoice: InvoiceWithSectionsDto
  bills: InvoiceBillView[]
  code: PaymentCode
}

export async function loadInvoiceDocument(db: Db, tenantId: string, invoiceId: string, within?: readonly string[], lang?: Lang): Promise<InvoiceDocumentView> {
  const invoice = await getInvoice(db, tenantId, invoiceId, within)
  const first = invoice.bills[0]!
  const [parties, bills] = await Promise.all([
    loadParties(db, tenantId, first.accountId),
    Promise.all(invoice.bills.map(async (b) => ({ ...(await getBill(db, tenantId, b.billId)), accountNumber: b.accountNumber, address: b.address }))),
  ])
  return { ...parties, lang: lang ?? langOfLocale(parties.tenant.locale), invoice, bills,
    code: { kind: 'ocr', reference: invoice.ocr, bankgiro: parties.payee.bankgiro ?? null } }
}

export const invoiceFileName = (v: InvoiceDocumentView): string => `invoice-${v.invoice.number}-${v.invoice.periodStart}-${v.lang}.pdf`
