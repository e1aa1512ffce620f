import t from 'tap'
import { div, fx, toText } from '../../../src/core/shared/decimal.ts'
import { compileVolumePrice } from '../../../src/core/tariff/compile-schedule.ts'
import { iranSteppedWaterPrice } from '../../../src/core/tariff/iran-stepped.ts'
import { priceVolume } from '../../../src/core/tariff/volume-price.ts'
import type { VolumeAmount } from '../../../src/core/tariff/volume-price.ts'

/** the exact amount to 20 places (numerator / divisor) */
const exactAmount = (a: VolumeAmount): string => toText(a.divisor === null ? a.numerator : div(a.numerator, a.divisor, 20, 'half_up'))

const iran = compileVolumePrice(iranSteppedWaterPrice('1000'))

t.test('flat', async (t) => {
  const r = priceVolume(compileVolumePrice({ shape: 'flat', rate: '20.28' }), fx('8'), { days: 31, units: 1 })
  t.equal(exactAmount(r), '162.24')
  t.equal(r.describe().formula, '8 m³ × 20.28 = 162.24')
})

// hand-computed: see the table in each case
const table: Array<{ name: string; volume: string; days: number; units: number; amount: string }> = [
  // 50 m³, 2 units, 60 days → 12.5 m³/unit/month (within pattern): 5×250 + 5×400 + 2.5×700 = 5000, × 2 units × 60/30 = 20000
  { name: 'within pattern, 2 units, 60 days', volume: '50', days: 60, units: 2, amount: '20000' },
  // 15 m³ per unit-month exactly stays within: 5×250+5×400+5×700 = 6750 per month, 61 days: × 61/30 = 13725
  { name: 'exactly the pattern, 61 days', volume: '30.5', days: 61, units: 1, amount: '13725' },
  // 40 m³, 1 unit, 61 days → 19.67 m³/month (above): bands scaled by 61/30:
  // 10.1667×700 + 10.1667×800 + 10.1667×1000 + 9.5×2000 = (305×700+305×800+305×1000+285×2000)/30 = 1332500/30
  { name: 'above pattern, 61 days', volume: '40', days: 61, units: 1, amount: '44416.66666666666666666667' },
  // 0 m³ costs 0
  { name: 'zero', volume: '0', days: 60, units: 3, amount: '0' },
  // 100 m³, 1 unit, 30 days: 5×700+5×800+5×1000+7×2000+8×3000+15×3500+15×4000+40×5000 = 363000
  { name: 'top band', volume: '100', days: 30, units: 1, amount: '363000' },
]

t.test('Iranian stepped structure, hand-computed', async (t) => {
  for (const row of table) {
    const r = priceVolume(iran, fx(row.volume), { days: row.days, units: row.units })
    t.equal(exactAmount(r), row.amount, row.name)
  }
})

t.test('whole_at_band mode and errors', async (t) => {
  const p = compileVolumePrice({ shape: 'stepped', mode: 'whole_at_band', tables: [{ appliesUpTo: null, bands: [{ from: '0', to: '10', rate: '1' }, { from: '10', to: null, rate: '2' }] }] })
  t.equal(exactAmount(priceVolume(p, fx('12'), { days: 30, units: 1 })), '24')
  t.equal(exactAmount(priceVolume(p, fx('10'), { days: 30, units: 1 })), '10')
  t.throws(() => priceVolume(p, fx('1'), { days: 0, units: 1 }))
  const capped = compileVolumePrice({ shape: 'stepped', tables: [{ appliesUpTo: null, bands: [{ from: '0', to: '10', rate: '1' }] }] })
  t.throws(() => priceVolume(capped, fx('11'), { days: 30, units: 1 }), /above the last band/)
})

t.test('a county pattern of 16 stretches the last within band', async (t) => {
  const p16 = compileVolumePrice(iranSteppedWaterPrice('1000', '16'))
  // 16 m³, 30 days: 5×250 + 5×400 + 6×700 = 7450
  t.equal(exactAmount(priceVolume(p16, fx('16'), { days: 30, units: 1 })), '7450')
})
