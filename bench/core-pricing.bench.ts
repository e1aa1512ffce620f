// Priced service-point-months per second on one core (issue 3 §6(a)).
// Plain script: prints figures, asserts nothing. Run: node bench/core-pricing.bench.ts
import { composeBill } from '../src/core/bill/compose-bill.ts'
import type { ComposeBillInput } from '../src/core/bill/compose-bill.ts'
import { RUB } from '../src/core/bill/money-policy.ts'
import { compileSchedule } from '../src/core/tariff/compile-schedule.ts'

// (a) a metered month, 3-step tariff, two surcharges, one tax; the schedule is compiled once
const schedule = compileSchedule({ versions: [{
  id: 'bench', service: 'cold_water', usage: 'residential', from: '2020-01-01', to: null,
  volume: { line: 'water_price', price: { shape: 'stepped', tables: [{ appliesUpTo: null, bands: [
    { from: '0', to: '5', rate: '18.50' }, { from: '5', to: '15', rate: '24.75' }, { from: '15', to: null, rate: '41.10' },
  ] }] } },
  surcharges: [
    { line: 'project', percent: '25', of: ['water_price'] },
    { line: 'environment', percent: '2.5', of: ['water_price'] },
  ],
  taxes: [{ line: 'vat', percent: '20', of: ['*'] }],
}] })
const period = { from: '2025-03-01', to: '2025-04-01' }
const volumes = Array.from({ length: 1000 }, (_, i) => `${(i * 7919) % 40}.${(i * 104729) % 1000}`)
const inputs: ComposeBillInput[] = volumes.map((volume) => ({
  period, servicePoint: { usage: 'residential' }, schedule, policy: RUB,
  volumes: [{ service: 'cold_water', method: 'metered', interval: period, volume }],
}))

function run(n: number): number {
  let check = 0
  for (let i = 0; i < n; i++) check += composeBill(inputs[i % inputs.length]!).lines.length
  return check
}

run(20_000) // warm-up
const n = 200_000
const t0 = process.hrtime.bigint()
const check = run(n)
const seconds = Number(process.hrtime.bigint() - t0) / 1e9
console.log(`core-pricing (a) metered month, 3 steps + 2 surcharges + tax: ${Math.round(n / seconds).toLocaleString('en')} service-point-months/s on one core (${n} bills in ${seconds.toFixed(2)} s, ${check / n} lines each)`)
console.log(`sample: ${JSON.stringify(composeBill(inputs[1]!).totals)}`)

// the same bills with every line's trace formatted (traces are lazy: this is the cost of reading them all)
const m = 50_000
const t1 = process.hrtime.bigint()
let chars = 0
for (let i = 0; i < m; i++) for (const l of composeBill(inputs[i % inputs.length]!).lines) chars += l.trace.formula.length + (l.trace.notes?.length ?? 0)
const s1 = Number(process.hrtime.bigint() - t1) / 1e9
console.log(`core-pricing (a) with every trace formatted: ${Math.round(m / s1).toLocaleString('en')} service-point-months/s (${chars > 0 ? 'traces read' : ''})`)
