// The reconciliation act (акт сверки) as a PDF: the two parties, the range,
// opening balance, every entry with debit and credit, the period's sums and
// the closing balance.
import { dec } from '../../../core/shared/decimal.ts'
import { formatter } from '../format.ts'
import { isRtl } from '../lang.ts'
import { LABELS, word } from '../labels.ts'
import type { ReconciliationDocumentView } from '../reconciliation-document.ts'
import { currencyWord } from './currency.ts'
import { drawParties, drawTitle } from './blocks.ts'
import { Sheet } from './sheet.ts'

const COLUMNS = [
  { key: 'date', x: 0, w: 80 }, { key: 'document', x: 80, w: 255 }, { key: 'debit', x: 335, w: 90 }, { key: 'credit', x: 425, w: 90 },
] as const

export async function renderReconciliationAct(v: ReconciliationDocumentView): Promise<Buffer> {
  const L = LABELS[v.lang]
  const f = formatter(v.lang, v.tenant.calendar, v.tenant.minorUnits)
  const cur = currencyWord(v.lang, v.tenant.currency)
  const a = v.act
  const sheet = new Sheet(isRtl(v.lang), { title: `${L.reconciliationAct} ${a.accountNumber}`, author: v.payee.name })
  drawTitle(sheet, v.payee, L.reconciliationAct, `${f.date(a.from)} – ${f.date(a.to)}`, L)
  drawParties(sheet, v, L, [[L.from, f.date(a.from)], [L.to, f.date(a.to)]], f.digits)

  const signed = (s: string) => { const b = dec(s); return b.lt(0) ? `${f.money(b.neg().toFixed())} (${L.balanceCredit})` : f.money(s) }
  const pad = 3
  const row = (cells: Record<string, string>, style: { bold?: boolean; fill?: string } = {}) => {
    const h = Math.max(...COLUMNS.map((c) => sheet.height(cells[c.key] ?? '', c.w - 2 * pad, { size: 8, bold: style.bold }))) + 2 * pad
    sheet.ensure(h)
    if (style.fill) sheet.box(0, sheet.y, sheet.width, h, style.fill)
    for (const c of COLUMNS) {
      sheet.text(cells[c.key] ?? '', c.x + pad, c.w - 2 * pad, sheet.y + pad, { size: 8, bold: style.bold, align: c.key === 'debit' || c.key === 'credit' ? 'end' : 'start' })
    }
    sheet.y += h
    sheet.rule(sheet.y, 0.3, '#bbb')
  }
  row({ date: L.date, document: L.document, debit: `${L.debit}, ${cur}`, credit: `${L.creditColumn}, ${cur}` }, { bold: true, fill: '#e8eef4' })
  row({ document: `${L.openingBalance}: ${signed(a.openingBalance)}` }, { bold: true })
  if (a.rows.length === 0) row({ document: L.noEntries })
  for (const r of a.rows) {
    row({ date: f.date(r.date), document: `${word(L.ledgerKinds, r.kind)}: ${r.document}`,
      debit: dec(r.debit).eq(0) ? '' : f.money(r.debit), credit: dec(r.credit).eq(0) ? '' : f.money(r.credit) })
  }
  const debits = a.rows.reduce((s, r) => s.plus(r.debit), dec(0))
  const credits = a.rows.reduce((s, r) => s.plus(r.credit), dec(0))
  row({ document: '', debit: f.money(debits.toFixed()), credit: f.money(credits.toFixed()) }, { bold: true })
  row({ document: `${L.closingBalance}: ${signed(a.closingBalance)}` }, { bold: true })
  sheet.y += 10

  const sums: Array<[string, string]> = [[L.openingBalance, a.openingBalance], [L.charges, a.charges], [L.payments, a.payments],
    [L.adjustments, a.adjustments], [L.penalties, a.penalties], [L.closingBalance, a.closingBalance]]
  sheet.ensure(sums.length * 14 + 60)
  for (const [label, value] of sums) {
    sheet.text(label, 235, 170, sheet.y, { size: 9, align: 'end' })
    sheet.y += sheet.text(`${signed(value)} ${cur}`, 410, 105, sheet.y, { size: 9, align: 'end' }) + 3
  }
  sheet.y += 30
  sheet.text(`${L.payee}: ____________________`, 0, 250, sheet.y, { size: 9 })
  sheet.text(`${L.payer}: ____________________`, 265, 250, sheet.y, { size: 9 })
  return sheet.toBuffer()
}
