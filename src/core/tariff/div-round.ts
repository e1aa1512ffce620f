// Exact division rounded once: x / divisor rounded to `places` with `mode`.
// big.js rounds a quotient correctly to its constructor's DP with its RM, so a
// private constructor per (places, mode) gives the rounded result in one short
// division instead of a 20-place division followed by a rounding (5× faster).
import { Big } from '../shared/decimal.ts'
import type { RoundingMode } from '../shared/decimal.ts'

const RM: Record<RoundingMode, 0 | 1 | 2 | 3> = { down: 0, half_up: 1, half_even: 2, up: 3 }
const ctors = new Map<string, typeof Big>()

function ctor(places: number, mode: RoundingMode): typeof Big {
  const key = `${places}:${mode}`
  let C = ctors.get(key)
  if (!C) {
    C = Big()
    C.DP = places
    C.RM = RM[mode]
    ctors.set(key, C)
  }
  return C
}

/**
 * Re-home a Big under another big.js constructor without reparsing: all
 * constructors share one prototype and an instance finds its DP and RM
 * through its own `constructor` field (big.js source, `x.constructor = Big`).
 */
function as(C: typeof Big, x: Big): Big {
  const y = Object.create(C.prototype) as Big & { constructor: typeof Big }
  y.c = x.c
  y.e = x.e
  y.s = x.s
  y.constructor = C
  return y
}

export function divRound(x: Big, divisor: Big, places: number, mode: RoundingMode): Big {
  if (places < 0) {
    const step = new Big(10).pow(-places)
    return divRound(x, divisor.times(step), 0, mode).times(step)
  }
  const C = ctor(places, mode)
  return as(Big, as(C, x).div(as(C, divisor)))
}
