// The text fast path of money-text.ts answers exactly what big.js answers:
// every plain decimal (as Postgres prints numeric), and the odd forms that
// must fall through to the decimal API (exponents, leading zeros, '-0', more decimals
// than the minor units, which big.js rounds half-up).
import t from 'tap'
import fc from 'fast-check'
import { Big, bigToFixed } from '../../helpers/big.ts'
import { decimalSign, moneyText } from '../../../src/app/ledger/money-text.ts'

/** big.js's text, except that a negative rounding to zero prints no sign (bigToFixed) */
const bigFixed = (s: string, units: number) => bigToFixed(new Big(s), units)
const bigSign = (s: string) => { const b = new Big(s); return b.gt(0) ? 1 : b.lt(0) ? -1 : 0 }

t.test('fixed cases', async (t) => {
  const cases: [string, number, string][] = [
    ['1234.5', 2, '1234.50'], ['1234.56', 2, '1234.56'], ['-1234.5', 2, '-1234.50'], ['0', 2, '0.00'], ['0.00', 2, '0.00'],
    ['-0', 2, '0.00'], ['-0.00', 2, '0.00'], ['1153000', 0, '1153000'], ['-7', 0, '-7'], ['0.005', 2, '0.01'], ['-0.005', 2, '-0.01'],
    ['-0.004', 2, '0.00'], ['1e3', 2, '1000.00'], ['007.5', 2, '7.50'], ['.5', 2, '0.50'], ['12.3400', 2, '12.34'],
  ]
  for (const [text, units, want] of cases) {
    t.equal(moneyText(text, units), want, `${text} @${units}`)
    t.equal(moneyText(text, units), bigFixed(text, units), `${text} @${units} = big.js`)
    t.equal(decimalSign(text), bigSign(text), `sign of ${text}`)
  }
})

t.test('any decimal text: the same as big.js', async (t) => {
  const digits = (min: number, max: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((a) => a.join(''))
  const text = fc.tuple(fc.boolean(), digits(1, 12), fc.option(digits(0, 6)), fc.option(fc.integer({ min: -8, max: 8 })))
    .map(([neg, int, frac, exp]) => `${neg ? '-' : ''}${int}${frac === null ? '' : `.${frac === '' ? '0' : frac}`}${exp === null ? '' : `e${exp}`}`)
  fc.assert(fc.property(text, fc.integer({ min: 0, max: 4 }), (s, units) => {
    t.equal(moneyText(s, units), bigFixed(s, units), s)
    t.equal(decimalSign(s), bigSign(s), s)
  }), { numRuns: 3000 })
})
