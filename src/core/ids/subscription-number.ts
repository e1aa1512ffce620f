// Iranian subscription number (seed 002 bill item 1): from the left, 2 digits
// county, 4 digits village, then the subscriber's number, then one check digit
// that is not part of the number.
// ASSUMPTION: the source does not say how the check digit is computed; we use
// the same mod11 as bill IDs (conventions.md) over all digits before it.
// A tenant with another rule passes its own `checkDigit` function.
import { iranMod11, isDigits } from './check-digits.ts'

export interface SubscriptionNumberParts {
  county: string
  village: string
  subscriber: string
}

export type CheckDigitRule = (digits: string) => number

export function buildSubscriptionNumber(parts: SubscriptionNumberParts, checkDigit: CheckDigitRule = iranMod11): string {
  if (!isDigits(parts.county, 2, 2)) throw new RangeError('county must be 2 digits')
  if (!isDigits(parts.village, 4, 4)) throw new RangeError('village must be 4 digits')
  if (!isDigits(parts.subscriber)) throw new RangeError('subscriber number must be digits')
  const body = `${parts.county}${parts.village}${parts.subscriber}`
  return `${body}${checkDigit(body)}`
}

export function parseSubscriptionNumber(value: string, checkDigit: CheckDigitRule = iranMod11): SubscriptionNumberParts | null {
  if (!isDigits(value, 8)) return null
  const body = value.slice(0, -1)
  if (checkDigit(body) !== Number(value[value.length - 1])) return null
  return { county: body.slice(0, 2), village: body.slice(2, 6), subscriber: body.slice(6) }
}

export function isValidSubscriptionNumber(value: string, checkDigit: CheckDigitRule = iranMod11): boolean {
  return parseSubscriptionNumber(value, checkDigit) !== null
}
