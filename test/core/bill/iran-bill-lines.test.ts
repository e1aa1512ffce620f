// The bill run's Iranian lines (seed 002 item 18) from the lines a tariff priced.
import t from 'tap'
import { iranBillLines } from '../../../src/core/bill/iran-bill-lines.ts'
import type { ChargeLine } from '../../../src/core/bill/charge-line.ts'

const interval = { from: '2026-09-01', to: '2026-11-01' } // 61 days
const trace = { rule: 'tariff', inputs: {}, formula: '' }
const priced: ChargeLine[] = [
  { service: 'cold_water', kind: 'volume', line: 'water_price', method: 'metered', interval, volume: '40', rate: '1000', amount: '45000', trace },
  { service: 'cold_water', kind: 'fixed_fee', line: 'subscription', interval, amount: '120000', trace },
  { service: 'cold_water', kind: 'tax', line: 'duties_and_tax', interval, rate: '3', amount: '4950', trace },
]

t.test('above the pattern: excess and its charge, project 25%, 3% on all (hand-computed)', async (t) => {
  const r = iranBillLines({ usage: 'residential', units: 1, period: interval, lines: priced,
    settings: { allowedPerUnitMonth: '16', excessRatePerM3: '5000', waterProjectSubscriber: true } })
  const by = Object.fromEntries(r.lines.map((l) => [l.line, l]))
  t.same(r.lines.map((l) => l.line), ['water_price', 'subscription', 'average_daily', 'allowed', 'excess', 'water_project', 'duties_and_tax'])
  t.equal(by['allowed']!.volume, '32.53') // 16 × 61 / 30
  t.equal(by['average_daily']!.volume, '0.66') // 40 / 61
  t.equal(by['excess']!.volume, '7.47') // (40 × 30 − 16 × 61) / 30 = 7.4666…
  t.equal(by['excess']!.amount, '37333') // 7.4666… × 5000 = 37333.33 → half-up
  t.equal(by['water_project']!.amount, '11250') // 25% × 45000
  // 3% × (120000 + 45000 + 37333 + 11250) = 3% × 213583 = 6407.49 → 6407; the tariff's own 3% line is replaced
  t.equal(by['duties_and_tax']!.amount, '6407')
  t.equal(by['duties_and_tax']!.rate, '3')
  t.equal(r.charges, String(120000 + 45000 + 37333 + 11250 + 6407))
  t.match(by['duties_and_tax']!.trace.notes?.join(' '), /replaces the tariff's duties_and_tax/)
  t.equal(by['excess']!.trace.inputs['item'], 23)
})

t.test('non-residential, not a project subscriber, no volume lines', async (t) => {
  const r = iranBillLines({ usage: 'commercial', units: 1, period: interval, lines: priced,
    settings: { allowedPerUnitMonth: '16', excessRatePerM3: '0', waterProjectSubscriber: false } })
  t.notOk(r.lines.some((l) => l.line === 'water_project'))
  t.equal(r.lines.find((l) => l.line === 'excess')!.amount, '0')
  const fees = iranBillLines({ usage: 'residential', units: 1, period: interval, lines: [priced[1]!],
    settings: { allowedPerUnitMonth: '16', excessRatePerM3: '0', waterProjectSubscriber: true } })
  t.same([fees.lines.length, fees.charges], [1, '120000'], 'a point without volume keeps its lines')
})
