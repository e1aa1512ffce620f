// A bill run end to end (issue 4 §5): BENCH_POINTS service points (90%
// metered, 5% failed meter, 3% normative, 2% capacity) with 14 monthly
// readings each, billed by graphile-worker jobs in this process; then the raw
// COPY rate of the rows the run wrote (bills, bill_lines), in the same run.
// Plain script: prints figures, asserts nothing.
// Run: npm run bench:billrun   (BENCH_POINTS=100000 default; BENCH_WORKERS=4; BENCH_CHUNK=1000; DATABASE_URL to use a server)
import { fixedClock } from '../src/app/clock.ts'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'
import { sql } from 'kysely'
import { createDb, createPool, ensureDatabase } from '../src/db/database.ts'
import { benchServer } from './fixtures/bench-server.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { getBillRun, startBillRun } from '../src/app/billing/bill-runs.ts'
import { seedBillRunTenant } from './fixtures/billrun-tenant.ts'
import { installQueue, startWorkers } from '../src/jobs/queue.ts'

const POINTS = Number(process.env.BENCH_POINTS ?? 100_000)
const WORKERS = Number(process.env.BENCH_WORKERS ?? 4)
const CHUNK = Number(process.env.BENCH_CHUNK ?? 1_000)

const server = await benchServer()
const serverUrl = server.url
const url = await ensureDatabase(serverUrl, `bench_billrun_${Date.now().toString(36)}`)
const pool = createPool(url, WORKERS + 4)
const db = createDb(pool)
await migrateToLatest(db)
await installQueue(pool)

const gen = Date.now()
const t = await seedBillRunTenant(db, 'Bench vodokanal', POINTS, { capacityActs: true })
await sql`analyze`.execute(db)
const readings = (await sql<{ n: string }>`select count(*)::text as n from readings`.execute(db)).rows[0]!.n
console.log(`data: ${POINTS.toLocaleString('en')} service points, ${Number(readings).toLocaleString('en')} readings, generated in ${((Date.now() - gen) / 1000).toFixed(1)} s`)

let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss) }, 100)
const started = Date.now()
const { run } = await startBillRun(db, t, { periodStart: '2026-10-01' }, fixedClock('2026-11-05T12:00:00Z'), { chunkSize: CHUNK })
const runner = await startWorkers(pool, db, { concurrency: WORKERS, pollInterval: 200, handleSignals: false,
  log: { error: (o, m) => console.error(m, o), warn: () => {}, info: () => {}, debug: () => {} } })
let r = run
for (;;) {
  r = await getBillRun(db, t, run.id)
  if (r.status !== 'queued' && r.status !== 'running') break
  await new Promise((resolve) => setTimeout(resolve, 250))
}
const wall = (Date.now() - started) / 1000
await runner.stop()
clearInterval(sampler)
const rows = (await sql<{ bills: string; lines: string; entries: string }>`select (select count(*) from bills)::text as bills,
  (select count(*) from bill_lines)::text as lines, (select count(*) from ledger_entries)::text as entries`.execute(db)).rows[0]!

/** Raw COPY of a table's rows into a scratch copy of it: the ceiling the run's writes compare with. */
async function copyRate(table: string): Promise<number> {
  const a = new pg.Client({ connectionString: url }); const b = new pg.Client({ connectionString: url })
  await a.connect(); await b.connect()
  await b.query(`create table scratch_${table} (like ${table} including generated)`)
  const t0 = Date.now()
  await pipeline(a.query(copyTo(`copy ${table} to stdout`)), b.query(copyFrom(`copy scratch_${table} from stdin`)))
  const s = (Date.now() - t0) / 1000
  await a.end(); await b.end()
  return s
}
const copyBills = await copyRate('bills')
const copyLines = await copyRate('bill_lines')
const written = Number(rows.bills) + Number(rows.lines) + Number(rows.entries)

console.log(`bill run: ${r.status}, ${r.done.toLocaleString('en')} accounts billed, ${r.failed} failed, ${r.chunks} chunks of ${CHUNK}, ${WORKERS} workers in one process`)
console.log(`  wall ${wall.toFixed(1)} s, ${Math.round(POINTS / wall).toLocaleString('en')} service points/s, peak RSS ${Math.round(peakRss / 1048576)} MB`)
console.log(`  rows written: ${Number(rows.bills).toLocaleString('en')} bills, ${Number(rows.lines).toLocaleString('en')} lines, ${Number(rows.entries).toLocaleString('en')} ledger entries (${Math.round(written / wall).toLocaleString('en')} rows/s)`)
console.log(`raw COPY of the same rows: bills ${copyBills.toFixed(2)} s, bill_lines ${copyLines.toFixed(2)} s (${Math.round((Number(rows.bills) + Number(rows.lines)) / (copyBills + copyLines)).toLocaleString('en')} rows/s)`)

await db.destroy()
await server.stop()
process.exit(0)
