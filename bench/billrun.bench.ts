// A bill run end to end (issue 4 §5): BENCH_POINTS service points (90%
// metered, 5% failed meter, 3% normative, 2% capacity) with monthly readings
// over BENCH_HISTORY_YEARS (+2 months), billed by graphile-worker jobs in this
// process; then the raw COPY rate of the rows the run wrote (bills,
// bill_lines, ledger_entries), in the same run, as the bound (issue 13).
// Plain script: prints figures, asserts nothing.
// Run: npm run bench:billrun
//   BENCH_POINTS=100000 (default)   service points (= accounts)
//   BENCH_HISTORY_YEARS=1           years of readings before the period
//   BENCH_READINGS_PER_MONTH=1      readings per meter per month
//   BENCH_WORKERS=4 BENCH_CHUNK=1000
//   BENCH_VACUUM=0                  skip the VACUUM of readings after the history load (as before issue 13)
//   BENCH_EXPLAIN=1                 print EXPLAIN (ANALYZE, BUFFERS) of one chunk's readings load
//   BENCH_STATEMENTS=1              print the run's top statements by total time (needs a server with
//                                   shared_preload_libraries=pg_stat_statements, through DATABASE_URL)
//   DATABASE_URL                    use a server instead of a throwaway embedded one
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
import { readdirSync, readFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'

const POINTS = Number(process.env.BENCH_POINTS ?? 100_000)
const WORKERS = Number(process.env.BENCH_WORKERS ?? 4)
const CHUNK = Number(process.env.BENCH_CHUNK ?? 1_000)
const HISTORY_YEARS = Number(process.env.BENCH_HISTORY_YEARS ?? 1)
const PER_MONTH = Number(process.env.BENCH_READINGS_PER_MONTH ?? 1)

const server = await benchServer()
const serverUrl = server.url
const url = await ensureDatabase(serverUrl, `bench_billrun_${Date.now().toString(36)}`)
const pool = createPool(url, WORKERS + 4)
const db = createDb(pool)
await migrateToLatest(db)
await installQueue(pool)

const gen = Date.now()
const t = await seedBillRunTenant(db, 'Bench vodokanal', POINTS, { capacityActs: true, historyYears: HISTORY_YEARS, readingsPerMonth: PER_MONTH })
// what a utility does after a bulk load of history (README, "Keeping readings healthy"); BENCH_VACUUM=0 skips it
if (process.env.BENCH_VACUUM !== '0') await sql`vacuum (analyze) readings`.execute(db)
await sql`analyze`.execute(db)
const readings = (await sql<{ n: string; size: string }>`select count(*)::text as n, pg_size_pretty(pg_total_relation_size('readings')) as size from readings`.execute(db)).rows[0]!
console.log(`data: ${POINTS.toLocaleString('en')} service points, ${Number(readings.n).toLocaleString('en')} readings (${HISTORY_YEARS} y × ${PER_MONTH}/month, ${readings.size} with indexes), generated in ${((Date.now() - gen) / 1000).toFixed(1)} s`)
if (process.env.BENCH_EXPLAIN) await explainReadings()

const statements = process.env.BENCH_STATEMENTS === '1' &&
  await sql`create extension if not exists pg_stat_statements`.execute(db).then(() => sql`select pg_stat_statements_reset()`.execute(db)).then(() => true, () => false)
const postmaster = await postmasterPid()
const pgCpu0 = postgresCpuSeconds(postmaster)
const nodeCpu0 = process.cpuUsage()
// how long a ready continuation (a chunk's next statement, inside the section holding the number counter) waits for the loop
const loopDelay = monitorEventLoopDelay({ resolution: 5 }); loopDelay.enable()
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
const pgCpu = postgresCpuSeconds(postmaster) - pgCpu0
const nodeCpuUsage = process.cpuUsage(nodeCpu0)
const nodeCpu = (nodeCpuUsage.user + nodeCpuUsage.system) / 1e6
loopDelay.disable()
const loopMs = (q: number) => (loopDelay.percentile(q) / 1e6).toFixed(0)
await runner.stop()
clearInterval(sampler)
if (statements) await printStatements()
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
const copyEntries = await copyRate('ledger_entries')
const written = Number(rows.bills) + Number(rows.lines) + Number(rows.entries)
const rowsPerS = written / wall
const copyPerS = written / (copyBills + copyLines + copyEntries)

console.log(`bill run: ${r.status}, ${r.done.toLocaleString('en')} accounts billed, ${r.failed} failed, ${r.chunks} chunks of ${CHUNK}, ${WORKERS} workers in one process`)
console.log(`  wall ${wall.toFixed(1)} s, ${Math.round(POINTS / wall).toLocaleString('en')} service points/s, peak RSS ${Math.round(peakRss / 1048576)} MB`)
console.log(`  CPU: Node ${(nodeCpu / POINTS * 1e6).toFixed(0)} µs/point, Postgres ${(pgCpu / POINTS * 1e6).toFixed(0)} µs/point (${((nodeCpu + pgCpu) / wall).toFixed(2)} cores busy of ${wall.toFixed(1)} s wall)`)
console.log(`  event-loop delay: p50 ${loopMs(50)} ms, p99 ${loopMs(99)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms`)
console.log(`  rows written: ${Number(rows.bills).toLocaleString('en')} bills, ${Number(rows.lines).toLocaleString('en')} lines, ${Number(rows.entries).toLocaleString('en')} ledger entries (${Math.round(rowsPerS).toLocaleString('en')} rows/s)`)
console.log(`raw COPY of the same rows: bills ${copyBills.toFixed(2)} s, bill_lines ${copyLines.toFixed(2)} s, ledger_entries ${copyEntries.toFixed(2)} s (${Math.round(copyPerS).toLocaleString('en')} rows/s)`)
console.log(`RESULT points=${POINTS} history_years=${HISTORY_YEARS} per_month=${PER_MONTH} points_per_s=${Math.round(POINTS / wall)} rows_per_s=${Math.round(rowsPerS)} ` +
  `copy_rows_per_s=${Math.round(copyPerS)} ratio_to_copy=${(rowsPerS / copyPerS * 100).toFixed(1)}% peak_rss_mb=${Math.round(peakRss / 1048576)} ` +
  `node_us_per_point=${Math.round(nodeCpu / POINTS * 1e6)} pg_us_per_point=${Math.round(pgCpu / POINTS * 1e6)} loop_p99_ms=${loopMs(99)}`)

/** The run's statements by total execution time (pg_stat_statements). */
async function printStatements(): Promise<void> {
  const { rows } = await sql<{ ms: number; calls: string; rows: string; query: string }>`
    select round(total_exec_time)::int as ms, calls::text, rows::text, regexp_replace(left(query, 160), '[[:space:]]+', ' ', 'g') as query
    from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
    order by total_exec_time desc limit 20`.execute(db)
  for (const r of rows) console.log(`  ${String(r.ms).padStart(7)} ms ${r.calls.padStart(6)} calls ${r.rows.padStart(8)} rows  ${r.query}`)
}

/** The postmaster of the database the bench uses (the parent of a backend). */
async function postmasterPid(): Promise<number | undefined> {
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)
  try { return Number(readFileSync(`/proc/${rows[0]!.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) } catch { return undefined }
}

/** CPU seconds of the postmaster's children: the live ones' own time plus the reaped ones' (Linux /proc; 0 elsewhere). */
function postgresCpuSeconds(pm: number | undefined): number {
  if (pm === undefined) return 0
  const fields = (pid: string) => { try { return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ') } catch { return undefined } }
  let ticks = 0
  const own = fields(String(pm))
  if (own) ticks += Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]) // utime stime cutime cstime
  for (const pid of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(pid)) continue
    const f = fields(pid)
    if (f && Number(f[1]) === pm) ticks += Number(f[11]) + Number(f[12])
  }
  return ticks / 100
}

/** The plan and timing of the first chunk's readings load (load-facts.ts), for profiles. */
async function explainReadings(): Promise<void> {
  const c = await sql<{ first: string; last: string }>`select min(account_id::text) as first, max(account_id::text) as last
    from (select account_id from accounts where tenant_id = ${t} order by account_id limit ${CHUNK}) x`.execute(db)
  const { first, last } = c.rows[0]!
  const ids = (await sql<{ id: string }>`select m.meter_id as id from meters m join service_points sp using (tenant_id, service_point_id)
    where sp.tenant_id = ${t} and sp.account_id between ${first}::uuid and ${last}::uuid`.execute(db)).rows.map((r) => r.id)
  const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers)
    select meter_id as meter, (read_at at time zone 'UTC')::date::text as day, kind, value::text as value
    from readings where tenant_id = ${t} and meter_id = any(${ids}::uuid[]) and status = 'accepted' and value is not null
      and read_at >= date '2025-08-23' - 1 and read_at < date '2026-11-01' + 93
    order by meter_id, read_at`.execute(db)
  console.log(plan.rows.map((r) => `  ${r['QUERY PLAN'].replace(/'\{[^}]*\}'/g, `'{…${ids.length} ids}'`)}`).join('\n'))
}

await db.destroy()
await server.stop()
process.exit(0)
