// The money policy of a calculation: the currency's preset (seed 002 item 27
// for rials), the tenant's minor units for its own currency, then overrides.
import { IRR, RUB, SEK } from '../../core/bill/money-policy.ts'
import type { MoneyPolicy } from '../../core/bill/money-policy.ts'

const PRESETS: Record<string, MoneyPolicy> = { RUB, SEK, IRR }

export function moneyFor(currency: string, tenant: { currency: string; minorUnits: number }, overrides: Partial<MoneyPolicy> = {}): MoneyPolicy {
  const preset = PRESETS[currency] ?? { currency, minorUnits: 2, lineRounding: 'half_up', payableRounding: null }
  const minorUnits = currency === tenant.currency ? tenant.minorUnits : preset.minorUnits
  return { ...preset, minorUnits, ...overrides, currency }
}
