// Check-digit algorithms shared by identifiers. Digits only; callers validate
// the character set first.

/**
 * Iranian mod11 (conventions.md, "Iran"): weights 2,3,4,5,6,7,2,3,… from the
 * rightmost digit; r = Σ mod 11; check = 0 if r < 2, else 11 − r.
 */
export function iranMod11(digits: string): number {
  let sum = 0
  let weight = 2
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += (digits.charCodeAt(i) - 48) * weight
    weight = weight === 7 ? 2 : weight + 1
  }
  const r = sum % 11
  return r < 2 ? 0 : 11 - r
}

/** Luhn mod 10 check digit for the digits given (the check digit not included). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0
  let double = true // the digit next to the check digit is doubled
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return (10 - (sum % 10)) % 10
}

export function isDigits(value: string, minLength = 1, maxLength = Infinity): boolean {
  return value.length >= minLength && value.length <= maxLength && /^[0-9]+$/.test(value)
}
