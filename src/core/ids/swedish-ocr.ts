// Swedish OCR payment reference and Bankgiro number (Bankgirot rules, conventions.md "Sweden").
import { isDigits, luhnCheckDigit } from './check-digits.ts'

export interface OcrOptions {
  /** add the length digit before the Luhn digit (default true, as most billers do) */
  lengthDigit?: boolean
}

/** OCR reference from a base number: [base][length digit?][Luhn]. 2–25 digits in all. */
export function buildOcr(base: string, options: OcrOptions = {}): string {
  const withLength = options.lengthDigit ?? true
  if (!isDigits(base)) throw new RangeError(`OCR base must be digits: ${base}`)
  const total = base.length + (withLength ? 2 : 1)
  if (total < 2 || total > 25) throw new RangeError(`OCR reference must be 2–25 digits, got ${total}`)
  const body = withLength ? `${base}${total % 10}` : base
  return `${body}${luhnCheckDigit(body)}`
}

export function isValidOcr(reference: string, options: OcrOptions = {}): boolean {
  if (!isDigits(reference, 2, 25)) return false
  if (luhnCheckDigit(reference.slice(0, -1)) !== Number(reference[reference.length - 1])) return false
  if (options.lengthDigit === true) return Number(reference[reference.length - 2]) === reference.length % 10
  return true
}

/** Bankgiro number: 7–8 digits (a dash after the 3rd/4th digit is allowed), Luhn-checked. */
export function isValidBankgiro(bankgiro: string): boolean {
  const digits = bankgiro.replace(/^(\d{3,4})-(\d{4})$/, '$1$2')
  if (!isDigits(digits, 7, 8)) return false
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits[digits.length - 1])
}
