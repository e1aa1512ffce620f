// toDayNumber reads 'YYYY-MM-DD' by hand; it must equal the regex + Date.UTC
// reading it replaced, rollovers of out-of-range months and days included,
// and still reject what is not an ISO date. The caches of dates.ts must not
// change an answer.
import t from 'tap'
import fc from 'fast-check'
import { addDays, fromDayNumber, isIsoDate, toDayNumber } from '../../../src/core/shared/dates.ts'

const reference = (s: string): number | 'throws' => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return 'throws'
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000
}
const mine = (s: string): number | 'throws' => {
  try {
    return toDayNumber(s)
  } catch (err) {
    if (!(err instanceof RangeError)) throw err
    return 'throws'
  }
}
const pad = (n: number, w: number): string => String(n).padStart(w, '0')

t.test('every month 00–99 and day 00–99 of sample years reads as Date.UTC does', async (t) => {
  const years = [0, 1, 50, 99, 100, 101, 399, 400, 1600, 1899, 1900, 1969, 1970, 2000, 2024, 2025, 2026, 2100, 2400, 9999]
  let bad = 0
  for (const y of years) for (let mo = 0; mo <= 99; mo++) for (let d = 0; d <= 99; d++) {
    const s = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}`
    if (reference(s) !== mine(s)) bad++
  }
  t.equal(bad, 0)
})

t.test('random strings: the same day or the same rejection', async (t) => {
  const chars = fc.constantFrom(...'0123456789-/ +.a\n０'.split(''))
  fc.assert(fc.property(fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
    fc.array(chars, { minLength: 8, maxLength: 12 }).map((a) => a.join('')),
    fc.string(),
  ), (s) => reference(s) === mine(s)), { numRuns: 5000 })
  t.pass('held')
})

t.test('round trips and validity, cached or not', async (t) => {
  for (const d of ['1970-01-01', '2024-02-29', '2026-03-31', '0001-01-01']) {
    t.equal(fromDayNumber(toDayNumber(d)), d.startsWith('0001') ? '1901-01-01' : d)
    t.equal(fromDayNumber(toDayNumber(d)), fromDayNumber(toDayNumber(d)), 'cached answer')
  }
  t.equal(isIsoDate('2025-02-29'), false)
  t.equal(isIsoDate('2024-02-29'), true)
  t.equal(isIsoDate('2024-02-29'), true, 'cached answer')
  t.equal(addDays('2024-02-28', 1), '2024-02-29')
  t.throws(() => toDayNumber('2024-2-29'), RangeError)
})
