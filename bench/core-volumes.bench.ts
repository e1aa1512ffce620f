// Service-point-months settled per second on one core, by the pure volume
// core. Prints figures; asserts nothing (architecture.md: never timed
// assertions). Run: node bench/core-volumes.bench.ts
import { settleVolumes, volumePolicy } from '../src/core/volume/index.ts'
import type { Reading, VolumeFacts } from '../src/core/volume/index.ts'

const policy = volumePolicy({ pi: '3.14' })

function monthlyReadings(meterId: string, months: number, perMonth: number): Extract<Reading, { index: string }>[] {
  const out: Extract<Reading, { index: string }>[] = []
  for (let i = 0; i < months; i++) {
    const last = new Date(Date.UTC(2025, i + 1, 0)).toISOString().slice(0, 10)
    out.push({ meterId, date: last, index: String((i + 1) * perMonth) })
  }
  return out
}

// (a) a plain metered month, 12 months of history
function plainMonth(i: number): VolumeFacts {
  return {
    point: { id: `sp-${i}`, resource: 'cold_water', customerKind: 'organization', diameterMm: '20' },
    meters: [{ id: 'm1', serial: 'S', digits: 5, decimals: 3, control: false, events: [{ kind: 'commissioned', date: '2025-01-01', index: '0' }] }],
    readings: [...monthlyReadings('m1', 14, 30 + (i % 7)), { meterId: 'm1', date: '2026-03-31', index: String(15 * (30 + (i % 7))) }],
    acts: [],
    interval: { from: '2026-03-01', to: '2026-04-01' },
  }
}

// (b) March 2026 split by a failure on 2026-01-20: averaged 1–20, capacity 21–25,
// meter repaired and commissioned again on the 26th: metered 26–31.
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
    readings: [...history, { meterId: 'm1', date: '2026-03-31', index: '9' }],
    acts: [],
    interval: { from: '2026-03-01', to: '2026-04-01' },
  }
}

function run(name: string, make: (i: number) => VolumeFacts, n: number): void {
  const inputs = Array.from({ length: 1000 }, (_, i) => make(i))
  const check = settleVolumes(inputs[0]!, policy)
  const shape = check.segments.map((s) => s.method).join(' + ')
  for (let i = 0; i < 2000; i++) settleVolumes(inputs[i % 1000]!, policy) // warm up
  const start = process.hrtime.bigint()
  let sink = 0
  for (let i = 0; i < n; i++) sink += settleVolumes(inputs[i % 1000]!, policy).segments.length
  const ns = Number(process.hrtime.bigint() - start)
  const perSec = Math.round(n / (ns / 1e9))
  console.log(`${name.padEnd(44)} ${String(perSec).padStart(8)} service-point-months/s  (${(ns / n / 1000).toFixed(1)} µs each; ${shape}; errors ${check.errors.length}; sink ${sink})`)
}

console.log(`node ${process.version}, one core`)
run('(a) metered month, 12 months of history', plainMonth, 30_000)
run('(b) month split by a meter failure', splitMonth, 30_000)
