// Ledger amounts as text in the tenant's minor units. toFixed formats exactly
// (half-up); ledger sums are whole minor units already, so this only pads:
// '1234.5' → '1234.50' for RUB, '1153000' for IRR.
import { dec } from '../../core/shared/decimal.ts'
import type { Fx } from '../../core/shared/decimal.ts'

export function moneyText(value: Fx | string, minorUnits: number): string {
  return (typeof value === 'string' ? dec(value) : value).toFixed(minorUnits)
}

/** A formatter bound to one tenant's minor units. */
export function moneyFormatter(minorUnits: number): (value: Fx | string) => string {
  return (value) => moneyText(value, minorUnits)
}
