// The scaled-BigInt fast path (src/core/shared/decimal.ts) against big.js as the
// core configures it (DP 20, half-up): same text, same rounding, same bills.
import t from 'tap'
import fc from 'fast-check'
import { steppedSchedule } from '../fixtures/stepped-tariff.ts'
import { Big, bigMoney, bigToFixed, roundTo as bigRoundTo } from '../../helpers/big.ts'
import type { RoundingMode } from '../../../src/core/shared/decimal.ts'
import { add, cmp, dec, div, fx, isCanonical, mul, round, roundTo, sub, toText } from '../../../src/core/shared/decimal.ts'
import { money, RUB, IRR } from '../../../src/core/bill/money-policy.ts'
import { composeBill } from '../../../src/core/bill/compose-bill.ts'
import { settleVolumes, volumePolicy } from '../../../src/core/volume/index.ts'

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`))
const decimal = fc.tuple(fc.boolean(), digits(1, 22), fc.option(digits(0, 24), { nil: undefined }))
  .map(([neg, i, f]) => `${neg ? '-' : ''}${i}${f === undefined ? '' : `.${f}`}`)
const modes: RoundingMode[] = ['down', 'half_up', 'half_even', 'up']
const RM = { down: 0, half_up: 1, half_even: 2, up: 3 } as const

t.test('parse, + − ×, compare and print as big.js', async (t) => {
  fc.assert(fc.property(decimal, decimal, (a, b) => {
    const [x, y] = [new Big(a), new Big(b)]
    const [p, q] = [fx(a), fx(b)]
    return toText(p) === x.toFixed() && toText(add(p, q)) === x.plus(y).toFixed() && toText(sub(p, q)) === x.minus(y).toFixed()
      && toText(mul(p, q)) === x.times(y).toFixed() && cmp(p, q) === x.cmp(y)
  }), { numRuns: 3000 })
  t.pass('3000 random cases agree')
  t.equal(toText(fx('-0.000')), new Big('-0.000').toFixed())
  t.throws(() => fx('+1'))
  t.throws(() => fx('1e'))
  t.equal(toText(fx('1e-7')), '0.0000001')
})

// The methods most of the core and the app call (x.plus(y), x.div(y), x.round(p, mode), x.toFixed(p))
// against the same big.js calls the code made before it moved to the one API.
t.test('methods as the big.js calls they replaced', async (t) => {
  fc.assert(fc.property(decimal, decimal, fc.integer({ min: -4, max: 25 }), fc.constantFrom(...modes), (a, b, places, mode) => {
    const [x, y] = [new Big(a), new Big(b)]
    const p = dec(a)
    const zero = y.eq(0)
    return p.plus(b).toFixed() === x.plus(y).toFixed() && p.minus(b).toFixed() === x.minus(y).toFixed()
      && p.times(b).toFixed() === x.times(y).toFixed() && p.cmp(b) === x.cmp(y)
      && p.eq(b) === x.eq(y) && p.gt(b) === x.gt(y) && p.gte(b) === x.gte(y) && p.lt(b) === x.lt(y) && p.lte(b) === x.lte(y)
      && p.neg().toFixed() === x.neg().toFixed() && p.abs().toFixed() === x.abs().toFixed()
      && (zero || (p.div(b).toFixed() === x.div(y).toFixed() && p.mod(b).toFixed() === x.mod(y).toFixed()))
      && p.round(places, mode).toFixed() === bigRoundTo(x, places, mode).toFixed()
      && (places < 0 || p.toFixed(places) === bigToFixed(x, places))
      && p.toFixed() === x.toFixed() && JSON.stringify(p) === JSON.stringify(x.toFixed())
  }), { numRuns: 3000 })
  t.pass('3000 random cases agree')
  // numbers and exponent text read as big.js reads them
  for (const v of [0, -0, 7, -12, 0.1, 1.5e-9, 123456789012345680000, 2 ** 53 + 2, '1e-7', '-2.5E+3', '1.', '.5', '-0']) {
    t.equal(dec(v).toFixed(), new Big(v).toFixed(), String(v))
  }
  // a negative rounding to zero prints no sign (big.js printed '-0'; a property run found it: seed 856891586)
  t.equal(dec('-0.1').toFixed(0), '0')
  t.equal(dec('-0.004').toFixed(2), '0.00')
  t.equal(dec(2).pow(10).toFixed(), '1024')
  t.equal(dec('1.5').pow(3).toFixed(), new Big('1.5').pow(3).toFixed())
  for (const bad of ['', '-', '.', 'abc', '1e', '+1', ' 1', '1 ', '1e10001', '1e-10001']) t.throws(() => dec(bad), bad)
  t.throws(() => dec(Number.NaN))
  t.throws(() => dec('1').div(0))
})

t.test('isCanonical: true exactly when the text is toText of its own value (non-negative)', async (t) => {
  const loose = fc.tuple(digits(0, 4), fc.option(digits(0, 4), { nil: undefined })).map(([i, f]) => `${i}${f === undefined ? '' : `.${f}`}`)
  fc.assert(fc.property(fc.oneof(decimal, loose), (a) => {
    const valid = /^-?\d*(\.\d*)?$/.test(a) && /\d/.test(a)
    const canonical = valid && !a.startsWith('-') && toText(fx(a)) === a
    return isCanonical(a) === canonical
  }), { numRuns: 3000 })
  for (const [s, want] of [['0', true], ['30', true], ['0.125', true], ['00', false], ['0.10', false], ['.5', false], ['5.', false], ['-1', false], ['', false], ['1e3', false], ['01.5', false], ['10', true], ['0.0', false]] as const) {
    t.equal(isCanonical(s), want, s)
  }
})

t.test('division to 20 places and rounding by every mode, as big.js', async (t) => {
  fc.assert(fc.property(decimal, decimal, fc.integer({ min: 0, max: 25 }), fc.constantFrom(...modes), (a, b, places, mode) => {
    fc.pre(!new Big(b).eq(0))
    const x = new Big(a)
    return toText(div(fx(a), fx(b), 20)) === x.div(b).toFixed()
      && toText(round(fx(a), places, mode)) === x.round(places, RM[mode]).toFixed()
      && toText(roundTo(fx(a), -1 - (places % 6), mode)) === bigRoundTo(x, -1 - (places % 6), mode).toFixed()
  }), { numRuns: 3000 })
  t.pass('3000 random cases agree')
})

t.test('money text as money()', async (t) => {
  fc.assert(fc.property(decimal, (a) => money(RUB, fx(a)) === bigMoney(RUB, new Big(a)) && money(IRR, fx(a)) === bigMoney(IRR, new Big(a))), { numRuns: 2000 })
  t.pass('2000 random cases agree')
})

// A straightforward big.js bill: 3 progressive steps (scaled to the days), two
// surcharges on the water price, a tax on everything, each line half-up to kopecks.
t.test('stepped bill with surcharges and tax equals a plain big.js reference', async (t) => {
  const rate = fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([i, f]) => `${i}.${f}`)
  const pct = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 9 })).map(([i, f]) => `${i}.${f}`)
  fc.assert(fc.property(
    fc.tuple(rate, rate, rate), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 30 }), pct, pct, pct,
    fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 999999 })), fc.integer({ min: 1, max: 31 }),
    ([r1, r2, r3], c1, w, s1, s2, tax, [vi, vf], days) => {
      const c2 = c1 + w
      const schedule = steppedSchedule(r1, r2, r3, c1, c2, s1, s2, tax)
      const volume = `${vi}.${String(vf).padStart(6, '0')}`
      const to = `2025-01-${String(days + 1).padStart(2, '0')}`
      const bill = composeBill({ period: { from: '2025-01-01', to: days === 31 ? '2025-02-01' : to }, servicePoint: { usage: 'x' }, schedule, policy: RUB,
        volumes: [{ service: 'cold_water', method: 'metered', interval: { from: '2025-01-01', to: days === 31 ? '2025-02-01' : to }, volume }] })
      // reference: monthly equivalent consumption W = V × 30 / days against the bands
      const V = new Big(volume)
      const W = V.times(30)
      const S = new Big(days)
      let sum = new Big(0)
      const bands: Array<[number, number | null, string]> = [[0, c1, r1], [c1, c2, r2], [c2, null, r3]]
      for (const [lo, hi, r] of bands) {
        const low = S.times(lo)
        if (W.lte(low)) break
        const high = hi === null ? null : S.times(hi)
        sum = sum.plus((high === null || W.lt(high) ? W : high).minus(low).times(r))
      }
      // the water price rounded once, half-up to kopecks: a big.js constructor with DP 2 divides correctly rounded
      const exactWater = (() => { const C = Big(); C.DP = 2; C.RM = 1; return new Big(new C(sum.toFixed()).div(30).toFixed()) })()
      const line = (x: Big, p: string) => x.times(new Big(p).div(100)).round(2, 1)
      const l1 = line(exactWater, s1)
      const l2 = line(exactWater, s2)
      const vat = line(exactWater.plus(l1).plus(l2), tax)
      const total = exactWater.plus(l1).plus(l2).plus(vat)
      const amounts = bill.lines.map((l) => l.amount)
      return amounts.join(',') === [exactWater, l1, l2, vat].map((x) => x.toFixed(2)).join(',') && bill.totals.payable === total.toFixed(2)
    },
  ), { numRuns: 1500 })
  t.pass('1500 random bills agree')
})

// metered volume = cumulative(to) − cumulative(from), interpolated linearly by days between readings
t.test('metered volumes equal a plain big.js interpolation', async (t) => {
  const policy = volumePolicy({ pi: '3.14' })
  fc.assert(fc.property(
    fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 99_999 })), { minLength: 2, maxLength: 8 }),
    fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 60 }),
    (steps, start, len) => {
      let day = Date.UTC(2025, 0, 1) / 86_400_000
      let index = new Big(0)
      const points: Array<[number, Big]> = [[day, index]]
      const readings = steps.map(([d, milli]) => {
        day += d
        index = index.plus(new Big(milli).div(1000))
        points.push([day + 1, index])
        return { meterId: 'm', date: new Date(day * 86_400_000).toISOString().slice(0, 10), index: index.toFixed() }
      })
      const first = points[0]![0]
      const last = points[points.length - 1]![0]
      const from = Math.min(first + start, last - 1)
      const to = Math.min(from + len, last)
      const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10)
      const r = settleVolumes({
        point: { id: 'p', resource: 'cold_water', customerKind: 'organization', diameterMm: '20' },
        meters: [{ id: 'm', serial: 's', digits: 6, decimals: 3, control: false, events: [{ kind: 'commissioned', date: iso(first), index: '0' }] }],
        readings, acts: [], interval: { from: iso(from), to: iso(to) },
      }, policy)
      const at = (d: number): Big => {
        let i = 0
        while (i + 1 < points.length && points[i + 1]![0] <= d) i++
        const [d0, v0] = points[i]!
        if (d0 === d || i + 1 === points.length) return v0
        const [d1, v1] = points[i + 1]!
        return v0.plus(v1.minus(v0).times(d - d0).div(d1 - d0))
      }
      return r.errors.length === 0 && r.segments.length === 1 && r.segments[0]!.volume === at(to).minus(at(from)).toFixed()
    },
  ), { numRuns: 1000 })
  t.pass('1000 random meters agree')
})
