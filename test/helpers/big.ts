// big.js as the tests' reference (oracle) for exact decimals: configured as
// the core's decimals were before they became one API on scaled integers
// (src/core/shared/decimal.ts): division to 20 places, half-up. Production
// code never imports this; property tests hold the production path to it.
import Big from 'big.js'

Big.DP = 20
Big.RM = Big.roundHalfUp

export { Big }

export type RoundingMode = 'half_up' | 'down' | 'up' | 'half_even'

const MODES: Record<RoundingMode, 0 | 1 | 2 | 3> = { down: 0, half_up: 1, half_even: 2, up: 3 }

/** Round to `places` decimals (negative places round to tens, hundreds, thousands…), as the core did on big.js. */
export function roundTo(value: Big, places: number, mode: RoundingMode = 'half_up'): Big {
  if (places >= 0) return value.round(places, MODES[mode])
  const step = new Big(10).pow(-places)
  return value.div(step).round(0, MODES[mode]).times(step)
}

/** The money text the core printed from big.js: the minor unit's places, or more if the amount has more. */
export function bigMoney(policy: { minorUnits: number }, amount: Big): string {
  if (amount.c.length === 1 && amount.c[0] === 0) {
    const k = policy.minorUnits
    return k <= 0 ? '0' : `0.${'0'.repeat(k)}`
  }
  // big.js keeps digits in c and the exponent in e: places = digits after the point
  const places = Math.max(0, amount.c.length - amount.e - 1)
  return amount.toFixed(Math.max(policy.minorUnits, places))
}

/**
 * big.js's toFixed, except that a negative value rounding to zero prints no
 * sign: the decimal API writes '0.00' where big.js wrote '-0.00' (an amount
 * is never "minus nothing" on a bill), a difference on purpose.
 */
export function bigToFixed(x: Big, places: number): string {
  return x.toFixed(places).replace(/^-(0(\.0+)?)$/, '$1')
}
