// npm run bench: every benchmark in turn, each in its own process so one's
// memory and JIT state do not colour the next. Figures only, no assertions.
// BENCH_ONLY=core,readings picks some; the others' own env knobs pass through.
import { spawnSync } from 'node:child_process'

const ALL = ['core', 'readings', 'balance', 'edges', 'billrun', 'events', 'consumption'] as const
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean)
const chosen = only?.length ? ALL.filter((b) => only.includes(b)) : [...ALL]

let failed = 0
for (const name of chosen) {
  console.log(`\n=== bench:${name} ===`)
  const r = spawnSync(process.execPath, [`bench/${name}.bench.ts`], { stdio: 'inherit', env: process.env })
  if (r.status !== 0) { failed++; console.log(`bench:${name} exited with ${r.status ?? r.signal}`) }
}
process.exit(failed ? 1 : 0)
