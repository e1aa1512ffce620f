// npm run bill -- --tenant <uuid> --period 2026-10-01 [--chunk-size 1000] [--workers 2]
// Starts the bill run of the period (or resumes the one in progress), works
// on it with in-process workers next to any others (the API's, `node
// src/jobs/worker.ts`), and shows a progress bar until it ends.
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/cli/open-database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { createDb, createPool } from '../src/db/database.ts'
import { getBillRun, startBillRun } from '../src/app/billing/bill-runs.ts'
import { installQueue, startWorkers } from '../src/jobs/queue.ts'
import { progressLine } from '../src/jobs/progress-bar.ts'
import { configuredClock } from '../src/app/clock.ts'

const USAGE = `Usage: npm run bill -- --tenant <uuid> --period <period> [--chunk-size N] [--workers N]
  --tenant      the tenant's id
  --period      the billing period in the tenant's calendar (2026-10 monthly, 1405-3 Solar Hijri two-month),
                or its first day (2026-10-01)
  --chunk-size  accounts per job (default BILL_RUN_CHUNK_SIZE, 1000)
  --workers     jobs at a time in this process (default WORKER_CONCURRENCY, 2; 0 = only watch)`

let opts
try {
  ({ values: opts } = parseArgs({ args: process.argv.slice(2), strict: true, allowPositionals: false,
    options: { tenant: { type: 'string' }, period: { type: 'string' }, 'chunk-size': { type: 'string' }, workers: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }))
} catch (err) {
  console.error(`bill: ${(err as Error).message}\n\n${USAGE}`)
  process.exit(2)
}
if (opts.help) { console.log(USAGE); process.exit(0) }
if (!opts.tenant || !opts.period) { console.error(`bill: --tenant and --period are required\n\n${USAGE}`); process.exit(2) }

const config = loadConfig()
const chunkSize = opts['chunk-size'] ? Number(opts['chunk-size']) : config.BILL_RUN_CHUNK_SIZE
const workers = opts.workers ? Number(opts.workers) : Math.max(config.WORKER_CONCURRENCY, 0)
if (!(Number.isInteger(chunkSize) && chunkSize > 0) || !(Number.isInteger(workers) && workers >= 0)) {
  console.error(`bill: --chunk-size must be a positive whole number and --workers a whole number\n\n${USAGE}`)
  process.exit(2)
}

const database = await openDatabase(config, (m) => console.error(m))
const pool = createPool(database.url, workers + 2)
const jobsDb = createDb(pool)
let exitCode = 0
try {
  await migrateToLatest(database.db)
  await installQueue(pool)
  const { run, resumed } = await startBillRun(database.db, opts.tenant, /^\d{4}-\d{2}-\d{2}$/.test(opts.period) ? { periodStart: opts.period } : { period: opts.period }, configuredClock(config.AQUALEDGER_NOW), { chunkSize })
  console.error(`${resumed ? 'resumed' : 'started'} bill run ${run.id}: ${run.periodStart} – ${run.periodEnd}, ${run.total} accounts in ${run.chunks} chunks`)
  const runner = workers > 0 ? await startWorkers(pool, jobsDb, { concurrency: workers, handleSignals: false }) : undefined
  let r = run
  const tty = process.stderr.isTTY
  for (;;) {
    r = await getBillRun(database.db, opts.tenant, run.id)
    process.stderr.write(tty ? `\r${progressLine(r)}\x1b[K` : `${progressLine(r)}\n`)
    if (r.status !== 'queued' && r.status !== 'running') break
    await new Promise((resolve) => setTimeout(resolve, tty ? 250 : 2000))
  }
  process.stderr.write('\n')
  await runner?.stop()
  console.log(JSON.stringify({ id: r.id, status: r.status, total: r.total, done: r.done, failed: r.failed, ratePerSecond: r.ratePerSecond }))
  if (r.failed > 0) console.error(`${r.failed} accounts were not billed: GET /v1/bill-runs/${r.id}/errors`)
  if (r.status !== 'completed') exitCode = 1
} catch (err) {
  console.error(`bill: ${(err as Error).message}`)
  exitCode = 1
} finally {
  await jobsDb.destroy()
  await database.close()
}
process.exit(exitCode)
