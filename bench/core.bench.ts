// End-to-end settlement on one core (issue 3 §6): volumes by settleVolumes,
// then the bill by composeBill, per service-point-month. Inputs are built once
// and the tariff schedule compiled once, as a bill run does; every call still
// parses its own facts (readings, events) — nothing per point is cached.
// Plain script: prints figures, asserts nothing. Run: node bench/core.bench.ts
import { composeBill } from '../src/core/bill/compose-bill.ts'
import type { Bill } from '../src/core/bill/charge-line.ts'
import { RUB } from '../src/core/bill/money-policy.ts'
import type { PricedVolume } from '../src/core/tariff/types.ts'
import { settleServicePoint } from '../src/core/settle.ts'
import { settleVolumes } from '../src/core/volume/index.ts'
import type { VolumeFacts, VolumeSettlement } from '../src/core/volume/index.ts'
import { plainMonth, policy, schedule, servicePoint, splitMonth } from './fixtures/core-months.ts'

/** Segments → priced volumes: the glue a bill run applies between the two halves. */
function toPriced(s: VolumeSettlement, service: string): PricedVolume[] {
  return s.segments.map((g) => ({ service, method: g.method, interval: g.interval, volume: g.volume, ...(g.meterId ? { meterId: g.meterId } : {}), trace: g.trace }))
}

/** The two halves joined in the bench itself (settleVolumes → composeBill), no extra work. */
function settleDirect(facts: VolumeFacts): Bill {
  const v = settleVolumes(facts, policy)
  return composeBill({ period: facts.interval, servicePoint, schedule, policy: RUB, volumes: toPriced(v, facts.point.resource) })
}

/** The core's own glue (src/core/settle.ts), as the calculation API calls it. */
function settleGlue(facts: VolumeFacts): { lines: Array<{ line: string; method?: string; trace: unknown }>; totals: { payable: string; currency: string } } {
  return settleServicePoint({ facts, policy, billing: servicePoint, tariffs: schedule, money: RUB, today: '2026-12-31' })
}

let settle: (facts: VolumeFacts) => { lines: Array<{ line: string; method?: string }>; totals: { payable: string; currency: string } } = settleGlue

/**
 * Rounds of about half a second, by CPU time: the median is the figure, the
 * best round says what the core does when no other tenant of this shared
 * machine competes for its caches (rounds of the same code differ by up to a
 * third here; /proc/stat shows no steal, so the spread is contention).
 */
function run(name: string, make: (i: number) => VolumeFacts, seconds: number): void {
  const inputs = Array.from({ length: 1000 }, (_, i) => make(i))
  const sample = settle(inputs[0]!)
  const shape = sample.lines.map((l) => l.line + (l.method ? `(${l.method})` : '')).join(', ')
  let sink = 0
  for (let i = 0; i < 20_000; i++) sink += settle(inputs[i % 1000]!).lines.length // warm-up
  const rates: number[] = []
  let n = 0
  let cpuTotal = 0
  const rounds = Math.max(3, Math.round(seconds / 0.5))
  for (let r = 0; r < rounds; r++) {
    const cpu0 = process.cpuUsage()
    let k = 0
    let cpuSec = 0
    while (cpuSec < seconds / rounds) {
      for (let i = 0; i < 5_000; i++) sink += settle(inputs[(n + k + i) % 1000]!).lines.length
      k += 5_000
      const c = process.cpuUsage(cpu0)
      cpuSec = (c.user + c.system) / 1e6
    }
    rates.push(k / cpuSec)
    n += k
    cpuTotal += cpuSec
  }
  rates.sort((a, b) => a - b)
  const median = rates[rates.length >> 1]!
  const f = (x: number): string => Math.round(x).toLocaleString('en')
  console.log(`${name.padEnd(58)} ${f(median).padStart(9)} service-point-months/s median of ${rounds} rounds  (${(1e6 / median).toFixed(2)} µs each; best round ${f(rates[rates.length - 1]!)}/s, worst ${f(rates[0]!)}/s; ${n.toLocaleString('en')} in ${cpuTotal.toFixed(1)} s CPU)`)
  console.log(`  lines: ${shape}; payable ${sample.totals.payable} ${sample.totals.currency}; sink ${sink}`)
}

const seconds = Number(process.env.BENCH_SECONDS ?? 3)
console.log(`node ${process.version}, one core, end to end via settleServicePoint (src/core/settle.ts)`)
run('(a) metered month, 3-step tariff, 2 surcharges, tax', plainMonth, seconds)
run('(b) month split by a meter failure (averaged, capacity, metered)', splitMonth, seconds)
// BENCH_QUICK=1: the two headline figures only
if (process.env.BENCH_QUICK) process.exit(0)
settle = settleDirect
console.log('the same, settleVolumes → composeBill joined directly (no glue)')
run('(a) metered month, 3-step tariff, 2 surcharges, tax', plainMonth, seconds)
run('(b) month split by a meter failure (averaged, capacity, metered)', splitMonth, seconds)
// Traces are built on first read: what it costs when a caller reads them all
// (as the bill-run writer does when it stores every line's trace).
let traceChars = 0
settle = (facts) => {
  const s = settleGlue(facts)
  for (const l of s.lines) traceChars += JSON.stringify(l.trace).length
  return s
}
console.log('via settleServicePoint again, every line trace read (JSON.stringify)')
run('(a) metered month, 3-step tariff, 2 surcharges, tax', plainMonth, seconds)
run('(b) month split by a meter failure (averaged, capacity, metered)', splitMonth, seconds)
console.log(`  trace characters read: ${traceChars.toLocaleString('en')}`)
