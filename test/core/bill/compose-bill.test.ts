import t from 'tap'
import { composeBill } from '../../../src/core/bill/compose-bill.ts'
import { IRR, RUB, SEK } from '../../../src/core/bill/money-policy.ts'
import { compileSchedule } from '../../../src/core/tariff/compile-schedule.ts'
import type { TariffVersion } from '../../../src/core/tariff/types.ts'

const flat = (id: string, from: string, to: string | null, rate: string, extra: Partial<TariffVersion> = {}): TariffVersion =>
  ({ id, service: 'cold_water', usage: 'residential', from, to, volume: { line: 'cold_water', price: { shape: 'flat', rate } }, ...extra })

t.test('tariff change mid-month: volume split by days', async (t) => {
  const schedule = compileSchedule({ versions: [flat('2024-h1', '2024-01-01', '2024-07-11', '19.19'), flat('2024-h2', '2024-07-11', null, '20.28')] })
  const period = { from: '2024-07-01', to: '2024-08-01' }
  const bill = composeBill({
    period, servicePoint: { usage: 'residential' }, schedule, policy: RUB,
    volumes: [{ service: 'cold_water', method: 'metered', interval: period, volume: '10' }],
  })
  // 10 m³ × 10/31 = 3.225806 m³ × 19.19 = 61.90321714 → 61.90
  // remainder 6.774194 m³ × 20.28 = 137.38065432 → 137.38
  t.same(bill.lines.map((l) => [l.tariffVersion, l.interval.from, l.interval.to, l.volume, l.amount]), [
    ['2024-h1', '2024-07-01', '2024-07-11', '3.225806', '61.90'],
    ['2024-h2', '2024-07-11', '2024-08-01', '6.774194', '137.38'],
  ])
  t.equal(bill.totals.charges, '199.28')
  t.equal(bill.totals.payable, '199.28')
  t.match(bill.lines[0]?.trace.notes?.[0], /10 m³ × 10 \/ 31 days = 3.225806/)
})

t.test('two-month period with a fee change: fees pro rata by days (leap February)', async (t) => {
  const fee = (amount: string) => ({ fixedFees: [{ line: 'subscription', amount, per: 'connection' as const, proRata: true }] })
  const schedule = compileSchedule({ versions: [flat('a', '2023-01-01', '2024-02-01', '10', fee('300')), flat('b', '2024-02-01', null, '12', fee('360'))] })
  const period = { from: '2024-01-01', to: '2024-03-01' } // 31 + 29 = 60 days
  const bill = composeBill({ period, servicePoint: { usage: 'residential' }, schedule, policy: RUB, volumes: [], services: ['cold_water'] })
  // 300 × 31/60 = 155; 360 × 29/60 = 174
  t.same(bill.lines.map((l) => [l.line, l.amount]), [['subscription', '155.00'], ['subscription', '174.00']])
  t.equal(bill.totals.charges, '329.00')
})

const iranVersion: TariffVersion = {
  id: 'ir-1403', service: 'water', usage: 'residential', from: '2024-03-20', to: null, source: 'seed 002 items 20–24',
  volume: { line: 'water_price', price: { shape: 'flat', rate: '20000' } },
  fixedFees: [{ line: 'subscription', amount: '120000', per: 'connection', proRata: false, diameter: '1/2"' }],
  surcharges: [{ line: 'water_project', percent: '25', of: ['water_price'], when: 'water_project' }],
  taxes: [{ line: 'tax', percent: '3', of: ['subscription', 'water_price', 'excess_charge', 'water_project'] }],
  costPricePerM3: '50000',
}

t.test('Iranian lines through composeBill: project 25%, tax 3%, rounding carry', async (t) => {
  const schedule = compileSchedule({ versions: [iranVersion] })
  const period = { from: '2024-04-20', to: '2024-06-20' }
  const input = {
    period, servicePoint: { usage: 'residential', diameter: '1/2"', flags: ['water_project'] }, schedule, policy: IRR,
    volumes: [{ service: 'water', method: 'metered', interval: period, volume: '40' }],
  }
  const bill = composeBill(input)
  t.same(bill.lines.map((l) => [l.kind, l.line, l.amount]), [
    ['volume', 'water_price', '800000'],
    ['fixed_fee', 'subscription', '120000'],
    ['surcharge', 'water_project', '200000'],
    ['tax', 'tax', '33600'],
    ['info', 'cost_price', '2000000'],
    ['info', 'subsidy', '1200000'],
    ['rounding', 'rounding', '-600'],
  ])
  t.same(bill.totals, { currency: 'IRR', charges: '1153600', rounding: '-600', currentBill: '1153000', debt: '0', payable: '1153000', carry: '600', previousCarry: '0' })
  t.equal(bill.lines[3]?.trace.formula, '(800000 + 120000 + 200000) × 3% = 33600 → 33600 (half_up, 0 places)')

  // next bill: the 600 carried plus a debt of 5,000
  const next = composeBill({ ...input, previousCarry: '600', debt: '5000' })
  // 1153600 + 600 + 5000 = 1159200 → 1159000, carry 200; rounding line 600 − 200 = 400
  t.same([next.totals.rounding, next.totals.currentBill, next.totals.payable, next.totals.carry], ['400', '1154000', '1159000', '200'])

  // not a project subscriber, other diameter: no project line, no subscription
  const plain = composeBill({ ...input, servicePoint: { usage: 'residential', diameter: '3/4"' } })
  t.same(plain.lines.filter((l) => l.kind !== 'info').map((l) => l.line), ['water_price', 'tax', 'rounding'])
  t.equal(plain.totals.charges, '824000')
})

t.test('Swedish VAT 25% on every line, fee per dwelling', async (t) => {
  const schedule = compileSchedule({ versions: [flat('va-2025', '2025-01-01', null, '30', {
    fixedFees: [{ line: 'dwelling_fee', amount: '150', per: 'dwelling', proRata: true }],
    taxes: [{ line: 'vat', percent: '25', of: ['*'] }],
  })] })
  const period = { from: '2025-03-01', to: '2025-04-01' }
  const bill = composeBill({
    period, servicePoint: { usage: 'residential', dwellings: 2 }, schedule, policy: SEK,
    volumes: [{ service: 'cold_water', method: 'estimated', interval: period, volume: '12.5' }],
  })
  // 12.5 × 30 = 375; 150 × 2 = 300; VAT (375 + 300) × 25% = 168.75
  t.same(bill.lines.map((l) => l.amount), ['375.00', '300.00', '168.75'])
  t.equal(bill.totals.payable, '843.75')
})

t.test('stepped through composeBill: one line per tariff piece, units and days', async (t) => {
  const schedule = compileSchedule({ versions: [{
    id: 'st', service: 'water', usage: 'residential', from: '2024-01-01', to: null,
    volume: { line: 'water_price', price: { shape: 'stepped', tables: [{ appliesUpTo: null, bands: [{ from: '0', to: '10', rate: '100' }, { from: '10', to: null, rate: '300' }] }] } },
  }] })
  const period = { from: '2024-01-01', to: '2024-03-01' } // 60 days
  const bill = composeBill({
    period, servicePoint: { usage: 'residential', units: 2 }, schedule, policy: IRR,
    volumes: [
      { service: 'water', method: 'metered', interval: { from: '2024-01-01', to: '2024-02-01' }, volume: '30' },
      { service: 'water', method: 'averaged', interval: { from: '2024-02-01', to: '2024-03-01' }, volume: '20' },
    ],
  })
  // 50 m³, 2 units, 60 days: band 0–10 per unit-month → 40 m³ at 100, the other 10 m³ at 300 = 7000
  t.equal(bill.lines[0]?.amount, '7000')
  t.equal(bill.lines[0]?.method, 'metered+averaged')
  t.equal(bill.totals.payable, '7000')
})

t.test('errors', async (t) => {
  const schedule = compileSchedule({ versions: [flat('a', '2024-01-01', null, '1')] })
  const period = { from: '2024-01-01', to: '2024-02-01' }
  const base = { period, servicePoint: { usage: 'residential' }, schedule, policy: RUB }
  t.throws(() => composeBill({ ...base, volumes: [{ service: 'cold_water', method: 'm', interval: period, volume: '-1' }] }), /negative volume/)
  t.throws(() => composeBill({ ...base, volumes: [{ service: 'cold_water', method: 'm', interval: { from: '2023-12-31', to: '2024-01-10' }, volume: '1' }] }), /outside/)
  t.throws(() => composeBill({ ...base, period: { from: '2024-01-01', to: '2024-01-01' }, volumes: [] }), /empty/)
})
