// big.js configured once for the core. Decimal strings in, decimal strings out.
import Big from 'big.js'

// Division keeps plenty of places; rounding happens once, on money, by policy.
Big.DP = 20
Big.RM = Big.roundHalfUp

export { Big }
export type Decimal = Big

export const ZERO = new Big(0)

export type RoundingMode = 'half_up' | 'down' | 'up' | 'half_even'

const MODES: Record<RoundingMode, 0 | 1 | 2 | 3> = { down: 0, half_up: 1, half_even: 2, up: 3 }

/** Round to `places` decimals (negative places round to tens, hundreds, thousands…). */
export function roundTo(value: Big, places: number, mode: RoundingMode = 'half_up'): Big {
  if (places >= 0) return value.round(places, MODES[mode])
  const step = new Big(10).pow(-places)
  return value.div(step).round(0, MODES[mode]).times(step)
}
