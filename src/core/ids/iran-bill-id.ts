// Iranian bill ID (شناسه قبض) and payment ID (شناسه پرداخت), seed 002 items 3–4;
// formats per conventions.md "Iran" (the banks' published standard).
import { iranMod11, isDigits } from './check-digits.ts'

/** Service digit in a bill ID: 1 water, 2 electricity, 3 gas, 4 fixed phone, 5 mobile, 6 municipality. */
export type IranServiceDigit = 1 | 2 | 3 | 4 | 5 | 6

export interface BillIdParts {
  /** subscriber file number, up to 8 digits */
  file: string
  /** company code, 3 digits */
  company: string
  service: IranServiceDigit
}

/** `[file ≤8][company 3][service 1][mod11 check]`, 6–13 digits. */
export function buildBillId(parts: BillIdParts): string {
  if (!isDigits(parts.file, 1, 8)) throw new RangeError(`bill ID file must be 1–8 digits: ${parts.file}`)
  if (!isDigits(parts.company, 3, 3)) throw new RangeError(`bill ID company must be 3 digits: ${parts.company}`)
  const body = `${parts.file}${parts.company}${parts.service}`
  return `${body}${iranMod11(body)}`
}

export function isValidBillId(billId: string): boolean {
  if (!isDigits(billId, 6, 13)) return false
  const service = Number(billId[billId.length - 2])
  if (service < 1 || service > 6) return false
  return iranMod11(billId.slice(0, -1)) === Number(billId[billId.length - 1])
}

export function parseBillId(billId: string): BillIdParts | null {
  if (!isValidBillId(billId)) return null
  return {
    file: billId.slice(0, -5),
    company: billId.slice(-5, -2),
    service: Number(billId[billId.length - 2]) as IranServiceDigit,
  }
}

export interface PaymentIdParts {
  /** amount in rials; must be a whole number of thousands (bills are rounded, seed 002 item 27) */
  amountRials: string
  /** last digit of the Solar Hijri year */
  yearDigit: number
  /** billing period 1–6 (six two-month periods a year, seed 002 item 11); two digits */
  period: number
}

/**
 * `[amount ÷ 1000][year digit][period 2][C1][C2]`; C1 = mod11 of the payment
 * ID before C1, C2 = mod11 of the bill ID followed by the payment ID up to C1.
 */
export function buildPaymentId(billId: string, parts: PaymentIdParts): string {
  if (!isValidBillId(billId)) throw new RangeError(`invalid bill ID: ${billId}`)
  if (!/^[0-9]+000$/.test(parts.amountRials)) throw new RangeError(`amount must be whole thousands of rials: ${parts.amountRials}`)
  if (!Number.isInteger(parts.yearDigit) || parts.yearDigit < 0 || parts.yearDigit > 9) throw new RangeError('year digit must be 0–9')
  if (!Number.isInteger(parts.period) || parts.period < 0 || parts.period > 99) throw new RangeError('period must be 0–99')
  const thousands = parts.amountRials.slice(0, -3).replace(/^0+(?=\d)/, '')
  const body = `${thousands}${parts.yearDigit}${String(parts.period).padStart(2, '0')}`
  const c1 = iranMod11(body)
  const c2 = iranMod11(`${billId}${body}${c1}`)
  return `${body}${c1}${c2}`
}

export function isValidPaymentId(billId: string, paymentId: string): boolean {
  if (!isValidBillId(billId) || !isDigits(paymentId, 6, 13)) return false
  const body = paymentId.slice(0, -2)
  const c1 = Number(paymentId[paymentId.length - 2])
  const c2 = Number(paymentId[paymentId.length - 1])
  return iranMod11(body) === c1 && iranMod11(`${billId}${paymentId.slice(0, -1)}`) === c2
}

export function parsePaymentId(billId: string, paymentId: string): PaymentIdParts | null {
  if (!isValidPaymentId(billId, paymentId)) return null
  const body = paymentId.slice(0, -2)
  return {
    amountRials: `${body.slice(0, -3)}000`.replace(/^0+(?=\d)/, ''),
    yearDigit: Number(body[body.length - 3]),
    period: Number(body.slice(-2)),
  }
}
