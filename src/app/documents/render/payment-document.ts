// The payment document as a one-page (or longer) A4 PDF: payee and payer,
// the period and due date, every bill line with its method, days, volume,
// rate and amount, the totals and balance, and the payment code block.
import { dec } from '../../../core/shared/decimal.ts'
import type { Fx } from '../../../core/shared/decimal.ts'
import { daysBetween } from '../../../core/shared/dates.ts'
import { formatter, type Formatter } from '../format.ts'
import { isRtl } from '../lang.ts'
import { LABELS, word, type Labels } from '../labels.ts'
import type { PaymentDocumentView } from '../payment-document.ts'
import { solarHijriPeriod, toSolarHijri } from '../../../core/shared/solar-hijri.ts'
import { code128Png, qrPng } from './codes.ts'
import { currencyWord } from './currency.ts'
import { Sheet } from './sheet.ts'
import { drawParties, drawTitle, keyValues } from './blocks.ts'
import { drawSections, EN, SV, usesSections, utilitiesOf, vatByRate } from './utility-sections.ts'

type Line = PaymentDocumentView['bill']['lines'][number]

/** Logical column boxes of the lines table (sum = content width 515). */
const COLUMNS = [
  { key: 'service', x: 0, w: 140 }, { key: 'method', x: 140, w: 92 }, { key: 'interval', x: 232, w: 98 },
  { key: 'volume', x: 330, w: 56 }, { key: 'rate', x: 386, w: 62 }, { key: 'amount', x: 448, w: 67 },
] as const

/** The readings block's columns (sum 515): meter, previous date and index, current date and index, days, consumption, per day. */
const READING_COLUMNS = [
  { key: 'meter', x: 0, w: 70 }, { key: 'previousDate', x: 70, w: 58 }, { key: 'previousIndex', x: 128, w: 70 }, { key: 'currentDate', x: 198, w: 58 },
  { key: 'currentIndex', x: 256, w: 70 }, { key: 'days', x: 326, w: 36 }, { key: 'consumption', x: 362, w: 75 }, { key: 'perDay', x: 437, w: 78 },
] as const

export async function renderPaymentDocument(v: PaymentDocumentView): Promise<Buffer> {
  const L = LABELS[v.lang]
  const f = formatter(v.lang, v.tenant.calendar, v.tenant.minorUnits)
  const cur = currencyWord(v.lang, v.tenant.currency)
  const sheet = new Sheet(isRtl(v.lang), { title: `${L.paymentDocument} ${v.bill.number}`, author: v.payee.name })

  // a multi-utility invoice names the utilities under the payee: not only its water department (issue 12 §1 layout)
  const services = usesSections(v) ? utilitiesOf(v.bill.lines).map((s) => word(L.services, s)).join(' · ') : undefined
  drawTitle(sheet, v.payee, `${v.bill.kind === 'correction' ? L.correctionBill : L.paymentDocument}`, `${L.billNo} ${f.digits(v.bill.number)}`, L, services)
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
  ], (s) => (v.lang === 'fa' ? f.digits(s).replace(/, /g, '، ') : s))
  if (usesSections(v)) {
    // one invoice for all utilities: a section each, VAT per rate in the totals (issue 12 §1)
    drawSections(sheet, [{ lines: v.bill.lines }], { minorUnits: v.tenant.minorUnits, billingPeriodMonths: v.tenant.billingPeriodMonths }, L, f, cur)
  } else {
    drawReadings(sheet, v.bill.lines, L, f)
    drawLines(sheet, v.bill.lines, L, f, v.lang === 'sv' ? cur : null)
  }
  drawTotals(sheet, v, L, f, cur)
  // issue 12 §6: one sentence when the bill is well above the usual (high-bill-note.ts)
  if (v.highBillNote) sheet.y += sheet.text(v.highBillNote, 0, sheet.width, sheet.y, { size: 8.5, bold: true, color: '#8a4b00' }) + 10
  await drawPaymentCode(sheet, v, L, f, cur)
  return sheet.toBuffer()
}

function lineName(l: Line, L: Labels, f: Formatter): string {
  const lang = f.lang
  const service = word(L.services, l.service)
  // the normative surcharge part says so in its trace (inputs.part, memo 003)
  if (l.trace.inputs['part'] === 'surcharge') return `${service}: ${L.normativeSurcharge}`
  const own = L.lines[l.line]
  // the Iranian bill names its items by themselves (seed 002 item 18); a tax is named as such everywhere
  if (own && (lang === 'fa' || l.kind === 'tax')) {
    // the allowed consumption says which pattern it rests on (seed 002 items 1, 18)
    const perUnitMonth = l.trace.inputs['perUnitMonth']
    const pattern = l.line === 'allowed' && typeof perUnitMonth === 'string' ? ` (${L.pattern} ${f.decimal(perUnitMonth)} ${L.m3})` : ''
    return own + pattern
  }
  const extra = l.line !== l.service && l.kind !== 'volume' ? (own ?? L.kinds[l.kind] ?? word({}, l.line)) : L.kinds[l.kind] ?? ''
  return extra ? `${service}: ${extra}` : service
}

/** Every method of a line in words ('metered+averaged' → both translated), and an estimate says so. */
function methodText(l: Line, L: Labels): string {
  if (!l.method) return ''
  const words = l.method.split('+').map((m) => word(L.methods, m)).join(' + ')
  return l.trace['estimated'] === true ? `${words} (${L.estimated})` : words
}

interface ReadingRow { serial: string; previousDate?: string; previousIndex?: string; currentDate?: string; currentIndex?: string; billed: Fx }

/** The readings behind the metered lines, one row per meter and pair of readings (bill-forms.ts puts them in the trace). */
export function readingRows(lines: Line[]): ReadingRow[] {
  const rows = new Map<string, ReadingRow>()
  for (const l of lines) {
    const i = l.trace.inputs as Record<string, unknown>
    if (l.kind !== 'volume' || typeof i['meterSerial'] !== 'string') continue
    const str = (k: string) => (typeof i[k] === 'string' ? (i[k] as string) : undefined)
    const key = [i['meterSerial'], str('previousReadingDate'), str('currentReadingDate')].join('|')
    const row = rows.get(key)
    if (row) { row.billed = row.billed.plus(l.volume ?? 0); continue }
    rows.set(key, { serial: i['meterSerial'] as string, previousDate: str('previousReadingDate'), previousIndex: str('previousReadingIndex'),
      currentDate: str('currentReadingDate'), currentIndex: str('currentReadingIndex'), billed: dec(l.volume ?? 0) })
  }
  return [...rows.values()]
}

/** One table row drawer over columns: cells wrap in their column, the row as tall as its tallest cell, numbers aligned to the end. */
function tableRow(sheet: Sheet, columns: readonly { key: string; x: number; w: number }[], numeric: ReadonlySet<string>) {
  const pad = 3
  return (cells: Record<string, string>, style: { bold?: boolean; fill?: string }) => {
    const h = Math.max(...columns.map((c) => sheet.height(cells[c.key] ?? '', c.w - 2 * pad, { size: 8, bold: style.bold }))) + 2 * pad
    sheet.ensure(h)
    if (style.fill) sheet.box(0, sheet.y, sheet.width, h, style.fill)
    for (const c of columns) {
      sheet.text(cells[c.key] ?? '', c.x + pad, c.w - 2 * pad, sheet.y + pad, { size: 8, bold: style.bold, align: numeric.has(c.key) ? 'end' : 'start' })
    }
    sheet.y += h
    sheet.rule(sheet.y, 0.3, '#bbb')
  }
}

/** Per meter: previous and current reading with their dates, the days between, the consumption and the average per day (seed 002 items 13–17). */
function drawReadings(sheet: Sheet, lines: Line[], L: Labels, f: Formatter): void {
  const rows = readingRows(lines)
  if (!rows.length) return
  const row = tableRow(sheet, READING_COLUMNS, new Set(['previousIndex', 'currentIndex', 'days', 'consumption', 'perDay']))
  sheet.ensure(60)
  sheet.y += sheet.text(L.readings, 0, sheet.width, sheet.y, { size: 9, bold: true }) + 2
  row({ meter: L.meter, previousDate: L.previousDate, previousIndex: L.previousIndex, currentDate: L.currentDate, currentIndex: L.currentIndex,
    days: L.days, consumption: L.consumption, perDay: L.perDay }, { bold: true, fill: '#e8eef4' })
  const notes: string[] = []
  for (const r of rows) {
    const cells: Record<string, string> = { meter: f.digits(r.serial), previousDate: r.previousDate ? f.date(r.previousDate) : '—',
      previousIndex: r.previousIndex ? f.decimal(r.previousIndex) : '—', currentDate: r.currentDate ? f.date(r.currentDate) : '—',
      currentIndex: r.currentIndex ? f.decimal(r.currentIndex) : '—' }
    if (r.previousDate && r.currentDate && r.previousIndex && r.currentIndex) {
      const days = daysBetween(r.previousDate, r.currentDate)
      const used = dec(r.currentIndex).minus(r.previousIndex)
      cells['days'] = f.digits(days)
      cells['consumption'] = f.volume(used.toFixed())
      // the average daily consumption to the litre (seed 002 item 17)
      if (days > 0) cells['perDay'] = f.decimal(used.div(days).round(3, 'half_up').toFixed())
      if (!used.eq(r.billed)) {
        cells['consumption'] += '*'
        notes.push(`* ${f.digits(r.serial)}: ${L.readingsInterpolated} — ${f.volume(r.billed.toFixed())} ${L.m3}`)
      }
    }
    row(cells, {})
  }
  for (const n of notes) sheet.y += sheet.text(n, 0, sheet.width, sheet.y + 2, { size: 7.5, color: '#333' })
  sheet.y += 10
}

function drawLines(sheet: Sheet, lines: Line[], L: Labels, f: Formatter, perM3: string | null): void {
  const header: Record<string, string> = { service: L.service, method: L.method, interval: L.interval, volume: L.volume, rate: L.rate, amount: L.amount }
  const percent = f.lang === 'fa' ? '٪' : '%'
  const row = tableRow(sheet, COLUMNS, new Set(['volume', 'rate', 'amount']))
  row(header, { bold: true, fill: '#e8eef4' })
  for (const l of lines) {
    const isPercent = l.volume === null && (l.kind === 'surcharge' || l.kind === 'tax')
    // information lines that are volumes (allowed consumption, average daily use) have no amount
    const volumeOnly = l.kind === 'info' && (l.line === 'allowed' || l.line === 'average_daily')
    row({
      service: lineName(l, L, f),
      method: methodText(l, L),
      interval: f.interval(l.intervalFrom, l.intervalTo),
      volume: l.volume !== null ? f.volume(l.volume) : '',
      rate: l.rate !== null ? `${f.decimal(l.rate)}${isPercent ? ` ${percent}` : perM3 && l.volume !== null ? ` ${perM3}/m³` : ''}` : '',
      amount: volumeOnly ? '' : f.money(l.amount),
    }, { fill: l.kind === 'info' ? '#f6f6f6' : undefined })
  }
  sheet.y += 8
}

function drawTotals(sheet: Sheet, v: PaymentDocumentView, L: Labels, f: Formatter, cur: string): void {
  const b = v.bill
  const rows: Array<[string, string, boolean?]> = []
  // a bill with tax lines shows the sum before tax and the tax on their own rows (Sweden: moms, mervärdesskattelagen 17 kap.)
  const vat = vatByRate(b.lines)
  // VAT lines (Sweden): other per-unit taxes (energy tax) are charges excluding VAT, VAT a total per rate (multi-utility.md)
  const taxes = b.lines.filter((l) => l.kind === 'tax' && (!vat.length || l.line === 'vat'))
  if (vat.length > 1 || (vat.length === 1 && usesSections(v))) {
    const tax = taxes.reduce((s, l) => s.plus(l.amount), dec(0))
    rows.push([L.chargesExclTax, `${f.money(dec(b.charges).minus(tax).toFixed())} ${cur}`])
    const on = v.lang === 'sv' ? SV.vatOn : EN.vatOn
    for (const r of vat) rows.push([`${L.taxTotal} ${f.decimal(r.rate)} % ${on} ${f.money(r.base.toFixed())} ${cur}`, `${f.money(r.vat.toFixed())} ${cur}`])
  } else if (taxes.length) {
    const tax = taxes.reduce((s, l) => s.plus(l.amount), dec(0))
    const rates = [...new Set(taxes.map((l) => l.rate).filter((r): r is string => r !== null))]
    const rate = rates.length === 1 ? ` ${f.decimal(rates[0]!)} ${f.lang === 'fa' ? '٪' : '%'}` : ''
    rows.push([L.chargesExclTax, `${f.money(dec(b.charges).minus(tax).toFixed())} ${cur}`], [`${L.taxTotal}${rate}`, `${f.money(tax.toFixed())} ${cur}`])
  }
  rows.push([taxes.length ? L.chargesInclTax : L.charges, `${f.money(b.charges)} ${cur}`])
  if (!dec(b.rounding).eq(0)) rows.push([L.rounding, `${f.money(b.rounding)} ${cur}`])
  const debt = dec(b.debt)
  if (debt.gt(0)) rows.push([L.debt, `${f.money(b.debt)} ${cur}`])
  if (debt.lt(0)) rows.push([L.credit, `${f.money(debt.neg().toFixed())} ${cur}`])
  const payable = dec(b.payable)
  rows.push([L.payable, payable.gt(0) ? `${f.money(b.payable)} ${cur}` : L.nothingToPay, true])
  if (dec(b.paid).gt(0)) rows.push([L.paid, `${f.money(b.paid)} ${cur}`])
  sheet.ensure(rows.length * 16 + 30)
  for (const [label, value, strong] of rows) {
    const size = strong ? 11 : 9
    sheet.text(label, 235, 170, sheet.y, { size, bold: strong, align: 'end' })
    sheet.y += sheet.text(value, 410, 105, sheet.y, { size, bold: strong, align: 'end' }) + 3
  }
  const balance = dec(v.balance.balance)
  const state = balance.gt(0) ? L.balanceDebt : balance.lt(0) ? L.balanceCredit : ''
  const balanceText = `${f.money(balance.abs().toFixed())} ${cur}${state ? ` (${state})` : ''}`
  sheet.text(`${L.balance} ${L.asOf} ${f.date(v.balanceOn)}`, 0, 405, sheet.y, { size: 9, align: 'end' })
  sheet.y += sheet.text(balanceText, 410, 105, sheet.y, { size: 9, align: 'end' }) + 12
}

async function drawPaymentCode(sheet: Sheet, v: PaymentDocumentView, L: Labels, f: Formatter, cur: string): Promise<void> {
  const code = v.code
  const amount = dec(v.bill.payable).gt(0) ? `${f.money(v.bill.payable)} ${cur}` : L.nothingToPay
  // the OCR block is text only: it fits where a QR code or barcode would not
  sheet.ensure(code.kind === 'ocr' ? 120 : 190)
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
