// The core's one exact-decimal API: a decimal is an Fx, a scaled integer
// (value = u / 10^e). + − × are exact; every division rounds to a stated
// number of places (20 half-up unless told: what big.js did with DP = 20,
// RM = half-up, which the core used before, and what every golden figure was
// computed with); rounding takes a RoundingMode.
//
// Two ways to call the same arithmetic: functions (add, sub, mul, div, round,
// cmp, toText) for the hot paths, which take Fx only, and methods (x.plus(y),
// x.div(y), x.round(2, 'down'), x.toFixed(2)) for the rest, which also take a
// plain decimal string or a number. Parse with fx(text) (hot) or dec(value).
//
// Why scaled integers: big.js keeps digits in arrays and allocates on every
// step (a division to 20 places costs ~3 µs); a BigInt step costs tens of ns,
// and a step on a safe integer (a plain JS number) a few. So an Fx holds its
// scaled integer as a number while it is a safe integer and as a BigInt
// beyond; every operation takes the number path when its inputs and every
// intermediate stay within ±(2^53 − 1) — then the double arithmetic is exact —
// and the BigInt path otherwise. Results are bit-for-bit those of big.js as
// configured before (test/core/shared/decimal.property.test.ts checks them
// against big.js as an oracle).

export type RoundingMode = 'half_up' | 'down' | 'up' | 'half_even'

/** A value the methods accept: an Fx, a plain or exponent decimal string, or a finite number. */
export type DecimalLike = Fx | string | number

/** Places a division keeps when none are stated (big.js's DP as the core configured it). */
export const DIV_PLACES = 20

const MAX = Number.MAX_SAFE_INTEGER
const BIG_MAX = BigInt(MAX)

/** An exact integer result: within ±(2^53 − 1) (false for NaN). An operation on safe integers whose result passes is exact. */
function safe(x: number): boolean {
  return x <= MAX && x >= -MAX
}

export class Fx {
  /** the scaled integer u as a number when it is a safe integer, else NaN */
  readonly n: number
  /** decimal places of u (≥ 0) */
  readonly e: number
  /** u as a BigInt: given, or made on first read of `u` */
  #b: bigint | undefined
  /** `u` a BigInt, or a safe integer (the caller vouches for it) */
  constructor(u: bigint | number, e: number) {
    if (typeof u === 'number') {
      this.n = u
      this.e = e
      this.#b = undefined
    } else {
      this.n = u >= -BIG_MAX && u <= BIG_MAX ? Number(u) : NaN
      this.e = e
      this.#b = u
    }
  }

  /** the scaled integer as a BigInt */
  get u(): bigint {
    return (this.#b ??= BigInt(this.n))
  }

  plus(b: DecimalLike): Fx {
    return add(this, dec(b))
  }

  minus(b: DecimalLike): Fx {
    return sub(this, dec(b))
  }

  times(b: DecimalLike): Fx {
    return mul(this, dec(b))
  }

  /**
   * this / b rounded to `places` decimals (20 unless told) by `mode`, without
   * trailing zeros (as big.js kept it: 25 / 100 is 0.25 at 2 places, not 20,
   * so what is computed from it next stays on the safe-integer path).
   */
  div(b: DecimalLike, places: number = DIV_PLACES, mode: RoundingMode = 'half_up'): Fx {
    return trim(div(this, dec(b), places, mode))
  }

  /** The remainder of this / b with the sign of this (truncating division), exact. */
  mod(b: DecimalLike): Fx {
    const d = dec(b)
    if (d.n === 0) throw new RangeError('division by zero')
    const e = this.e > d.e ? this.e : d.e
    return new Fx(align(this, e) % align(d, e), e)
  }

  /** this^k for an integer k ≥ 0 (exact). */
  pow(k: number): Fx {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`pow: ${k} is not a whole number ≥ 0`)
    let r: Fx = new Fx(1, 0)
    for (let i = 0; i < k; i++) r = mul(r, this)
    return r
  }

  neg(): Fx {
    return neg(this)
  }

  abs(): Fx {
    return sign(this) < 0 ? neg(this) : this
  }

  /** Rounded to `places` decimals (negative: tens, hundreds…) by `mode` (half-up unless told). */
  round(places = 0, mode: RoundingMode = 'half_up'): Fx {
    return roundTo(this, places, mode)
  }

  cmp(b: DecimalLike): number {
    return cmp(this, dec(b))
  }

  eq(b: DecimalLike): boolean {
    return cmp(this, dec(b)) === 0
  }

  gt(b: DecimalLike): boolean {
    return cmp(this, dec(b)) > 0
  }

  gte(b: DecimalLike): boolean {
    return cmp(this, dec(b)) >= 0
  }

  lt(b: DecimalLike): boolean {
    return cmp(this, dec(b)) < 0
  }

  lte(b: DecimalLike): boolean {
    return cmp(this, dec(b)) <= 0
  }

  isZero(): boolean {
    return this.n === 0
  }

  /**
   * Plain notation: without `places`, every place the value has and no
   * trailing zeros ('0', '-1.5'); with them, rounded half-up to exactly that
   * many ('61.90'), as Big.toFixed did.
   */
  toFixed(places?: number): string {
    if (places === undefined) return toText(this)
    return toFixedPlaces(this.e > places ? round(this, places, 'half_up') : this, places)
  }

  /** Plain notation, never exponent notation (big.js wrote 1e-7 below 10^-6). */
  toString(): string {
    return toText(this)
  }

  /** As big.js: JSON and template strings read the decimal text. */
  toJSON(): string {
    return toText(this)
  }

  valueOf(): string {
    return toText(this)
  }

  toNumber(): number {
    return Number(toText(this))
  }
}

const POW: bigint[] = [1n]
for (let i = 1; i <= 120; i++) POW.push(POW[i - 1]! * 10n)

/** 10^n as a BigInt (table lookup for the usual sizes). */
export function pow10(n: number): bigint {
  return n < POW.length ? POW[n]! : 10n ** BigInt(n)
}

/** 10^k as a number, exact for k ≤ 22 (beyond, a scaled value cannot stay safe anyway) */
const POW_NUM: number[] = []
for (let i = 0; i <= 22; i++) POW_NUM.push(Number(POW[i]!))

/** n × 10^k when it is a safe integer, else NaN (n a safe integer or NaN, k ≥ 0). */
function scaleNum(n: number, k: number): number {
  if (k === 0) return n
  if (k > 22) return n === 0 ? 0 : NaN
  const x = n * POW_NUM[k]!
  return safe(x) ? x : NaN
}

export const FX_ZERO = new Fx(0, 0)

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
  // '-0' is the integer 0 (as BigInt reads it): no negative zero in an Fx
  return start === 1 && u !== 0 ? -u : u
}

/** Parse a decimal string ('12', '-0.125', '.5', '1e-3'); anything else throws. */
export function fx(text: string): Fx {
  // Fast path: up to 15 characters, the digits are a safe integer already.
  const u = scanSmallDecimal(text)
  if (u === u) return new Fx(u, scanned.places)
  return fxSlow(text)
}

// big.js's grammar: an optional minus, digits with an optional point, an optional exponent
const NUMERIC = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

function fxSlow(text: string): Fx {
  const m = NUMERIC.exec(text)
  const whole = m?.[2] ?? ''
  const frac = m?.[3] ?? ''
  const exponent = m?.[4] === undefined ? 0 : Number(m[4])
  // no amount or volume needs 10^±10000; a larger exponent would only build a huge BigInt
  if (m === null || (whole === '' && frac === '') || Math.abs(exponent) > 10_000) throw new Error(`[decimal] Invalid number: ${JSON.stringify(text)}`)
  let u = BigInt((whole || '0') + frac)
  let e = frac.length - exponent
  if (e < 0) {
    u *= pow10(-e)
    e = 0
  }
  return new Fx(m[1] === '-' ? -u : u, e)
}

/** Any decimal the methods accept: an Fx as it is, text parsed, a number by its shortest text (as big.js read numbers). */
export function dec(v: DecimalLike): Fx {
  if (typeof v === 'string') return fx(v)
  if (typeof v === 'number') {
    if (Number.isInteger(v) && safe(v)) return new Fx(v === 0 ? 0 : v, 0)
    if (!Number.isFinite(v)) throw new Error(`[decimal] Invalid number: ${v}`)
    return fxSlow(String(v))
  }
  if (v instanceof Fx) return v
  throw new Error(`[decimal] Invalid number: ${String(v)}`)
}

export function fxInt(n: number): Fx {
  return safe(n) && Number.isInteger(n) ? new Fx(n === 0 ? 0 : n, 0) : new Fx(BigInt(n), 0)
}

/** The sign of x: −1, 0 or 1. */
export function sign(x: Fx): number {
  const n = x.n
  if (n === n) return n < 0 ? -1 : n > 0 ? 1 : 0
  return x.u < 0n ? -1 : 1
}

function align(x: Fx, e: number): bigint {
  return x.e === e ? x.u : x.u * pow10(e - x.e)
}

export function add(a: Fx, b: Fx): Fx {
  const e = a.e > b.e ? a.e : b.e
  const s = scaleNum(a.n, e - a.e) + scaleNum(b.n, e - b.e)
  if (safe(s)) return new Fx(s === 0 ? 0 : s, e)
  return new Fx(align(a, e) + align(b, e), e)
}

export function sub(a: Fx, b: Fx): Fx {
  const e = a.e > b.e ? a.e : b.e
  const s = scaleNum(a.n, e - a.e) - scaleNum(b.n, e - b.e)
  if (safe(s)) return new Fx(s === 0 ? 0 : s, e)
  return new Fx(align(a, e) - align(b, e), e)
}

export function neg(a: Fx): Fx {
  const n = a.n
  if (n === n) return new Fx(n === 0 ? 0 : -n, a.e)
  return new Fx(-a.u, a.e)
}

export function mul(a: Fx, b: Fx): Fx {
  const p = a.n * b.n
  if (safe(p)) return new Fx(p === 0 ? 0 : p, a.e + b.e)
  return new Fx(a.u * b.u, a.e + b.e)
}

export function mulInt(a: Fx, n: number): Fx {
  const p = a.n * n
  if (safe(p) && Number.isInteger(n)) return new Fx(p === 0 ? 0 : p, a.e)
  return new Fx(a.u * BigInt(n), a.e)
}

export function cmp(a: Fx, b: Fx): number {
  const e = a.e > b.e ? a.e : b.e
  const x = scaleNum(a.n, e - a.e)
  const y = scaleNum(b.n, e - b.e)
  if (x === x && y === y) return x < y ? -1 : x > y ? 1 : 0
  const p = align(a, e)
  const q = align(b, e)
  return p < q ? -1 : p > q ? 1 : 0
}

export function isZero(a: Fx): boolean {
  return a.n === 0
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

/**
 * divIntRound on numbers: n a safe integer, d a positive integer that is an
 * exact double (a safe integer or a power of ten up to 10^22). `%` on doubles
 * is exact, so r is the true remainder and (n − r) / d the true quotient.
 * NaN when n is NaN.
 */
function divIntRoundNum(n: number, d: number, mode: RoundingMode): number {
  // on int32 operands `%` is an integer instruction; on doubles it is a call to fmod
  const r = (n | 0) === n && (d | 0) === d ? ((n | 0) % (d | 0)) | 0 : n % d
  const q = (n - r) / d
  if (r === 0) return q === 0 ? 0 : q
  const away = n < 0 ? q - 1 : q + 1
  let out: number
  switch (mode) {
    case 'down':
      out = q
      break
    case 'up':
      out = away
      break
    case 'half_up':
    case 'half_even': {
      const twice = (r < 0 ? -r : r) * 2
      out = twice > d ? away : twice < d ? q : mode === 'half_up' || q % 2 !== 0 ? away : q
    }
  }
  return out! === 0 ? 0 : out!
}

/** x rounded to `places` decimals (places ≥ 0), as Big.round(places, mode). */
export function round(x: Fx, places: number, mode: RoundingMode = 'half_up'): Fx {
  if (x.e <= places) return x
  const k = x.e - places
  if (k <= 22) {
    const q = divIntRoundNum(x.n, POW_NUM[k]!, mode)
    if (safe(q)) return new Fx(q, places)
  }
  return new Fx(divIntRound(x.u, pow10(k), mode), places)
}

/** a / b rounded to `places` decimals, as Big.div with DP = places (and RM = mode). */
export function div(a: Fx, b: Fx, places: number, mode: RoundingMode = 'half_up'): Fx {
  if (b.n === 0) throw new RangeError('division by zero')
  // a/b × 10^places = a.u × 10^(b.e + places) / (b.u × 10^a.e)
  const n = scaleNum(a.n, b.e + places)
  const d = scaleNum(b.n, a.e)
  if (n === n && d === d) {
    const q = d < 0 ? divIntRoundNum(-n, -d, mode) : divIntRoundNum(n, d, mode)
    if (safe(q)) return new Fx(q, places)
  }
  return new Fx(divIntRound(a.u * pow10(b.e + places), b.u * pow10(a.e), mode), places)
}

/** a / n for an integer n, rounded to `places` decimals. */
export function divInt(a: Fx, n: number, places: number, mode: RoundingMode = 'half_up'): Fx {
  if (n === 0) throw new RangeError('division by zero')
  if (safe(n) && Number.isInteger(n)) {
    const num = a.e <= places ? scaleNum(a.n, places - a.e) : a.n
    const den = a.e <= places ? n : scaleNum(n, a.e - places)
    if (num === num && den === den) {
      const q = den < 0 ? divIntRoundNum(-num, -den, mode) : divIntRoundNum(num, den, mode)
      if (safe(q)) return new Fx(q, places)
    }
  }
  if (a.e <= places) return new Fx(divIntRound(a.u * pow10(places - a.e), BigInt(n), mode), places)
  return new Fx(divIntRound(a.u, BigInt(n) * pow10(a.e - places), mode), places)
}

/** Plain notation without trailing zeros, as Big.toFixed() ('0', '-1.5', '0.000490625'). */
export function toText(x: Fx): string {
  const n = x.n
  if (n === 0) return '0'
  if (n === n && x.e <= FRACTION_PLACES) return smallText(n, x.e, TRIMMED)
  let neg: boolean
  let digits: string
  if (n === n) {
    neg = n < 0
    digits = String(neg ? -n : n)
  } else {
    const u = x.u
    neg = u < 0n
    digits = (neg ? -u : u).toString()
  }
  // trailing zeros of the fraction go on the string, not by repeated division
  let e = x.e
  let end = digits.length
  while (e > 0 && digits.charCodeAt(end - 1) === 48) {
    end--
    e--
  }
  return place(end === digits.length ? digits : digits.slice(0, end), e, neg)
}

// Formatting is most of what a bill costs once the arithmetic is on numbers:
// for up to 3 places (money, most volumes) the fraction's text comes from a
// table and the whole part from String, with one concatenation and no slicing.
const FRACTION_PLACES = 3
const INT_POW = [1, 10, 100, 1000]
/** FIXED[e][f]: '.' and f on e digits ('.05'); TRIMMED[e][f]: the same without trailing zeros, '' for 0 */
const FIXED: string[][] = [['']]
const TRIMMED: string[][] = [['']]
for (let e = 1; e <= FRACTION_PLACES; e++) {
  const fixed: string[] = []
  const trimmed: string[] = []
  for (let f = 0; f < POW_NUM[e]!; f++) {
    const digits = String(f).padStart(e, '0')
    fixed.push(`.${digits}`)
    const t = digits.replace(/0+$/, '')
    trimmed.push(t === '' ? '' : `.${t}`)
  }
  FIXED.push(fixed)
  TRIMMED.push(trimmed)
}

/** n / 10^e (n a safe integer, e ≤ FRACTION_PLACES) with the fraction from `table` */
function smallText(n: number, e: number, table: string[][]): string {
  const neg = n < 0
  const a = neg ? -n : n
  let text: string
  if (e === 0) text = String(a)
  else if (a <= 0x7fffffff) {
    // int32 operands: integer `%` and `/` (on doubles `%` calls fmod)
    const ai = a | 0
    const p = INT_POW[e]!
    const f = ai % p
    text = String(((ai - f) / p) | 0) + table[e]![f]!
  } else {
    const p = POW_NUM[e]!
    const f = a % p
    text = String((a - f) / p) + table[e]![f]!
  }
  return neg ? `-${text}` : text
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
  const n = scaleNum(x.n, places - x.e)
  if (n === n) return places <= FRACTION_PLACES ? smallText(n, places, FIXED) : place(String(n < 0 ? -n : n), places, n < 0)
  return layout(x.u * pow10(places - x.e), places)
}

/** The same value without trailing zeros in its scaled integer (the fewest places that hold it). */
export function trim(x: Fx): Fx {
  const e = placesOf(x)
  if (e === x.e) return x
  const k = x.e - e
  const n = x.n
  if (n === n) return new Fx(n / POW_NUM[k]!, e)
  return new Fx(x.u / pow10(k), e)
}

/** Places left after trimming trailing zeros. */
export function placesOf(x: Fx): number {
  let e = x.e
  const n = x.n
  if (n === 0) return 0
  if (n === n) {
    let m = n
    while (e > 0 && m % 10 === 0) {
      m /= 10
      e--
    }
    return e
  }
  let u = x.u
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
 * To `places` decimals; negative places round to tens, hundreds… the way the
 * core always has (divide by 10^k to 20 places half-up, round to an integer by
 * `mode`, multiply back).
 */
export function roundTo(x: Fx, places: number, mode: RoundingMode = 'half_up'): Fx {
  if (places >= 0) return round(x, places, mode)
  const k = -places
  const scaledDown = round(x.n === x.n ? new Fx(x.n, x.e + k) : new Fx(x.u, x.e + k), 20, 'half_up')
  const whole = round(scaledDown, 0, mode)
  const back = scaleNum(whole.n, k)
  return back === back ? new Fx(back, whole.e) : new Fx(whole.u * pow10(k), whole.e)
}
