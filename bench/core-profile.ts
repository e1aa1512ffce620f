// Profiling driver (not a benchmark): runs one case of bench/core.bench.ts
// through settleServicePoint for a few seconds so `node --cpu-prof` can see it.
// Run: node --cpu-prof bench/core-profile.ts a|b [seconds] [traces]
import { compileSchedule } from '../src/core/tariff/compile-schedule.ts'
import { RUB } from '../src/core/bill/money-policy.ts'
import { settleServicePoint } from '../src/core/settle.ts'
import { volumePolicy } from '../src/core/volume/index.ts'
import type { Reading, VolumeFacts } from '../src/core/volume/index.ts'

const policy = volumePolicy({ pi: '3.14' })
const schedule = compileSchedule({ versions: [{
  id: 'bench', service: 'cold_water', usage: 'non_residential', from: '2020-01-01', to: null,
  volume: { line: 'water_price', price: { shape: 'stepped', tables: [{ appliesUpTo: null, bands: [
    { from: '0', to: '5', rate: '18.50' }, { from: '5', to: '15', rate: '24.75' }, { from: '15', to: null, rate: '41.10' },
  ] }] } },
  surcharges: [
    { line: 'project', percent: '25', of: ['water_price'] },
    { line: 'environment', percent: '2.5', of: ['water_price'] },
  ],
  taxes: [{ line: 'vat', percent: '20', of: ['*'] }],
}] })

function monthlyReadings(meterId: string, months: number, perMonth: number): Extract<Reading, { index: string }>[] {
  const out: Extract<Reading, { index: string }>[] = []
  for (let i = 0; i < months; i++) {
    const last = new Date(Date.UTC(2025, i + 1, 0)).toISOString().slice(0, 10)
    out.push({ meterId, date: last, index: String((i + 1) * perMonth) })
  }
  return out
}
function plainMonth(i: number): VolumeFacts {
  return {
    point: { id: `sp-${i}`, resource: 'cold_water', customerKind: 'organization', diameterMm: '20' },
    meters: [{ id: 'm1', serial: 'S', digits: 5, decimals: 3, control: false, events: [{ kind: 'commissioned', date: '2025-01-01', index: '0' }] }],
    readings: [...monthlyReadings('m1', 14, 30 + (i % 7)), { meterId: 'm1', date: '2026-03-31', index: `${15 * (30 + (i % 7))}.${(i * 104729) % 1000}` }],
    acts: [],
    interval: { from: '2026-03-01', to: '2026-04-01' },
  }
}
function splitMonth(i: number): VolumeFacts {
  const history = monthlyReadings('m1', 12, 40 + (i % 5))
  return {
    point: { id: `sp-${i}`, resource: 'cold_water', customerKind: 'organization', diameterMm: '25' },
    meters: [{
      id: 'm1', serial: 'S', digits: 5, decimals: 3, control: false, maxFlowM3PerH: '5',
      events: [
        { kind: 'commissioned', date: '2025-01-01', index: '0' },
        { kind: 'failed', date: '2026-01-20', index: history[history.length - 1]!.index },
        { kind: 'commissioned', date: '2026-03-26', index: '0' },
      ],
    }],
    readings: [...history, { meterId: 'm1', date: '2026-03-31', index: `9.${(i * 7919) % 1000}` }],
    acts: [],
    interval: { from: '2026-03-01', to: '2026-04-01' },
  }
}
const make = process.argv[2] === 'b' ? splitMonth : plainMonth
const inputs = Array.from({ length: 1000 }, (_, i) => make(i))
const seconds = Number(process.argv[3] ?? 4)
/** `traces` as the third argument: read every line's trace too (JSON.stringify) */
const readTraces = process.argv[4] === 'traces'
let sink = 0
let n = 0
const c0 = process.cpuUsage()
while (true) {
  for (let i = 0; i < 10_000; i++) {
    const s = settleServicePoint({ facts: inputs[(n + i) % 1000]!, policy, billing: { usage: 'non_residential' }, tariffs: schedule, money: RUB, today: '2026-12-31' })
    sink += s.lines.length
    if (readTraces) for (const l of s.lines) sink += JSON.stringify(l.trace).length
  }
  n += 10_000
  const c = process.cpuUsage(c0)
  if ((c.user + c.system) / 1e6 > seconds) { console.log(`${process.argv[2]}: ${Math.round(n / ((c.user + c.system) / 1e6)).toLocaleString('en')}/s by CPU time; sink ${sink}`); break }
}
