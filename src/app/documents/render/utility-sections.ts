// A multi-utility invoice (issue 12 §1, multi-utility.md "Common to all"):
// each utility its own section with its meters, its lines excluding VAT and
// a subtotal; VAT is not a line of a section but a total per rate after
// them ("amounts excluding VAT per line, a VAT total per rate, and the total
// to pay"). Used for any bill holding a non-water utility.
import { dec } from '../../../core/shared/decimal.ts'
import type { Fx } from '../../../core/shared/decimal.ts'
import { addDays } from '../../../core/shared/dates.ts'
import type { Formatter } from '../format.ts'
import { word, type Labels } from '../labels.ts'
import type { PaymentDocumentView } from '../payment-document.ts'
import { readingRows } from './payment-document.ts'
import type { Sheet } from './sheet.ts'

type Line = PaymentDocumentView['bill']['lines'][number]

const UTILITIES = new Set(['electricity', 'district_heating', 'solar_production', 'waste_collection'])

/** Sections for bills with a non-water utility (a water-only bill keeps its readings table and lines). */
export const usesSections = (v: PaymentDocumentView): boolean => v.bill.lines.some((l) => UTILITIES.has(l.service))

/** A VAT line: named 'vat' (Swedish water and the other utilities). */
const isVat = (l: Line) => l.kind === 'tax' && l.line === 'vat'

/** VAT per rate: the base it was computed on and the VAT, rates in ascending order. */
export function vatByRate(lines: readonly Line[]): { rate: string; base: Fx; vat: Fx }[] {
  const m = new Map<string, { rate: string; base: Fx; vat: Fx }>()
  for (const l of lines) {
    if (!isVat(l) || l.rate === null) continue
    const key = dec(l.rate).toFixed()
    const g = m.get(key) ?? { rate: key, base: dec(0), vat: dec(0) }
    m.set(key, g)
    const base = l.trace.inputs['base']
    g.base = g.base.plus(typeof base === 'string' ? base : 0)
    g.vat = g.vat.plus(l.amount)
  }
  return [...m.values()].sort((a, b) => dec(a.rate).cmp(b.rate))
}

// the period column holds a compact interval (2026-10-01–10-31): wide enough without wrapping (issue 12 §1 layout)
const COLUMNS = [
  { key: 'name', x: 0, w: 122 }, { key: 'method', x: 122, w: 86 }, { key: 'interval', x: 208, w: 90 },
  { key: 'volume', x: 298, w: 76 }, { key: 'rate', x: 374, w: 76 }, { key: 'amount', x: 450, w: 65 },
] as const
const NUMERIC = new Set(['volume', 'rate', 'amount'])

export const SV = { period: 'Period', quantity: 'Mängd', subtotal: 'Summa', exclVat: 'exkl. moms', vatOn: 'på', meterRow: 'Mätare', pickups: 'st', estimate: 'preliminär',
  year: 'år', periodShort: 'period', month: 'mån', dwelling: 'lgh', page: 'Sida' }
export const EN = { period: 'Period', quantity: 'Quantity', subtotal: 'Total', exclVat: 'excl. VAT', vatOn: 'on', meterRow: 'Meter', pickups: 'pcs', estimate: 'estimated',
  year: 'year', periodShort: 'period', month: 'month', dwelling: 'dwelling', page: 'Page' }

/** The unit a line's quantity is counted in: its trace's unit (kWh, MWh, pickups), else m³. */
function unitOf(l: Line, L: Labels, pcs: string): string {
  const u = l.trace.inputs['unit']
  if (u === 'pickups') return pcs
  return typeof u === 'string' ? u : L.m3
}

function lineName(l: Line, L: Labels): string {
  const name = l.trace.inputs['part'] === 'surcharge' ? L.normativeSurcharge
    : L.lines[l.line] ?? (l.kind === 'volume' ? word(L.services, l.service) : word({}, l.line))
  return name.charAt(0).toUpperCase() + name.slice(1)
}

/**
 * What a fixed fee's rate is per: a yearly fee (network fee, waste basic fee)
 * kr/år; a fee per period, per connection or per dwelling (VA-taxa, billed
 * each period) kr/mån for monthly tenants, else kr/period; a dwelling fee
 * says so (kr/lgh/mån).
 */
function feeUnit(l: Line, cur: string, W: typeof SV, periodMonths: number): string {
  const per = l.trace.inputs['per']
  if (per === 'year') return ` ${cur}/${W.year}`
  const period = periodMonths === 1 ? W.month : W.periodShort
  if (per === 'dwelling') return ` ${cur}/${W.dwelling}/${period}`
  if (per === 'period' || per === 'connection') return ` ${cur}/${period}`
  return ''
}

/** A compact interval: 2026-10-01–10-31 within a year, else both dates in full. */
function compactInterval(from: string, to: string, f: Formatter): string {
  const last = addDays(to, -1)
  if (f.lang !== 'sv' && f.lang !== 'en') return f.interval(from, to)
  return from.slice(0, 4) === last.slice(0, 4) ? `${from}–${last.slice(5)}` : `${from}–${last}`
}

export interface SectionGroup {
  lines: readonly Line[]
  /** after the utility's name in the section title: the address (and account) on a combined invoice */
  place?: string
}

export interface SectionOptions { minorUnits: number; billingPeriodMonths: number }

/** The sections of one bill (a payment document) or of every bill of a combined invoice: per group, per utility. */
export function drawSections(sheet: Sheet, groups: readonly SectionGroup[], o: SectionOptions, L: Labels, f: Formatter, cur: string): void {
  const W = f.lang === 'sv' ? SV : EN
  const row = tableRow(sheet)
  // one header for all sections: the invoice stays on one page with its payment block
  row({ name: L.service, method: L.method, interval: W.period, volume: W.quantity, rate: L.rate, amount: `${L.amount}, ${cur}` }, { bold: true })
  for (const group of groups) {
    const services: string[] = []
    for (const l of group.lines) if (!isVat(l) && !services.includes(l.service)) services.push(l.service)
    for (const service of services) {
      const lines = group.lines.filter((l) => l.service === service && !isVat(l))
      const title = `${word(L.services, service)}${group.place ? ` – ${group.place}` : ''}`
      sheet.ensure(60)
      sheet.y += 2
      sheet.box(0, sheet.y, sheet.width, 14, '#dfe8f1')
      sheet.text(title, 4, sheet.width - 8, sheet.y + 2.5, { size: 9.5, bold: true })
      sheet.y += 15
      for (const m of meterTexts(lines, L, f, W)) sheet.y += sheet.text(m, 4, sheet.width - 8, sheet.y, { size: 7.5, color: '#333' }) + 1
      let total = dec(0)
      for (const l of lines) {
        total = total.plus(l.amount)
        const percent = l.volume === null && (l.kind === 'surcharge' || l.kind === 'tax')
        const unit = unitOf(l, L, W.pickups)
        // a fee says what it is per: a yearly fee is billed by days, its rate is not the line's amount
        const perUnit = l.volume !== null ? ` ${cur}/${unit}` : l.kind === 'fixed_fee' ? feeUnit(l, cur, W, o.billingPeriodMonths) : ''
        row({
          name: lineName(l, L),
          method: l.method ? `${l.method.split('+').map((m) => word(L.methods, m)).join(' + ')}${l.trace['estimated'] === true ? ` (${W.estimate})` : ''}` : '',
          interval: compactInterval(l.intervalFrom, l.intervalTo, f),
          volume: l.volume !== null ? `${f.volume(l.volume)} ${unit}` : '',
          rate: l.rate !== null ? `${f.decimal(l.rate)}${percent ? ' %' : perUnit}` : '',
          amount: f.money(l.amount),
        }, {})
      }
      sheet.ensure(16)
      sheet.text(`${W.subtotal} ${word(L.services, service).toLowerCase()} ${W.exclVat}`, 0, 445, sheet.y + 3, { size: 8.5, bold: true, align: 'end' })
      sheet.y += sheet.text(`${f.money(total.toFixed(o.minorUnits))}`, 450, 62, sheet.y + 3, { size: 8.5, bold: true, align: 'end' }) + 5
    }
  }
  sheet.rule(sheet.y, 0.5)
  sheet.y += 6
}

/** The utilities a set of lines bills, in the order they first appear (the invoice's header names them). */
export function utilitiesOf(lines: readonly Line[]): string[] {
  const out: string[] = []
  for (const l of lines) if (!out.includes(l.service)) out.push(l.service)
  return out
}

/** One text line per meter of a section: the indexes the quantity rests on. */
function meterTexts(lines: Line[], L: Labels, f: Formatter, W: typeof SV): string[] {
  const out = new Set<string>()
  // water: the readings the metered lines name (bill-forms.ts)
  for (const r of readingRows(lines)) {
    if (!r.previousDate || !r.currentDate || !r.previousIndex || !r.currentIndex) continue
    out.add(`${W.meterRow} ${r.serial}: ${f.date(r.previousDate)} ${f.decimal(r.previousIndex)} → ${f.date(r.currentDate)} ${f.decimal(r.currentIndex)} ${L.m3}`)
  }
  // energy: the indexes at the line's boundaries (read, interpolated or estimated)
  for (const l of lines) {
    const i = l.trace.inputs
    if (typeof i['meterSerial'] !== 'string' || typeof i['indexFrom'] !== 'string' || typeof i['indexTo'] !== 'string') continue
    const unit = typeof i['meterUnit'] === 'string' ? i['meterUnit'] : ''
    out.add(`${W.meterRow} ${i['meterSerial']}: ${f.interval(l.intervalFrom, l.intervalTo)}, ${f.volume(i['indexFrom'])} → ${f.volume(i['indexTo'])} = ${f.volume(String(i['quantity']))} ${unit}` +
      `${l.trace['estimated'] === true ? ` (${W.estimate})` : ''}`)
  }
  return [...out]
}

function tableRow(sheet: Sheet) {
  const pad = 2
  return (cells: Record<string, string>, style: { bold?: boolean }) => {
    const h = Math.max(...COLUMNS.map((c) => sheet.height(cells[c.key] ?? '', c.w - 2 * pad, { size: 8, bold: style.bold }))) + 2 * pad
    sheet.ensure(h)
    for (const c of COLUMNS) sheet.text(cells[c.key] ?? '', c.x + pad, c.w - 2 * pad, sheet.y + pad, { size: 8, bold: style.bold, align: NUMERIC.has(c.key) ? 'end' : 'start' })
    sheet.y += h
    sheet.rule(sheet.y, 0.3, '#ccc')
  }
}
