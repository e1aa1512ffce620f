// The payment document as a one-page (or longer) A4 PDF: payee and payer,
// the period and due date, every bill line with its method, days, volume,
// rate and amount, the totals and balance, and the payment code block.
import { Big } from '../../../core/shared/decimal.ts'
import { formatter, type Formatter } from '../format.ts'
import { isRtl } from '../lang.ts'
import { LABELS, word, type Labels } from '../labels.ts'
import type { PaymentDocumentView } from '../payment-document.ts'
import { solarHijriPeriod, toSolarHijri } from '../solar-hijri.ts'
import { code128Png, qrPng } from './codes.ts'
import { currencyWord } from './currency.ts'
import { Sheet } from './sheet.ts'
import { drawParties, drawTitle, keyValues } from './blocks.ts'

type Line = PaymentDocumentView['bill']['lines'][number]

/** Logical column boxes of the lines table (sum = content width 515). */
const COLUMNS = [
  { key: 'service', x: 0, w: 150 }, { key: 'method', x: 150, w: 95 }, { key: 'interval', x: 245, w: 100 },
  { key: 'volume', x: 345, w: 55 }, { key: 'rate', x: 400, w: 50 }, { key: 'amount', x: 450, w: 65 },
] as const

export async function renderPaymentDocument(v: PaymentDocumentView): Promise<Buffer> {
  const L = LABELS[v.lang]
  const f = formatter(v.lang, v.tenant.calendar, v.tenant.minorUnits)
  const cur = currencyWord(v.lang, v.tenant.currency)
  const sheet = new Sheet(isRtl(v.lang), { title: `${L.paymentDocument} ${v.bill.number}`, author: v.payee.name })

  drawTitle(sheet, v.payee, `${v.bill.kind === 'correction' ? L.correctionBill : L.paymentDocument}`, `${L.billNo} ${f.digits(v.bill.number)}`, L)
  const dates: Array<[string, string]> = [[L.period, f.interval(v.bill.periodStart, v.bill.periodEnd)]]
  if (v.tenant.calendar === 'solar_hijri') {
    // the Iranian bill's period and year (seed 002 items 11–12)
    const h = toSolarHijri(v.bill.periodStart)
    dates.push([L.periodNo, `${f.digits(solarHijriPeriod(h.month))} / ${f.digits(h.year)}`])
  }
  drawParties(sheet, v, L, [
    ...dates,
    [L.issuedOn, f.date(v.bill.issuedOn)],
    [L.dueOn, f.date(v.bill.dueOn)],
  ])
  drawLines(sheet, v.bill.lines, L, f)
  drawTotals(sheet, v, L, f, cur)
  await drawPaymentCode(sheet, v, L, f, cur)
  return sheet.toBuffer()
}

function lineName(l: Line, L: Labels): string {
  const service = word(L.services, l.service)
  // the normative surcharge part says so in its trace (inputs.part, memo 003)
  const extra = l.trace.inputs['part'] === 'surcharge' ? L.normativeSurcharge
    : l.line !== l.service ? (L.lines[l.line] ?? L.kinds[l.kind] ?? word({}, l.line)) : L.kinds[l.kind] ?? ''
  return extra ? `${service}: ${extra}` : service
}

function drawLines(sheet: Sheet, lines: Line[], L: Labels, f: Formatter): void {
  const header: Record<string, string> = { service: L.service, method: L.method, interval: L.interval, volume: L.volume, rate: L.rate, amount: L.amount }
  const numeric = new Set(['volume', 'rate', 'amount'])
  const pad = 3
  const row = (cells: Record<string, string>, style: { bold?: boolean; fill?: string }) => {
    const h = Math.max(...COLUMNS.map((c) => sheet.height(cells[c.key] ?? '', c.w - 2 * pad, { size: 8, bold: style.bold }))) + 2 * pad
    sheet.ensure(h)
    if (style.fill) sheet.box(0, sheet.y, sheet.width, h, style.fill)
    for (const c of COLUMNS) {
      sheet.text(cells[c.key] ?? '', c.x + pad, c.w - 2 * pad, sheet.y + pad, { size: 8, bold: style.bold, align: numeric.has(c.key) ? 'end' : 'start' })
    }
    sheet.y += h
    sheet.rule(sheet.y, 0.3, '#bbb')
  }
  row(header, { bold: true, fill: '#e8eef4' })
  for (const l of lines) {
    row({
      service: lineName(l, L),
      method: l.method ? word(L.methods, l.method) : '',
      interval: f.interval(l.intervalFrom, l.intervalTo),
      volume: l.volume !== null ? f.volume(l.volume) : '',
      rate: l.rate !== null ? `${f.decimal(l.rate)}${l.volume === null && (l.kind === 'surcharge' || l.kind === 'tax') ? ' %' : ''}` : '',
      amount: f.money(l.amount),
    }, { fill: l.kind === 'info' ? '#f6f6f6' : undefined })
  }
  sheet.y += 8
}

function drawTotals(sheet: Sheet, v: PaymentDocumentView, L: Labels, f: Formatter, cur: string): void {
  const b = v.bill
  const rows: Array<[string, string, boolean?]> = [[L.charges, `${f.money(b.charges)} ${cur}`]]
  if (!new Big(b.rounding).eq(0)) rows.push([L.rounding, `${f.money(b.rounding)} ${cur}`])
  const debt = new Big(b.debt)
  if (debt.gt(0)) rows.push([L.debt, `${f.money(b.debt)} ${cur}`])
  if (debt.lt(0)) rows.push([L.credit, `${f.money(debt.neg().toFixed())} ${cur}`])
  const payable = new Big(b.payable)
  rows.push([L.payable, payable.gt(0) ? `${f.money(b.payable)} ${cur}` : L.nothingToPay, true])
  if (new Big(b.paid).gt(0)) rows.push([L.paid, `${f.money(b.paid)} ${cur}`])
  sheet.ensure(rows.length * 16 + 30)
  for (const [label, value, strong] of rows) {
    const size = strong ? 11 : 9
    sheet.text(label, 235, 170, sheet.y, { size, bold: strong, align: 'end' })
    sheet.y += sheet.text(value, 410, 105, sheet.y, { size, bold: strong, align: 'end' }) + 3
  }
  const balance = new Big(v.balance.balance)
  const state = balance.gt(0) ? L.balanceDebt : balance.lt(0) ? L.balanceCredit : ''
  const balanceText = `${f.money(balance.abs().toFixed())} ${cur}${state ? ` (${state})` : ''}`
  sheet.text(`${L.balance} ${L.asOf} ${f.date(v.balanceOn)}`, 0, 405, sheet.y, { size: 9, align: 'end' })
  sheet.y += sheet.text(balanceText, 410, 105, sheet.y, { size: 9, align: 'end' }) + 12
}

async function drawPaymentCode(sheet: Sheet, v: PaymentDocumentView, L: Labels, f: Formatter, cur: string): Promise<void> {
  const code = v.code
  const amount = new Big(v.bill.payable).gt(0) ? `${f.money(v.bill.payable)} ${cur}` : L.nothingToPay
  sheet.ensure(190)
  const top = sheet.y
  sheet.rule(top, 1, '#444')
  sheet.y += 6
  sheet.y += sheet.text(L.payWith, 0, sheet.width, sheet.y, { size: 11, bold: true })
  const summary: Array<[string, string]> = [[L.payable, amount], [L.dueOn, f.date(v.bill.dueOn)], [L.account, f.digits(v.account.number)]]
  switch (code.kind) {
    case 'gost_qr': {
      const size = 130
      sheet.doc.image(await qrPng(code.payload), sheet.left(0, size), sheet.y + 4, { width: size, height: size })
      let y = sheet.y + 4
      y += keyValues(sheet, summary, 145, sheet.width - 145, y, 95)
      y += sheet.text(L.qrHint, 145, sheet.width - 145, y + 4, { size: 8, color: '#333' }) + 6
      y += sheet.text(code.payload, 145, sheet.width - 145, y, { size: 6.5, color: '#444' })
      sheet.y = Math.max(sheet.y + size + 8, y + 4)
      break
    }
    case 'iran': {
      let y = sheet.y + 4
      y += keyValues(sheet, [[L.billId, f.digits(code.billId)], [L.paymentId, code.paymentId ? f.digits(code.paymentId) : '—'], ...summary],
        0, 300, y, 110, 12)
      if (code.barcode) {
        const png = await code128Png(code.barcode)
        sheet.doc.image(png, sheet.left(310, 205), sheet.y + 6, { fit: [205, 70] })
      }
      sheet.y = Math.max(y, sheet.y + 80) + 6
      break
    }
    case 'ocr': {
      let y = sheet.y + 4
      y += keyValues(sheet, [[L.ocr, code.reference], ...(code.bankgiro ? [[L.bankgiro, code.bankgiro] as [string, string]] : []), ...summary],
        0, sheet.width, y, 130, 14)
      sheet.y = y + 6
      break
    }
    case 'none':
      sheet.y += keyValues(sheet, summary, 0, sheet.width, sheet.y + 4, 130)
      sheet.y += sheet.text(L.noPaymentCode, 0, sheet.width, sheet.y + 6, { size: 8, color: '#a00' }) + 10
  }
  sheet.rule(sheet.y, 1, '#444')
}
