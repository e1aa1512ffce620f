// Russian taxpayer number (INN), used to link a contract (seed 000).
// Checksums per conventions.md "Russia": weighted sums mod 11 mod 10.
import { isDigits } from './check-digits.ts'

const W10 = [2, 4, 10, 3, 5, 9, 4, 6, 8]
const W11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
const W12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]

function weighted(digits: string, weights: number[]): number {
  let sum = 0
  for (let i = 0; i < weights.length; i++) sum += (digits.charCodeAt(i) - 48) * (weights[i] ?? 0)
  return (sum % 11) % 10
}

/** The check digits an INN must end with: one for 10-digit (legal entity), two for 12-digit (individual). */
export function innCheckDigits(inn: string): string {
  if (isDigits(inn, 10, 10)) return String(weighted(inn, W10))
  if (isDigits(inn, 12, 12)) return `${weighted(inn, W11)}${weighted(inn, W12)}`
  throw new RangeError(`INN must be 10 or 12 digits: ${inn}`)
}

export function isValidInn(inn: string): boolean {
  if (!isDigits(inn, 10, 10) && !isDigits(inn, 12, 12)) return false
  const check = innCheckDigits(inn)
  return inn.endsWith(check)
}
