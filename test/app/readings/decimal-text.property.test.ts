// The readings bulk path's digit-string arithmetic (src/app/readings/decimal-text.ts)
// against the core's one decimal API (src/core/shared/decimal.ts) as the
// reference: the same canonical text, order and scaled values for every
// decimal the readings schema admits (/^\d{1,15}(\.\d{1,9})?$/), leading and
// trailing zeros included.
import t from 'tap'
import fc from 'fast-check'
import { canonicalDecimal, compareDecimal, fractionDigits, fromScaled, integerDigits, registerSpan, SCALE, toScaled } from '../../../src/app/readings/decimal-text.ts'
import { cmp, dec, fx, placesOf, toText } from '../../../src/core/shared/decimal.ts'

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`))
/** a reading value as the schema admits it */
const reading = fc.tuple(digits(1, 15), fc.option(digits(1, 9), { nil: undefined })).map(([i, f]) => (f === undefined ? i : `${i}.${f}`))

/** value × 10^9 by the core's API */
const scaledByCore = (v: string): bigint => BigInt(toText(dec(v).times(dec(10).pow(SCALE))))

t.test('canonical text, digit counts and scaled values as the core decimal API', async (t) => {
  fc.assert(fc.property(reading, (v) => {
    const c = canonicalDecimal(v)
    const ref = toText(fx(v))
    const integer = ref.split('.')[0]!
    return c === ref && fractionDigits(c) === placesOf(fx(v)) && integerDigits(c) === integer.length
      && toScaled(c) === scaledByCore(v) && fromScaled(toScaled(c)) === ref && fromScaled(-toScaled(c)) === toText(fx(v).neg())
  }), { numRuns: 3000 })
  t.pass('3000 random readings agree')
})

t.test('order of two readings as cmp', async (t) => {
  // pairs that share integer digits too, where the digit-by-digit comparison does the work
  const near = reading.chain((a) => fc.tuple(fc.constant(a), fc.oneof(reading, digits(0, 3).map((d) => `${a.split('.')[0]}${d ? `.${d}` : ''}`))))
  fc.assert(fc.property(near, ([a, b]) => {
    const [x, y] = [canonicalDecimal(a), canonicalDecimal(b)]
    return compareDecimal(x, y) === cmp(fx(a), fx(b)) && compareDecimal(y, x) === cmp(fx(b), fx(a))
  }), { numRuns: 3000 })
  t.pass('3000 random pairs agree')
})

t.test('the register span is 10^digits at scale 9', async (t) => {
  for (let d = 1; d <= 15; d++) t.equal(registerSpan(d), scaledByCore(toText(dec(10).pow(d))), `${d} digits`)
})
