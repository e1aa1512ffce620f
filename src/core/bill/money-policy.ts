// How a tenant rounds money: once per charge line to the currency's minor
// unit, and optionally the payable to a coarser step with the remainder
// carried to the next bill (Iran: seed 002 item 27, whole thousands of rials).
import { add, div, isZero, placesOf, pow10, round, roundTo, sub, toFixedPlaces, Fx, FX_ZERO } from '../shared/decimal.ts'
import type { RoundingMode } from '../shared/decimal.ts'
import type { VolumeAmount } from '../tariff/volume-price.ts'

export interface MoneyPolicy {
  currency: string
  /** places of a charge line: RUB and SEK 2 (kopecks, öre), IRR 0 (rials) */
  minorUnits: number
  lineRounding: RoundingMode
  /**
   * Round the payable to `places` (negative = tens, hundreds, thousands…)
   * and carry what is left to the next bill; null = no payable rounding.
   */
  payableRounding: { places: number; mode: RoundingMode } | null
}

export const RUB: MoneyPolicy = { currency: 'RUB', minorUnits: 2, lineRounding: 'half_up', payableRounding: null }
export const SEK: MoneyPolicy = { currency: 'SEK', minorUnits: 2, lineRounding: 'half_up', payableRounding: null }
/** seed 002 item 27: bills rounded to whole thousands of rials, the part below 1,000 carried. */
export const IRR: MoneyPolicy = { currency: 'IRR', minorUnits: 0, lineRounding: 'half_up', payableRounding: { places: -3, mode: 'down' } }

// '0', '0.0', '0.00', …: a bill prints several zero totals
function zeroText(policy: MoneyPolicy): string {
  const k = policy.minorUnits
  return k === 2 ? '0.00' : k <= 0 ? '0' : `0.${'0'.repeat(k)}`
}


/** A charge line's exact amount rounded to the minor unit by the line rounding. */
export function roundLine(policy: MoneyPolicy, exact: Fx): Fx {
  return roundTo(exact, policy.minorUnits, policy.lineRounding)
}

/** A priced volume rounded once: numerator / divisor straight to the minor unit. */
export function roundPriced(policy: MoneyPolicy, priced: VolumeAmount): Fx {
  const places = policy.minorUnits
  const mode = policy.lineRounding
  if (priced.divisor === null) return roundTo(priced.numerator, places, mode)
  if (places >= 0) return div(priced.numerator, priced.divisor, places, mode)
  const k = -places
  const q = div(priced.numerator, new Fx(priced.divisor.u * pow10(k), priced.divisor.e), 0, mode)
  return new Fx(q.u * pow10(k), 0)
}

export interface CarryResult {
  /** gross = charges + previous carry + debt (negative debt = credit) */
  gross: Fx
  payable: Fx
  /** gross − payable, carried to the next bill */
  carry: Fx
}

/**
 * Payable rounding with carry. Money is conserved: over consecutive bills
 * Σ payable + final carry = Σ charges + Σ debt + first previous carry.
 * 'down' rounds toward zero, so a credit balance keeps its remainder as credit.
 */
export function roundPayable(policy: MoneyPolicy, charges: Fx, previousCarry: Fx, debt: Fx): CarryResult {
  const gross = add(add(charges, previousCarry), debt)
  if (policy.payableRounding === null) return { gross, payable: gross, carry: FX_ZERO }
  const payable = roundTo(gross, policy.payableRounding.places, policy.payableRounding.mode)
  return { gross, payable, carry: sub(gross, payable) }
}

/** An amount as a decimal string with the currency's minor unit places ('61.90', '1153600'), or more if the amount has more. */
export function money(policy: MoneyPolicy, amount: Fx): string {
  if (isZero(amount)) return zeroText(policy)
  // a line rounded to the minor unit cannot have more places: skip counting them
  if (amount.e <= policy.minorUnits && policy.minorUnits >= 0) return toFixedPlaces(amount, policy.minorUnits)
  const places = Math.max(policy.minorUnits, placesOf(amount))
  return toFixedPlaces(amount.e > places ? round(amount, places) : amount, places)
}
