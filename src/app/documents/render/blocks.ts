// Blocks both documents share: the title with the payee, the parties with
// the document's dates, and label–value lists.
import type { Labels } from '../labels.ts'
import type { PartiesView } from '../party.ts'
import type { PayeeDetails } from '../payee-details.ts'
import type { Sheet } from './sheet.ts'

/** Label–value rows at logical x; returns the height used. */
export function keyValues(sheet: Sheet, pairs: Array<[string, string]>, x: number, w: number, y: number, labelWidth: number, valueSize = 9): number {
  let h = 0
  for (const [label, value] of pairs) {
    const lh = sheet.text(label, x, labelWidth - 6, y + h, { size: 8, color: '#555' })
    const vh = sheet.text(value, x + labelWidth, w - labelWidth, y + h - (valueSize - 9) / 2, { size: valueSize, bold: valueSize > 9 })
    h += Math.max(lh, vh) + 3
  }
  return h
}

/** `services`: the utilities the document bills, named under the payee (a multi-utility invoice, issue 12 §1). */
export function drawTitle(sheet: Sheet, payee: PayeeDetails, title: string, number: string, L: Labels, services?: string): void {
  const y = sheet.y
  let left = sheet.text(payee.name, 0, 290, y, { size: 10, bold: true })
  if (services) left += sheet.text(services, 0, 290, y + left, { size: 8, bold: true, color: '#2a4d6e' }) + 1
  const details = [
    payee.address,
    [payee.inn && `${L.inn} ${payee.inn}`, payee.kpp && `КПП ${payee.kpp}`].filter(Boolean).join(' / '),
    [payee.orgNumber && `${L.orgNumber} ${payee.orgNumber}`, payee.vatNumber && `${L.vatNumber} ${payee.vatNumber}`].filter(Boolean).join(' · '),
    payee.bankAccount && `р/с ${payee.bankAccount}, ${payee.bankName ?? ''}, БИК ${payee.bic ?? ''}, к/с ${payee.correspondentAccount ?? ''}`,
    payee.bankgiro && `${L.bankgiro} ${payee.bankgiro}`,
  ].filter((s): s is string => !!s)
  for (const d of details) left += sheet.text(d, 0, 290, y + left, { size: 7.5, color: '#333' })
  // the title on one line: a long one (the act) is set smaller
  const size = [15, 13, 11].find((s) => sheet.height(title, sheet.width - 300, { size: s, bold: true }) <= s * 1.3) ?? 11
  let right = sheet.text(title, 300, sheet.width - 300, y, { size, bold: true, align: 'end' })
  right += sheet.text(number, 300, sheet.width - 300, y + right + 2, { size: 12, bold: true, align: 'end' }) + 2
  sheet.y = y + Math.max(left, right) + 8
  sheet.rule(sheet.y, 1, '#444')
  sheet.y += 8
}

/**
 * The payer (customer, account, address) on the start side, the document's
 * own dates on the end side. The label column is as wide as the longest
 * label (within limits), so no label breaks inside a word ("Anläggningsadress").
 */
export function drawParties(sheet: Sheet, v: PartiesView, L: Labels, dates: Array<[string, string]>, digits: (s: string) => string = (s) => s): void {
  const payer: Array<[string, string]> = [[L.payer, v.customer.name], [L.account, digits(v.account.number)]]
  // the reader's digits and commas on a Persian page (postal codes are stored in Latin digits)
  if (v.address) payer.push([L.address, digits(v.address)])
  const labelWidth = (pairs: Array<[string, string]>, max: number) =>
    Math.min(max, Math.max(60, ...pairs.map(([l]) => sheet.measure(l, { size: 8 }) + 8)))
  const leftLabel = labelWidth(payer, 120)
  const rightLabel = labelWidth(dates, 130)
  const left = keyValues(sheet, payer, 0, 270, sheet.y, leftLabel)
  const right = keyValues(sheet, dates, 285, sheet.width - 285, sheet.y, rightLabel, 9)
  sheet.y += Math.max(left, right) + 6
  sheet.rule(sheet.y, 0.5)
  sheet.y += 8
}
