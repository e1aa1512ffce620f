// Profiling driver (not a benchmark): runs one case of bench/core.bench.ts
// through settleServicePoint for a few seconds so `node --cpu-prof` can see it.
// Run: node --cpu-prof bench/core-profile.ts a|b [seconds] [traces]
import { RUB } from '../src/core/bill/money-policy.ts'
import { settleServicePoint } from '../src/core/settle.ts'
import { plainMonth, policy, schedule, servicePoint, splitMonth } from './fixtures/core-months.ts'

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
    const s = settleServicePoint({ facts: inputs[(n + i) % 1000]!, policy, billing: servicePoint, tariffs: schedule, money: RUB, today: '2026-12-31' })
    sink += s.lines.length
    if (readTraces) for (const l of s.lines) sink += JSON.stringify(l.trace).length
  }
  n += 10_000
  const c = process.cpuUsage(c0)
  if ((c.user + c.system) / 1e6 > seconds) { console.log(`${process.argv[2]}: ${Math.round(n / ((c.user + c.system) / 1e6)).toLocaleString('en')}/s by CPU time; sink ${sink}`); break }
}
