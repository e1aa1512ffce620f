// Tariffs of the other utilities (issue 12 §1, multi-utility.md), figures
// computed by hand in the comments. Readings dated D stand at the end of D.
import t from 'tap'
import { SEK } from '../../../src/core/bill/money-policy.ts'
import { settleEnergyPoint } from '../../../src/core/utility/energy-lines.ts'
import type { EnergyPointInput } from '../../../src/core/utility/energy-lines.ts'
import { pickupsIn, settleWastePoint } from '../../../src/core/utility/waste-lines.ts'
import type { EnergyTariffVersion, WasteTariffVersion } from '../../../src/core/utility/types.ts'

const OCT = { from: '2026-10-01', to: '2026-11-01' }
const NOV = { from: '2026-11-01', to: '2026-12-01' }
const brief = (ls: { line: string; kind: string; volume?: string; rate?: string; amount: string; method?: string }[]) =>
  ls.map((l) => [l.line, l.kind, l.volume ?? null, l.rate ?? null, l.amount, l.method ?? null])

const electricity: EnergyTariffVersion = {
  id: 'el-2026', service: 'electricity', usage: 'residential_16A', from: '2026-01-01', to: null, unit: 'kWh',
  fixedFees: [{ line: 'network_fee', amount: '3000', per: 'year' }],
  unitPrices: [
    { line: 'transfer_fee', kind: 'price', rate: '0.25' },
    { line: 'energy_tax', kind: 'tax', rate: '0.439' },
    { line: 'energy_price', kind: 'price', rate: '0.80', seasons: [{ name: 'winter', months: [11, 12, 1, 2, 3], rate: '0.95' }] },
  ],
  vatPercent: '25',
}

const el = (o: Partial<EnergyPointInput>): EnergyPointInput => ({
  servicePointId: 'sp-el', service: 'electricity', usage: 'residential_16A', unit: 'kWh', period: OCT, interval: OCT, money: SEK,
  versions: [electricity], meters: [{ id: 'm1', serial: 'EM1', readings: [{ date: '2026-09-30', index: '10000' }, { date: '2026-10-31', index: '10500' }, { date: '2026-11-30', index: '11100' }] }],
  ...o,
})

t.test('electricity: transfer fee, energy tax, energy price, yearly network fee, VAT 25%', async (t) => {
  const s = settleEnergyPoint(el({}))
  t.same(s.errors, [])
  // 500 kWh: 500 × 0.25 = 125.00; 500 × 0.439 = 219.50; 500 × 0.80 = 400.00 (October: no winter price);
  // 3000 × 31 / 365 = 254.7945… → 254.79; VAT (125 + 219.50 + 400 + 254.79) = 999.29 × 25% = 249.8225 → 249.82
  t.same(brief(s.lines), [
    ['transfer_fee', 'volume', '500', '0.25', '125.00', 'metered'],
    ['energy_tax', 'tax', '500', '0.439', '219.50', 'metered'],
    ['energy_price', 'volume', '500', '0.80', '400.00', 'metered'],
    ['network_fee', 'fixed_fee', null, '3000', '254.79', null],
    ['vat', 'tax', null, '25', '249.82', null],
  ])
  t.equal(s.charges.toFixed(2), '1249.11')
  const energy = s.lines[2]!
  t.match(energy.trace.formula, /10500\) − .*10000\) = 500; 500 kWh × 0.80 per kWh = 400 → 400.00/)
  t.match(s.lines[4]!.trace.formula, /999.29 × 25 \/ 100 = 249.8225 → 249.82/)
})

t.test('electricity in November: the winter price', async (t) => {
  const s = settleEnergyPoint(el({ period: NOV, interval: NOV }))
  // 600 kWh × 0.95 = 570.00, season winter
  const energy = s.lines.find((l) => l.line === 'energy_price')!
  t.equal(energy.amount, '570.00')
  t.equal(energy.trace.inputs['season'], 'winter')
})

t.test('a missing reading: the days after the last one estimated from the year before, flagged', async (t) => {
  const meters = [{ id: 'm1', serial: 'EM1', readings: [{ date: '2026-06-30', index: '1000' }, { date: '2026-09-30', index: '1920' }, { date: '2026-10-15', index: '2070' }] }]
  const s = settleEnergyPoint(el({ meters, versions: [{ ...electricity, fixedFees: [], unitPrices: [electricity.unitPrices[0]!] }] }))
  // measured [10-01, 10-16): 2070 − 1920 = 150 × 0.25 = 37.50;
  // estimated [10-16, 11-01): (2070 − 1000) / 107 days = 10 per day × 16 days = 160 × 0.25 = 40.00
  t.same(brief(s.lines), [
    ['transfer_fee', 'volume', '150', '0.25', '37.50', 'metered'],
    ['transfer_fee', 'volume', '160', '0.25', '40.00', 'estimated'],
    ['vat', 'tax', null, '25', '19.38', null],
  ])
  t.equal(s.lines[1]!.estimated, true)
  t.equal(s.lines[0]!.estimated, undefined)
  t.match(s.lines[1]!.trace.rule, /ESTIMATE/)
  t.match(s.lines[1]!.trace.formula, /average 10 per day/)
})

t.test('no reading to estimate from, no tariff: errors, no lines', async (t) => {
  const one = settleEnergyPoint(el({ meters: [{ id: 'm1', serial: 'EM1', readings: [{ date: '2026-09-30', index: '10' }] }] }))
  t.equal(one.errors[0]!.code, 'no_history')
  t.same(one.lines, [])
  t.equal(settleEnergyPoint(el({ usage: 'commercial' })).errors[0]!.code, 'tariff_not_found')
  t.equal(settleEnergyPoint(el({ meters: [] })).errors[0]!.code, 'no_meter')
})

const heating: EnergyTariffVersion = {
  id: 'fv-2026', service: 'district_heating', usage: 'residential', from: '2026-01-01', to: null, unit: 'MWh',
  fixedFees: [{ line: 'power_fee', amount: '450', per: 'period' }],
  unitPrices: [{ line: 'energy_price', kind: 'price', rate: '650', seasons: [{ name: 'winter', months: [11, 12, 1, 2, 3], rate: '850' }] }],
  vatPercent: '25',
}

t.test('district heating in MWh, and a kWh meter priced per MWh', async (t) => {
  const input: EnergyPointInput = { servicePointId: 'sp-fv', service: 'district_heating', usage: 'residential', unit: 'MWh', period: OCT, interval: OCT, money: SEK,
    versions: [heating], meters: [{ id: 'm2', serial: 'FM1', readings: [{ date: '2026-09-30', index: '100.000' }, { date: '2026-10-31', index: '101.234' }] }] }
  // 1.234 MWh × 650 = 802.10; power fee 450 (whole period); VAT (802.10 + 450) × 25% = 313.025 → 313.03
  const s = settleEnergyPoint(input)
  t.same(brief(s.lines), [
    ['energy_price', 'volume', '1.234', '650', '802.10', 'metered'],
    ['power_fee', 'fixed_fee', null, '450', '450.00', null],
    ['vat', 'tax', null, '25', '313.03', null],
  ])
  t.equal(s.charges.toFixed(2), '1565.13')
  const kwh = settleEnergyPoint({ ...input, unit: 'kWh', meters: [{ id: 'm2', serial: 'FM1', readings: [{ date: '2026-09-30', index: '100000' }, { date: '2026-10-31', index: '101234' }] }] })
  t.equal(kwh.lines[0]!.volume, '1.234')
  t.match(kwh.lines[0]!.trace.formula, /1234 kWh × 0.001 \(kWh → MWh\) × 650 per MWh = 802.1/)
})

t.test('a tariff change inside the period splits the lines by days; the fee pro rata', async (t) => {
  const input: EnergyPointInput = { servicePointId: 'sp-fv', service: 'district_heating', usage: 'residential', unit: 'MWh', period: OCT, interval: OCT, money: SEK,
    versions: [{ ...heating, to: '2026-10-11' }, { ...heating, id: 'fv-new', from: '2026-10-11', unitPrices: [{ line: 'energy_price', kind: 'price', rate: '700' }] }],
    meters: [{ id: 'm2', serial: 'FM1', readings: [{ date: '2026-09-30', index: '100' }, { date: '2026-10-31', index: '103.1' }] }] }
  const s = settleEnergyPoint(input)
  // 3.1 MWh over 31 days = 0.1 per day: 10 days 1 × 650 = 650.00; 21 days 2.1 × 700 = 1470.00;
  // power fee 450 × 10/31 = 145.16, 450 × 21/31 = 304.84; VAT (650 + 145.16 + 1470 + 304.84) = 2570 × 25% = 642.50
  t.same(brief(s.lines), [
    ['energy_price', 'volume', '1', '650', '650.00', 'metered'],
    ['power_fee', 'fixed_fee', null, '450', '145.16', null],
    ['energy_price', 'volume', '2.1', '700', '1470.00', 'metered'],
    ['power_fee', 'fixed_fee', null, '450', '304.84', null],
    ['vat', 'tax', null, '25', '642.50', null],
  ])
})

t.test('solar production: credit lines at the compensation price, no VAT', async (t) => {
  const solar: EnergyTariffVersion = { id: 'pv-2026', service: 'solar_production', usage: 'residential', from: '2026-01-01', to: null, unit: 'kWh', fixedFees: [],
    unitPrices: [{ line: 'production_compensation', kind: 'credit', rate: '0.60' }, { line: 'network_benefit', kind: 'credit', rate: '0.05' }], vatPercent: null }
  const s = settleEnergyPoint({ servicePointId: 'sp-pv', service: 'solar_production', usage: 'residential', unit: 'kWh', period: OCT, interval: OCT, money: SEK,
    versions: [solar], meters: [{ id: 'm3', serial: 'PM1', readings: [{ date: '2026-09-30', index: '5000' }, { date: '2026-10-31', index: '5400' }] }] })
  // 400 kWh × 0.60 = 240.00 credited; 400 × 0.05 = 20.00 credited
  t.same(brief(s.lines), [
    ['production_compensation', 'volume', '400', '0.60', '-240.00', 'metered'],
    ['network_benefit', 'volume', '400', '0.05', '-20.00', 'metered'],
  ])
  t.equal(s.charges.toFixed(2), '-260.00')
})

const waste: WasteTariffVersion = {
  id: 'waste-2026', service: 'waste_collection', usage: 'residential', from: '2026-01-01', to: null,
  basicFees: [{ line: 'basic_fee', amount: '1200', per: 'year' }],
  collectionFees: [
    { binLitres: 190, frequency: 'every_other_week', line: 'collection_fee', amount: '45', per: 'pickup' },
    { binLitres: 370, frequency: 'weekly', line: 'collection_fee', amount: '150', per: 'period' },
  ],
  vatPercent: '25',
}

t.test('waste: pickups the frequency implies', async (t) => {
  // every 14 days from Monday 2026-01-05: in October the 12th and the 26th
  t.same(pickupsIn({ from: '2026-01-05', frequency: 'every_other_week' }, OCT), { count: 2, every: 14 })
  t.equal(pickupsIn({ from: '2026-10-26', frequency: 'weekly' }, OCT).count, 1)
  t.equal(pickupsIn({ from: '2026-11-02', frequency: 'weekly' }, OCT).count, 0)
  // a year of every-other-week pickups from 2026-01-05: 26
  t.equal(pickupsIn({ from: '2026-01-05', frequency: 'every_other_week' }, { from: '2026-01-01', to: '2027-01-01' }).count, 26)
})

t.test('waste: basic fee per year, collection per pickup, VAT', async (t) => {
  const s = settleWastePoint({ servicePointId: 'sp-w', usage: 'residential', period: OCT, interval: OCT, money: SEK, versions: [waste],
    subscriptions: [{ id: 'sub1', binLitres: 190, frequency: 'every_other_week', from: '2026-01-05', to: null }] })
  // 1200 × 31/365 = 101.9178… → 101.92; 2 pickups × 45 = 90.00; VAT 191.92 × 25% = 47.98
  t.same(brief(s.lines), [
    ['basic_fee', 'fixed_fee', null, '1200', '101.92', null],
    ['collection_fee', 'fixed_fee', '2', '45', '90.00', 'pickups_by_frequency'],
    ['vat', 'tax', null, '25', '47.98', null],
  ])
  t.equal(s.charges.toFixed(2), '239.90')
})

t.test('waste: a bin change inside the period splits the fees by days; an unknown bin is an error', async (t) => {
  const s = settleWastePoint({ servicePointId: 'sp-w', usage: 'residential', period: OCT, interval: OCT, money: SEK, versions: [{ ...waste, basicFees: [] }],
    subscriptions: [{ id: 'a', binLitres: 190, frequency: 'every_other_week', from: '2026-01-05', to: '2026-10-20' },
      { id: 'b', binLitres: 370, frequency: 'weekly', from: '2026-10-20', to: null }] })
  // 1 pickup (10-12) × 45 = 45.00; 150 per period × 12/31 = 58.06; VAT 103.06 × 25% = 25.765 → 25.77
  t.same(brief(s.lines), [
    ['collection_fee', 'fixed_fee', '1', '45', '45.00', 'pickups_by_frequency'],
    ['collection_fee', 'fixed_fee', null, '150', '58.06', null],
    ['vat', 'tax', null, '25', '25.77', null],
  ])
  const bad = settleWastePoint({ servicePointId: 'sp-w', usage: 'residential', period: OCT, interval: OCT, money: SEK, versions: [waste],
    subscriptions: [{ id: 'c', binLitres: 140, frequency: 'weekly', from: '2026-01-05', to: null }] })
  t.equal(bad.errors[0]!.code, 'waste_fee_not_found')
})
