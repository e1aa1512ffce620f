// Issue 9 §3, multiply before dividing: a per-month quantity (surface runoff,
// losses to the boundary, a guaranteed volume per month) over whole months is
// that quantity exactly; parts of a month sum to the whole within the one
// rounding of each division (Big.DP = 20, half-up: at most 0.5e-20 a part).
import t from 'tap'
import fc from 'fast-check'
import { Big } from '../../helpers/big.ts'
import { daysInMonth, toDayNumber } from '../../../src/core/shared/dates.ts'
import { partOfMonth, perMonthParts, proRataPerMonth } from '../../../src/core/volume/pro-rata.ts'
import { volumeGuaranteed } from '../../../src/core/volume/guaranteed-volume.ts'
import { lossesToBoundary } from '../../../src/core/volume/losses.ts'
import { volumeWastewaterBySupply } from '../../../src/core/volume/wastewater.ts'
import { volumeAveraged } from '../../../src/core/volume/averaged.ts'
import { dec, toText } from '../../../src/core/shared/decimal.ts'
import { point } from './fixtures/facts.ts'

const range = (from: string, to: string) => ({ from: toDayNumber(from), to: toDayNumber(to) })
const pad = (n: number) => String(n).padStart(2, '0')
const monthStartIso = (y: number, m: number) => `${y}-${pad(m)}-01`
const nextMonthIso = (y: number, m: number) => (m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`)

/** decimals with up to 6 places, as tenants write them */
const arbQuantity = fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 6 }))
  .map(([n, places]) => new Big(n).div(new Big(10).pow(places)).toFixed())
const arbMonth = fc.tuple(fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 1, max: 12 }))

t.test('0.7 m³ a month of runoff over a whole month is 0.7, not 0.6999…', async (t) => {
  for (const [from, to] of [['2026-02-01', '2026-03-01'], ['2026-04-01', '2026-05-01'], ['2026-10-01', '2026-11-01'], ['2024-02-01', '2024-03-01']] as const) {
    t.equal(proRataPerMonth('0.7', range(from, to)).toFixed(), '0.7', `${from}…${to}`)
  }
  t.equal(proRataPerMonth('0.7', range('2026-01-01', '2027-01-01')).toFixed(), '8.4', 'twelve whole months: 12 × 0.7')
  t.equal(partOfMonth('0.7', 10, 30).toFixed(), new Big('7').div(30).toFixed(), 'a part: 0.7 × 10 / 30, multiplied first')
  t.same(perMonthParts('0.7', range('2026-10-01', '2026-11-01')).map((p) => p.formula), ['0.7'], 'the trace says: the whole month')
})

t.test('wastewater by supply: sources + runoff over a whole month come to their exact sum', async (t) => {
  const p = point({ id: 'ww', resource: 'wastewater', wastewater: { sourcePointIds: ['cold'], runoffPerMonth: '0.7' } })
  const r = volumeWastewaterBySupply(p, range('2026-11-01', '2026-12-01'), () => ({ volume: dec('17.3'), errors: [] }))
  t.equal(r.volume.toFixed(), '18', '17.3 + 0.7')
  t.equal(r.trace.inputs['surface runoff'], '0.7')
})

t.test('guaranteed volume and losses per month: whole months exact', async (t) => {
  const g = volumeGuaranteed({ perMonth: '100.3' }, range('2026-01-01', '2026-04-01'))
  t.same(g.map((x) => x.volume.toFixed()), ['100.3', '100.3', '100.3'])
  t.match(g[1]!.trace.formula, /^100\.3 = 100\.3$/)
  const l = lossesToBoundary(dec(10), range('2026-02-01', '2026-03-01'), { kind: 'volume_per_month', volume: '0.7' })
  t.equal(l.losses.toFixed(), '0.7')
})

t.test('averaged over as many days as were metered is the metered volume exactly', async (t) => {
  const basis = { meterId: 'm1', window: range('2025-11-01', '2026-02-01'), days: 92, volume: dec('100') }
  t.equal(toText(volumeAveraged(basis, range('2026-02-01', '2026-05-04'), 'averaged').volume), '100')
})

t.test('property: whole months give the quantity exactly, n months n × quantity', async () => {
  fc.assert(fc.property(arbQuantity, arbMonth, fc.integer({ min: 1, max: 24 }), (q, [y, m], n) => {
    const from = monthStartIso(y, m)
    const to = new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 10)
    const v = proRataPerMonth(q, range(from, to))
    return v.eq(new Big(q).times(n).toFixed()) && perMonthParts(q, range(from, to)).every((p) => p.volume.eq(q))
  }), { numRuns: 500 })
})

t.test('property: parts of a month sum to the whole within the rounding of each part', async () => {
  fc.assert(fc.property(arbQuantity, arbMonth, fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 5 }), (q, [y, m], cutsRaw) => {
    const dim = daysInMonth(y, m)
    const start = toDayNumber(monthStartIso(y, m))
    const cuts = [...new Set(cutsRaw.filter((c) => c < dim))].sort((a, b) => a - b)
    const points = [0, ...cuts, dim]
    let sum = new Big(0)
    for (let i = 1; i < points.length; i++) sum = sum.plus(proRataPerMonth(q, { from: start + points[i - 1]!, to: start + points[i]! }).toFixed())
    const tolerance = new Big('0.5e-20').times(points.length - 1)
    return sum.minus(q).abs().lte(tolerance) && proRataPerMonth(q, range(monthStartIso(y, m), nextMonthIso(y, m))).eq(q)
  }), { numRuns: 500 })
})
