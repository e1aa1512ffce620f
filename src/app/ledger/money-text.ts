// Ledger amounts as text in the tenant's minor units. toFixed formats exactly
// (half-up); ledger sums are whole minor units already, so this only pads:
// '1234.5' → '1234.50' for RUB, '1153000' for IRR.
//
// The hot reads (the balance) get their amounts as Postgres numeric text,
// which is always plain ('-1234.5', never '1e3' nor '-0'): such a text with
// no more decimals than the tenant's minor units is padded as text, without
// a decimal parse and print. Anything else goes through the core's decimal
// API; test/app/ledger/money-text.test.ts holds the two paths to the same answers.
import { dec } from '../../core/shared/decimal.ts'
import type { Fx } from '../../core/shared/decimal.ts'

/** A plain decimal text: sign, integer part without leading zeros, optional fraction. */
const PLAIN = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/

/** The text padded to `minorUnits` decimals, or undefined when only the decimal API may say (rounding, exponent, odd forms). */
function padded(text: string, minorUnits: number): string | undefined {
  const m = PLAIN.exec(text)
  if (!m) return undefined
  const fraction = m[3] ?? ''
  if (fraction.length > minorUnits) return undefined
  const body = minorUnits === 0 ? m[2]! : `${m[2]}.${fraction.padEnd(minorUnits, '0')}`
  // no sign on zero ('-0.00' → '0.00')
  return m[1] && (m[2] !== '0' || /[1-9]/.test(fraction)) ? `-${body}` : body
}

export function moneyText(value: Fx | string, minorUnits: number): string {
  if (typeof value === 'string') {
    const text = padded(value, minorUnits)
    if (text !== undefined) return text
  }
  return (typeof value === 'string' ? dec(value) : value).toFixed(minorUnits)
}

/** A formatter bound to one tenant's minor units. */
export function moneyFormatter(minorUnits: number): (value: Fx | string) => string {
  return (value) => moneyText(value, minorUnits)
}

/** The sign of a decimal text (−1, 0, 1), read from a plain text without parsing it; the decimal API for anything else. */
export function decimalSign(text: string): -1 | 0 | 1 {
  const m = PLAIN.exec(text)
  if (!m) { const b = dec(text); return b.gt(0) ? 1 : b.lt(0) ? -1 : 0 }
  if (m[2] === '0' && !/[1-9]/.test(m[3] ?? '')) return 0
  return m[1] ? -1 : 1
}
