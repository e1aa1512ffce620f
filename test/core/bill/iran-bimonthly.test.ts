import t from 'tap'
import { iranBimonthlyBill } from '../../../src/core/bill/iran-bimonthly.ts'
import type { IranBillInput } from '../../../src/core/bill/iran-bimonthly.ts'
import { compileVolumePrice } from '../../../src/core/tariff/compile-schedule.ts'
import { iranSteppedWaterPrice } from '../../../src/core/tariff/iran-stepped.ts'

const base: IranBillInput = {
  usage: 'residential',
  units: 1,
  previous: { date: '2024-04-20', index: '1200' },
  current: { date: '2024-06-19', index: '1240' },
  allowedPerUnitMonth: '16',
  subscriptionFee: '120000',
  waterPrice: compileVolumePrice(iranSteppedWaterPrice('1000', '16')),
  excessRatePerM3: '5000',
  waterProjectSubscriber: true,
  costPricePerM3: '30000',
  previousCarry: '300',
  debt: '10000',
  issueDate: '2024-06-22',
}

t.test('residential, above the pattern, item by item (hand-computed)', async (t) => {
  const b = iranBimonthlyBill(base)
  const items = Object.fromEntries(Object.entries(b).filter(([, v]) => v && typeof v === 'object' && 'item' in v).map(([k, v]) => [k, [(v as { item: number }).item, (v as { value: string }).value]]))
  t.same(items, {
    days: [15, '60'],
    consumption: [16, '40'],
    averageDaily: [17, '0.67'], // 40 / 60
    allowed: [18, '32'], // 16 × 1 × 60 / 30
    excess: [19, '8'],
    subscriptionFee: [20, '120000'],
    // 20 m³/month > 16: 5×700 + 5×800 + 5×1000 + 5×2000 = 22500 per month × 60/30
    waterPrice: [21, '45000'],
    excessCharge: [23, '40000'], // 8 × 5000
    projectCharge: [24, '11250'], // 25% × 45000
    tax: [22, '6488'], // 3% × (120000 + 45000 + 40000 + 11250) = 6487.5 → half-up
    total: [25, '222738'],
    debt: [26, '10000'],
    rounding: [27, '262'], // 222738 + 300 + 10000 = 233038 → 233000, carry 38; 300 − 38
    payable: [30, '233000'],
    costPrice: [28, '1200000'],
    subsidy: [29, '1155000'],
    dueDate: [31, '2024-07-02'],
  })
  t.equal(b.carry, '38')
  t.match(b.waterPrice.trace.notes?.join('\n'), /40 m³ × 30 = 1200, against band limits .* × \(1 units × 60 days = 60\)/)
})

t.test('non-residential contract capacity over 61 days: excess uses the exact allowance', async (t) => {
  const b = iranBimonthlyBill({
    ...base, usage: 'non_residential', allowedPerUnitMonth: '10', excessRatePerM3: '3000',
    current: { date: '2024-06-20', index: '1225' }, previousCarry: '0', debt: '0',
  })
  t.equal(b.allowed.value, '20.33') // 10 × 61 / 30 shown to 2 places
  t.equal(b.excess.value, '4.67')
  t.equal(b.excessCharge.value, '14000') // (25 × 30 − 10 × 61) / 30 × 3000 = 140 × 100
  // project 10% for non-residential of the water price
  t.equal(b.projectCharge.value, String(Math.round(Number(b.waterPrice.value) * 0.1)))
})

t.test('within the pattern: no excess; not a project subscriber', async (t) => {
  const b = iranBimonthlyBill({ ...base, current: { date: '2024-06-19', index: '1220' }, waterProjectSubscriber: false, previousCarry: '0', debt: '0' })
  // 10 m³/month: 5×250 + 5×400 = 3250 × 2 = 6500
  t.same([b.waterPrice.value, b.excess.value, b.excessCharge.value, b.projectCharge.value], ['6500', '0', '0', '0'])
  // 3% × (120000 + 6500) = 3795; total 130295 → 130000, carry 295
  t.same([b.tax.value, b.total.value, b.payable.value, b.carry], ['3795', '130295', '130000', '295'])
})

t.test('errors', async (t) => {
  t.throws(() => iranBimonthlyBill({ ...base, current: { date: '2024-04-20', index: '1240' } }))
  t.throws(() => iranBimonthlyBill({ ...base, current: { date: '2024-06-19', index: '1100' } }), /rollover/)
  t.throws(() => iranBimonthlyBill({ ...base, units: 0 }))
})
