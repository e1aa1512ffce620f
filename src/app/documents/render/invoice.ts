// The combined invoice as an A4 PDF (issue 12 §1): one per customer and
// period, every account's bill as sections per utility and address, VAT per
// rate over the whole invoice, the total to pay and one OCR reference.
import { dec } from '../../../core/shared/decimal.ts'
import { formatter } from '../format.ts'
import { isRtl } from '../lang.ts'
import { LABELS, word } from '../labels.ts'
import type { InvoiceDocumentView } from '../../invoices/invoice-document.ts'
import { currencyWord } from './currency.ts'
import { Sheet } from './sheet.ts'
import { drawParties, drawTitle, keyValues } from './blocks.ts'
import { drawSections, EN, SV, utilitiesOf, vatByRate } from './utility-sections.ts'

export async function renderInvoice(v: InvoiceDocumentView): Promise<Buffer> {
  const L = LABELS[v.lang]
  const W = v.lang === 'sv' ? SV : EN
  const f = formatter(v.lang, v.tenant.calendar, v.tenant.minorUnits)
  const cur = currencyWord(v.lang, v.tenant.currency)
  const inv = v.invoice
  const sheet = new Sheet(isRtl(v.lang), { title: `${L.paymentDocument} ${inv.number}`, author: v.payee.name }, { bufferPages: true })
  const lines = v.bills.flatMap((b) => b.lines)
  drawTitle(sheet, v.payee, L.paymentDocument, `${L.billNo} ${f.digits(inv.number)}`, L, utilitiesOf(lines).map((s) => word(L.services, s)).join(' · '))
  // the customer and every account (agreement) the invoice covers; the first address is the postal one
  drawParties(sheet, { ...v, account: { ...v.account, number: inv.accounts.map((a) => a.number).join(', ') } }, L, [
    [L.period, f.interval(inv.periodStart, inv.periodEnd)], [L.issuedOn, f.date(inv.issuedOn)], [L.dueOn, f.date(inv.dueOn)],
  ])
  const several = v.bills.length > 1
  // a section's title names its address (the street) and, with several, the account: "El – Sågudden 7 (100200-2)"
  const street = (a: string | null) => a?.split(', ')[0] ?? null
  drawSections(sheet, v.bills.map((b) => ({ lines: b.lines,
    place: several ? `${street(b.address) ?? ''} (${b.accountNumber})`.trim() : street(b.address) ?? undefined })),
    { minorUnits: v.tenant.minorUnits, billingPeriodMonths: v.tenant.billingPeriodMonths }, L, f, cur)

  // totals over every bill: amounts excluding VAT, VAT per rate, the total, earlier debt or credit, what to pay
  const rows: Array<[string, string, boolean?]> = []
  const vat = vatByRate(lines)
  const vatTotal = vat.reduce((s, r) => s.plus(r.vat), dec(0))
  const charges = v.bills.reduce((s, b) => s.plus(b.charges), dec(0))
  rows.push([L.chargesExclTax, `${f.money(charges.minus(vatTotal).toFixed())} ${cur}`])
  for (const r of vat) rows.push([`${L.taxTotal} ${f.decimal(r.rate)} % ${W.vatOn} ${f.money(r.base.toFixed())} ${cur}`, `${f.money(r.vat.toFixed())} ${cur}`])
  rows.push([L.chargesInclTax, `${f.money(charges.toFixed())} ${cur}`])
  const rounding = v.bills.reduce((s, b) => s.plus(b.rounding), dec(0))
  if (!rounding.eq(0)) rows.push([L.rounding, `${f.money(rounding.toFixed())} ${cur}`])
  const debt = v.bills.reduce((s, b) => s.plus(b.debt), dec(0))
  if (debt.gt(0)) rows.push([L.debt, `${f.money(debt.toFixed())} ${cur}`])
  if (debt.lt(0)) rows.push([L.credit, `${f.money(debt.neg().toFixed())} ${cur}`])
  const payable = dec(inv.payable)
  rows.push([L.payable, payable.gt(0) ? `${f.money(inv.payable)} ${cur}` : L.nothingToPay, true])
  if (dec(inv.paid).gt(0)) rows.push([L.paid, `${f.money(inv.paid)} ${cur}`])
  // the payment block beside the totals (start side), so a two-address invoice keeps it on its first page:
  // one OCR reference pays the whole invoice (payments by reference are allocated across its accounts)
  const code = v.code.kind === 'ocr' ? v.code : undefined
  const pay: Array<[string, string]> = [
    ...(code ? [[L.ocr, code.reference] as [string, string]] : []), ...(code?.bankgiro ? [[L.bankgiro, code.bankgiro] as [string, string]] : []),
    [L.payable, payable.gt(0) ? `${f.money(inv.payable)} ${cur}` : L.nothingToPay], [L.dueOn, f.date(inv.dueOn)],
  ]
  sheet.ensure(Math.max(rows.length * 14, pay.length * 16 + 26) + 8)
  const top = sheet.y
  sheet.box(0, top, 215, pay.length * 16 + 24, '#f1f4f8')
  sheet.text(L.payWith, 6, 200, top + 5, { size: 10, bold: true })
  const left = top + 22 + keyValues(sheet, pay, 6, 205, top + 20, 78, 10)
  for (const [label, value, strong] of rows) {
    const size = strong ? 11 : 9
    sheet.text(label, 235, 170, sheet.y, { size, bold: strong, align: 'end' })
    sheet.y += sheet.text(value, 410, 105, sheet.y, { size, bold: strong, align: 'end' }) + 2
  }
  sheet.y = Math.max(sheet.y, left) + 8
  sheet.rule(sheet.y, 1, '#444')
  // every page names the invoice and its place: "Faktura 900000001 · OCR 90000000118 · Sida 2 (2)" (Swedish "n (m)")
  sheet.footers((n, m) => `${L.paymentDocument} ${inv.number}${code ? ` · ${L.ocr} ${code.reference}` : ''} · ${W.page} ${n} (${m})`)
  return sheet.toBuffer()
}
