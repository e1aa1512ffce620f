// The bill hot path (composeBill on scaled BigInts, percent rule texts and
// terms built once per version or on first read, volume text reused when it is
// already canonical) against a plain big.js reference: random 3-step tariffs
// with two surcharges and a tax, random volumes — small, huge (past 2^53 once
// scaled) and written with trailing zeros.
import t from 'tap'
import fc from 'fast-check'
import { pct, rate, steppedSchedule } from '../fixtures/stepped-tariff.ts'
import { Big } from '../../helpers/big.ts'
import { composeBill } from '../../../src/core/bill/compose-bill.ts'
import { RUB } from '../../../src/core/bill/money-policy.ts'

const volume = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 999 })).map(([i, f]) => `${i}.${String(f).padStart(3, '0')}`),
  fc.tuple(fc.integer({ min: 0, max: 500 }), fc.nat({ max: 999_999 }), fc.integer({ min: 0, max: 4 })).map(([i, f, z]) => `${i}.${String(f).padStart(6, '0')}${'0'.repeat(z)}`),
  fc.integer({ min: 0, max: 100_000 }).map(String),
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 14n - 1n })).map(([i, f]) => `${i}.${f.toString().padStart(14, '0')}`),
)

t.test('3-step tariff, two surcharges and a tax: composeBill equals big.js, line by line', async (t) => {
  fc.assert(fc.property(
    fc.tuple(rate, rate, rate), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 30 }), pct, pct, pct, volume, fc.integer({ min: 1, max: 31 }),
    ([r1, r2, r3], c1, w, s1, s2, tax, v, days) => {
      const c2 = c1 + w
      const schedule = steppedSchedule(r1, r2, r3, c1, c2, s1, s2, tax)
      const to = days === 31 ? '2025-02-01' : `2025-01-${String(days + 1).padStart(2, '0')}`
      const period = { from: '2025-01-01', to }
      const bill = composeBill({ period, servicePoint: { usage: 'x' }, schedule, policy: RUB, volumes: [{ service: 'cold_water', method: 'metered', interval: period, volume: v }] })
      // reference: W = V × 30 against the band limits × days, each line half-up to kopecks
      const W = new Big(v).times(30)
      let sum = new Big(0)
      for (const [lo, hi, r] of [[0, c1, r1], [c1, c2, r2], [c2, null, r3]] as const) {
        const low = new Big(days).times(lo)
        if (W.lte(low)) break
        const high = hi === null ? null : new Big(days).times(hi)
        sum = sum.plus((high === null || W.lt(high) ? W : high).minus(low).times(r))
      }
      const C = Big()
      C.DP = 2
      C.RM = 1
      const water = new Big(new C(sum.toFixed()).div(30).toFixed())
      const line = (x: Big, p: string) => x.times(new Big(p).div(100)).round(2, 1)
      const l1 = line(water, s1)
      const l2 = line(water, s2)
      const vat = line(water.plus(l1).plus(l2), tax)
      const expected = [water, l1, l2, vat].map((x) => x.toFixed(2))
      const got = bill.lines.map((l) => l.amount)
      if (got.join(',') !== expected.join(',')) return false
      if (bill.totals.payable !== water.plus(l1).plus(l2).plus(vat).toFixed(2)) return false
      // the volume as big.js prints it, whether or not the input was canonical
      if (bill.lines[0]!.volume !== new Big(v).toFixed()) return false
      // percent traces: terms and rule text as the eager code built them
      const vatTrace = bill.lines[3]!.trace
      return vatTrace.rule === `tax vat ${tax}% of *: tariff p`
        && vatTrace.formula.startsWith(`(${[water, l1, l2].map((x) => x.toFixed()).join(' + ')}) × ${tax}% = `)
        && bill.lines[1]!.trace.formula.startsWith(`(${water.toFixed()}) × ${s1}% = `)
        && bill.lines[2]!.trace.rule === `surcharge s2 ${s2}% of water_price: tariff p`
    },
  ), { numRuns: 2000 })
  t.pass('2000 random bills agree')
})
