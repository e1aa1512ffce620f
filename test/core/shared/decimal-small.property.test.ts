// The safe-integer path of src/core/shared/decimal.ts: an Fx whose scaled value
// fits ±(2^53 − 1) is computed with plain numbers, and every operation falls
// back to BigInt when an input or an intermediate leaves that range. Values
// drawn around that edge (and small everyday ones) must give exactly what
// big.js gives, as the wide values of decimal.property.test.ts do.
import t from 'tap'
import fc from 'fast-check'
import { Big, bigMoney, roundTo as bigRoundTo } from '../../helpers/big.ts'
import type { RoundingMode } from '../../../src/core/shared/decimal.ts'
import {
  add, cmp, dec, div, divInt, fx, fxInt, isZero, mul, mulInt, placesOf, round, roundTo, sign, sub, toFixedPlaces, toText, Fx,
} from '../../../src/core/shared/decimal.ts'
import { money, RUB, IRR } from '../../../src/core/bill/money-policy.ts'

const MAX = 2n ** 53n - 1n
const modes: RoundingMode[] = ['down', 'half_up', 'half_even', 'up']
const RM = { down: 0, half_up: 1, half_even: 2, up: 3 } as const

/** A scaled integer near the edge of the safe range, or small, with its places. */
const scaledInt = fc.oneof(
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
  fc.bigInt({ min: MAX - 1000n, max: MAX + 1000n }),
  fc.bigInt({ min: -MAX - 1000n, max: -MAX + 1000n }),
  fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
)
const places = fc.integer({ min: 0, max: 18 })
/** [an Fx made from a BigInt, the same value as big.js] */
const value = fc.tuple(scaledInt, places).map(([u, e]) => {
  const s = u < 0n ? '-' : ''
  const digits = (u < 0n ? -u : u).toString().padStart(e + 1, '0')
  const text = e === 0 ? `${s}${digits}` : `${s}${digits.slice(0, digits.length - e)}.${digits.slice(digits.length - e)}`
  return [new Fx(u, e), new Big(text), text] as const
})

t.test('+ − × compare, sign and text as big.js around the safe-integer edge', async (t) => {
  fc.assert(fc.property(value, value, ([p, x, text], [q, y]) => {
    return toText(p) === x.toFixed() && toText(fx(text)) === x.toFixed()
      && toText(add(p, q)) === x.plus(y).toFixed() && toText(sub(p, q)) === x.minus(y).toFixed()
      && toText(mul(p, q)) === x.times(y).toFixed() && cmp(p, q) === x.cmp(y)
      && sign(p) === (x.eq(0) ? 0 : x.s) && isZero(p) === x.eq(0)
      && placesOf(p) === Math.max(0, x.c.length - x.e - 1) * (x.eq(0) ? 0 : 1)
  }), { numRuns: 5000 })
  t.pass('5000 random pairs agree')
})

t.test('scaled values keep their scale: the same u and e as the BigInt sums', async (t) => {
  fc.assert(fc.property(value, value, ([p], [q]) => {
    const e = Math.max(p.e, q.e)
    const a = p.u * 10n ** BigInt(e - p.e)
    const b = q.u * 10n ** BigInt(e - q.e)
    const s = add(p, q)
    const d = sub(p, q)
    const m = mul(p, q)
    return s.e === e && s.u === a + b && d.e === e && d.u === a - b && m.e === p.e + q.e && m.u === p.u * q.u
      && (Number.isNaN(s.n) ? s.u > MAX || s.u < -MAX : BigInt(s.n) === s.u)
  }), { numRuns: 3000 })
  t.pass('3000 random pairs agree')
})

t.test('division, rounding and integer division by every mode, as big.js', async (t) => {
  fc.assert(fc.property(value, value, fc.integer({ min: 0, max: 25 }), fc.constantFrom(...modes), fc.integer({ min: -1_000_000, max: 1_000_000 }),
    ([p, x], [q, y], dp, mode, n) => {
      const C = Big()
      C.DP = dp
      C.RM = RM[mode]
      const divOk = y.eq(0) || toText(div(p, q, dp, mode)) === new C(x).div(new C(y)).toFixed()
      const divIntOk = n === 0 || toText(divInt(p, n, dp, mode)) === new C(x).div(n).toFixed()
      return divOk && divIntOk
        && toText(round(p, dp, mode)) === x.round(dp, RM[mode]).toFixed()
        && toText(roundTo(p, -1 - (dp % 6), mode)) === bigRoundTo(x, -1 - (dp % 6), mode).toFixed()
        && toText(mulInt(p, n)) === x.times(n).toFixed()
    }), { numRuns: 5000 })
  t.pass('5000 random cases agree')
})

t.test('fixed places and money text as big.js', async (t) => {
  fc.assert(fc.property(value, fc.integer({ min: 0, max: 6 }), ([p, x], extra) => {
    const want = p.e + extra
    return toFixedPlaces(p, want) === x.toFixed(want) && money(RUB, p) === bigMoney(RUB, x) && money(IRR, p) === bigMoney(IRR, x)
      && toText(dec(x.toFixed())) === x.toFixed() && toText(dec(x.toExponential())) === x.toFixed()
  }), { numRuns: 3000 })
  t.pass('3000 random values agree')
})

t.test('edges: negative zero, integers out of range, division by zero', async (t) => {
  t.equal(toText(fx('-0')), '0')
  t.equal(sign(fx('-0.000')), 0)
  t.equal(toText(mul(fx('-0'), fx('5'))), '0')
  t.equal(toText(fxInt(2 ** 60)), (2n ** 60n).toString())
  t.equal(toText(add(fxInt(Number.MAX_SAFE_INTEGER), fxInt(1))), (MAX + 1n).toString())
  t.equal(toText(sub(new Fx(-MAX, 0), fxInt(2))), (-MAX - 2n).toString())
  t.equal(toText(mulInt(fx('0.5'), 2 ** 53)), (2n ** 52n).toString())
  t.throws(() => div(fx('1'), fx('0.00'), 2))
  t.throws(() => divInt(fx('1'), 0, 2))
  t.throws(() => mulInt(fx('1'), 0.5))
  t.throws(() => fxInt(1.5))
})
