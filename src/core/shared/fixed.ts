// Exact decimals as scaled BigInts for the hot paths: value = u / 10^e.
// big.js keeps digits in arrays and allocates on every step (a division to 20
// places costs ~3 µs); a BigInt step costs tens of ns. Results are bit-for-bit
// those of big.js as configured in decimal.ts: + − × are exact, and every
// division rounds to a stated number of places, as Big.div does to Big.DP.
// test/core/shared/fixed.property.test.ts checks this against big.js.
import { Big } from './decimal.ts'
import type { RoundingMode } from './decimal.ts'

export class Fx {
  readonly u: bigint
  /** decimal places of u (≥ 0) */
  readonly e: number
  constructor(u: bigint, e: number) {
    this.u = u
    this.e = e
  }
}

const POW: bigint[] = [1n]
for (let i = 1; i <= 120; i++) POW.push(POW[i - 1]! * 10n)

/** 10^n as a BigInt (table lookup for the usual sizes). */
export function pow10(n: number): bigint {
  return n < POW.length ? POW[n]! : 10n ** BigInt(n)
}

export const FX_ZERO = new Fx(0n, 0)

const DECIMAL = /^(-?)(\d*)(?:\.(\d*))?$/

/** The decimal places found by the last scanSmallDecimal that succeeded: a
 * scratch slot, so the hot path allocates no object per number. */
export const scanned = { places: 0 }

/**
 * Plain decimals of up to 15 characters ('12', '-0.125', '.5'): their digits
 * as a number (exact: 15 digits fit a double) with the places in
 * `scanned.places`; NaN when the text needs the checked path.
 */
export function scanSmallDecimal(text: string): number {
  const len = text.length
  if (len === 0 || len > 15) return NaN
  let u = 0
  let e = -1
  let i = text.charCodeAt(0) === 45 ? 1 : 0
  const start = i
  for (; i < len; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      u = u * 10 + (c - 48)
      if (e >= 0) e++
    } else if (c === 46 && e < 0) {
      e = 0
    } else return NaN
  }
  if (len - start - (e >= 0 ? 1 : 0) === 0) return NaN
  scanned.places = e < 0 ? 0 : e
  return start === 1 ? -u : u
}

/** Parse a plain decimal string ('12', '-0.125', '.5'); exponent notation goes through big.js. */
export function fx(text: string): Fx {
  // Fast path: BigInt(number) is far cheaper than BigInt(string).
  const u = scanSmallDecimal(text)
  if (u === u) return new Fx(BigInt(u), scanned.places)
  return fxSlow(text)
}

// Long decimals (volumes to 20 places) are parsed again where they travel as
// text (segment → priced volume → bill, sums): a small bounded memo of
// immutable results. Pure: same text, same Fx.
const longCache = new Map<string, Fx>()

function fxSlow(text: string): Fx {
  let x = longCache.get(text)
  if (x === undefined) {
    x = fxParse(text)
    if (longCache.size >= 4096) longCache.clear()
    longCache.set(text, x)
  }
  return x
}

function fxParse(text: string): Fx {
  const m = DECIMAL.exec(text)
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) return fxOfBig(new Big(text))
  const frac = m[3] ?? ''
  const u = BigInt((m[2] || '0') + frac)
  return new Fx(m[1] === '-' ? -u : u, frac.length)
}

export function fxInt(n: number): Fx {
  return new Fx(BigInt(n), 0)
}

export function fxOfBig(b: Big): Fx {
  // c: digits, e: exponent of the first digit; value = 0.c × 10^(e+1)
  const digits = b.c.join('')
  const places = digits.length - b.e - 1
  let u = BigInt(digits)
  let e = places
  if (places < 0) {
    u *= pow10(-places)
    e = 0
  }
  return new Fx(b.s < 0 ? -u : u, e)
}

export function toBig(x: Fx): Big {
  return new Big(toText(x))
}

function align(x: Fx, e: number): bigint {
  return x.e === e ? x.u : x.u * pow10(e - x.e)
}

export function add(a: Fx, b: Fx): Fx {
  if (a.e === b.e) return new Fx(a.u + b.u, a.e)
  return a.e > b.e ? new Fx(a.u + align(b, a.e), a.e) : new Fx(align(a, b.e) + b.u, b.e)
}

export function sub(a: Fx, b: Fx): Fx {
  if (a.e === b.e) return new Fx(a.u - b.u, a.e)
  return a.e > b.e ? new Fx(a.u - align(b, a.e), a.e) : new Fx(align(a, b.e) - b.u, b.e)
}

export function mul(a: Fx, b: Fx): Fx {
  return new Fx(a.u * b.u, a.e + b.e)
}

export function mulInt(a: Fx, n: number): Fx {
  return new Fx(a.u * BigInt(n), a.e)
}

export function cmp(a: Fx, b: Fx): number {
  const e = a.e > b.e ? a.e : b.e
  const x = align(a, e)
  const y = align(b, e)
  return x < y ? -1 : x > y ? 1 : 0
}

export function isZero(a: Fx): boolean {
  return a.u === 0n
}

/** n / d rounded to an integer by `mode` (d ≠ 0); modes as big.js: half_up is half away from zero. */
export function divIntRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d < 0n) {
    n = -n
    d = -d
  }
  const q = n / d // truncates toward zero
  const r = n - q * d
  if (r === 0n) return q
  const away = n < 0n ? q - 1n : q + 1n
  switch (mode) {
    case 'down':
      return q
    case 'up':
      return away
    case 'half_up':
    case 'half_even': {
      const twice = (r < 0n ? -r : r) * 2n
      if (twice > d) return away
      if (twice < d) return q
      return mode === 'half_up' || q % 2n !== 0n ? away : q
    }
  }
}

/** x rounded to `places` decimals (places ≥ 0), as Big.round(places, mode). */
export function round(x: Fx, places: number, mode: RoundingMode = 'half_up'): Fx {
  if (x.e <= places) return x
  return new Fx(divIntRound(x.u, pow10(x.e - places), mode), places)
}

/** a / b rounded to `places` decimals, as Big.div with DP = places (and RM = mode). */
export function div(a: Fx, b: Fx, places: number, mode: RoundingMode = 'half_up'): Fx {
  if (b.u === 0n) throw new RangeError('division by zero')
  // a/b × 10^places = a.u × 10^(b.e + places) / (b.u × 10^a.e)
  const n = a.u * pow10(b.e + places)
  const d = b.u * pow10(a.e)
  return new Fx(divIntRound(n, d, mode), places)
}

/** a / n for an integer n, rounded to `places` decimals. */
export function divInt(a: Fx, n: number, places: number, mode: RoundingMode = 'half_up'): Fx {
  if (a.e <= places) return new Fx(divIntRound(a.u * pow10(places - a.e), BigInt(n), mode), places)
  return new Fx(divIntRound(a.u, BigInt(n) * pow10(a.e - places), mode), places)
}

/** Plain notation without trailing zeros, as Big.toFixed() ('0', '-1.5', '0.000490625'). */
// The last value formatted: a figure is often printed twice in a row (in
// its trace, then as the segment's volume). Fx is immutable, so it is safe.
let lastFx: Fx | null = null
let lastText = ''

export function toText(x: Fx): string {
  if (x === lastFx) return lastText
  const text = toTextUncached(x)
  lastFx = x
  lastText = text
  return text
}

function toTextUncached(x: Fx): string {
  if (x.u === 0n) return '0'
  const neg = x.u < 0n
  const digits = (neg ? -x.u : x.u).toString()
  // trailing zeros of the fraction go on the string, not by repeated BigInt division
  let e = x.e
  let end = digits.length
  while (e > 0 && digits.charCodeAt(end - 1) === 48) {
    end--
    e--
  }
  return place(end === digits.length ? digits : digits.slice(0, end), e, neg)
}

/**
 * Whether `text` is already as toText prints its value (a plain non-negative
 * decimal without leading or trailing zeros: '0', '30', '0.125'), so
 * toText(fx(text)) === text and the round trip can be skipped.
 */
export function isCanonical(text: string): boolean {
  const n = text.length
  if (n === 0) return false
  let i = 0
  const c0 = text.charCodeAt(0)
  if (c0 === 48) {
    if (n === 1) return true
    if (text.charCodeAt(1) !== 46) return false
  }
  for (; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 46) break
    if (c < 48 || c > 57) return false
  }
  if (i === 0) return false
  if (i === n) return true
  // a fraction: at least one digit, all digits, the last not 0
  if (i === n - 1 || text.charCodeAt(n - 1) === 48) return false
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

/** Exactly `places` decimals (x must not have more), as Big.toFixed(places) of such a value. */
export function toFixedPlaces(x: Fx, places: number): string {
  if (x.e > places) throw new RangeError(`toFixedPlaces: ${toText(x)} has more than ${places} places`)
  return layout(x.u * pow10(places - x.e), places)
}

/** Places left after trimming trailing zeros. */
export function placesOf(x: Fx): number {
  let u = x.u
  let e = x.e
  if (u === 0n) return 0
  while (e > 0 && u % 10n === 0n) {
    u /= 10n
    e--
  }
  return e
}

function layout(u: bigint, e: number): string {
  const neg = u < 0n
  return place((neg ? -u : u).toString(), e, neg && u !== 0n)
}

/** Digits of |u| with the point put `e` places from the right. */
function place(digits: string, e: number, neg: boolean): string {
  let s = digits
  if (e > 0) {
    if (s.length <= e) s = '0'.repeat(e - s.length + 1) + s
    s = `${s.slice(0, s.length - e)}.${s.slice(s.length - e)}`
  }
  return neg ? `-${s}` : s
}

/**
 * roundTo of decimal.ts on Fx: to `places` decimals; negative places round to
 * tens, hundreds… the way big.js does it there (divide by 10^k to 20 places
 * half-up, round to an integer by `mode`, multiply back).
 */
export function roundTo(x: Fx, places: number, mode: RoundingMode = 'half_up'): Fx {
  if (places >= 0) return round(x, places, mode)
  const k = -places
  const scaledDown = round(new Fx(x.u, x.e + k), 20, 'half_up')
  const whole = round(scaledDown, 0, mode)
  return new Fx(whole.u * pow10(k), whole.e)
}
