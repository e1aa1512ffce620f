// A bill run end to end (issue 4 §5): BENCH_POINTS service points (90%
// metered, 5% failed meter, 3% normative, 2% capacity) with monthly readings
// over BENCH_HISTORY_YEARS (+2 months), billed by graphile-worker jobs in this
// process; then two bounds in the same run on the rows the run wrote (bills,
// bill_lines, ledger_entries): their raw COPY into bare tables (issue 13's
// bound) and their COPY into tables with the real indexes and constraints.
// Plain script: prints figures, asserts nothing.
// Run: npm run bench:billrun
//   BENCH_POINTS=100000 (default)   service points (= accounts)
//   BENCH_HISTORY_YEARS=1           years of readings before the period
//   BENCH_READINGS_PER_MONTH=1      readings per meter per month
//   BENCH_WORKERS=4 BENCH_CHUNK=1000
//   BENCH_PRIOR=1                   bill September first (untimed): the timed October run has bills before it
//   BENCH_BOUND_RUNS=3              COPYs per bound (the median counts)
//   BENCH_VACUUM=0                  skip the VACUUM of readings after the history load (as before issue 13)
//   BENCH_EXPLAIN=1                 print EXPLAIN (ANALYZE, BUFFERS) of one chunk's readings load
//   BENCH_PROFILE=out.cpuprofile    a CPU profile (node:inspector) of this process over the run (not the data load)
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
import { profiled } from './fixtures/cpu-profile.ts'
import { median } from './fixtures/median.ts'

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

const runner = await startWorkers(pool, db, { concurrency: WORKERS, pollInterval: 200, handleSignals: false,
  log: { error: (o, m) => console.error(m, o), warn: () => {}, info: () => {}, debug: () => {} } })
async function billRun(periodStart = '2026-10-01') {
  const { run } = await startBillRun(db, t, { periodStart }, fixedClock('2026-11-05T12:00:00Z'), { chunkSize: CHUNK })
  for (;;) {
    const r = await getBillRun(db, t, run.id)
    if (r.status !== 'queued' && r.status !== 'running') return r
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
// BENCH_PRIOR=1: September billed first, untimed, so the timed run is a month like any other (every account has a
// bill before, and the corrections query looks for changes since it), not a tenant's first run
if (process.env.BENCH_PRIOR === '1') {
  const prior = await billRun('2026-09-01')
  console.log(`prior run (untimed): ${prior.status}, ${prior.done.toLocaleString('en')} accounts billed for 2026-09`)
  await sql`vacuum (analyze) bills, bill_lines, ledger_entries, account_balances, events`.execute(db)
}
const statements = process.env.BENCH_STATEMENTS === '1' &&
  await sql`create extension if not exists pg_stat_statements`.execute(db).then(() => sql`select pg_stat_statements_reset()`.execute(db)).then(() => true, () => false)
const postmaster = await postmasterPid()
const pgCpu0 = postgresCpuSeconds(postmaster)
const nodeCpu0 = process.cpuUsage()
// how long a ready continuation (a chunk's next statement, inside the section holding the number counter) waits for the loop
const loopDelay = monitorEventLoopDelay({ resolution: 5 }); loopDelay.enable()
// the process's RSS before the run (what the seeding left), printed beside the peak so the run's own memory
// can be told from it
const rssBefore = process.memoryUsage().rss
let peakRss = rssBefore
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss) }, 100)
const started = Date.now()
const r = process.env.BENCH_PROFILE ? await profiled(process.env.BENCH_PROFILE, billRun) : await billRun()
const wall = (Date.now() - started) / 1000
const pgCpu = postgresCpuSeconds(postmaster) - pgCpu0
const nodeCpuUsage = process.cpuUsage(nodeCpu0)
const nodeCpu = (nodeCpuUsage.user + nodeCpuUsage.system) / 1e6
loopDelay.disable()
const loopMs = (q: number) => (loopDelay.percentile(q) / 1e6).toFixed(0)
await runner.stop()
clearInterval(sampler)
if (statements) await printStatements()
// the timed run's rows (a prior run's are not counted); fresh statistics first, or the planner, seeing empty
// tables, loops over bill_lines once per bill
await sql`analyze bills, bill_lines, ledger_entries`.execute(db)
const ofRunBills = sql`tenant_id = ${t} and bill_id in (select bill_id from bills where tenant_id = ${t} and bill_run_id = ${r.id})`
const ofRun = { bills: sql`tenant_id = ${t} and bill_run_id = ${r.id}`, bill_lines: ofRunBills, ledger_entries: ofRunBills }
const rows = (await sql<{ bills: string; lines: string; entries: string }>`select (select count(*) from bills where ${ofRun.bills})::text as bills,
  (select count(*) from bill_lines where ${ofRun.bill_lines})::text as lines, (select count(*) from ledger_entries where ${ofRun.ledger_entries})::text as entries`.execute(db)).rows[0]!

// The bounds (issue 13), measured in this run on the run's own rows, each the median of BENCH_BOUND_RUNS COPYs
// after a checkpoint (a checkpoint landing inside one COPY would otherwise halve it):
//   raw COPY          into a bare copy of each table (no index, no constraint): the issue's bound;
//   constrained COPY  into a copy with the table's indexes, checks, exclusion and foreign keys: what the same
//                     rows cost Postgres to write with the integrity the schema keeps, before any bill is computed.
const BOUND_RUNS = Number(process.env.BENCH_BOUND_RUNS ?? 3)
const tables = ['bills', 'bill_lines', 'ledger_entries'] as const
for (const table of tables) {
  const cols = await columnsOf(table)
  await sql.raw(`create table bound_src_${table} as select ${cols} from ${table} where false`).execute(db)
  await sql`insert into ${sql.table(`bound_src_${table}`)} select ${sql.raw(cols)} from ${sql.table(table)} where ${ofRun[table]}`.execute(db)
}
await sql`vacuum (analyze) bound_src_bills, bound_src_bill_lines, bound_src_ledger_entries`.execute(db)

async function columnsOf(table: string): Promise<string> {
  const { rows } = await sql<{ cols: string }>`select string_agg(quote_ident(attname), ', ' order by attnum) as cols from pg_attribute
    where attrelid = ${table}::regclass and attnum > 0 and not attisdropped and attgenerated = ''`.execute(db)
  return rows[0]!.cols
}

/** Seconds to COPY the run's rows of `table` into a fresh copy of it, bare or with the table's indexes and constraints. */
async function copyOnce(table: string, constrained: boolean): Promise<number> {
  const cols = await columnsOf(table)
  await sql.raw(`drop table if exists scratch_${table}`).execute(db)
  await sql.raw(`create table scratch_${table} (like ${table} ${constrained ? 'including all' : 'including generated'})`).execute(db)
  if (constrained) {
    const fks = await sql<{ def: string }>`select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = ${table}::regclass and contype = 'f'`.execute(db)
    for (const f of fks.rows) await sql.raw(`alter table scratch_${table} add ${f.def}`).execute(db)
  }
  await sql`checkpoint`.execute(db)
  const a = new pg.Client({ connectionString: url }); const b = new pg.Client({ connectionString: url })
  await a.connect(); await b.connect()
  const t0 = Date.now()
  await pipeline(a.query(copyTo(`copy bound_src_${table} (${cols}) to stdout`)), b.query(copyFrom(`copy scratch_${table} (${cols}) from stdin`)))
  const seconds = (Date.now() - t0) / 1000
  await a.end(); await b.end()
  await sql.raw(`drop table scratch_${table}`).execute(db)
  return seconds
}
async function bound(table: string, constrained: boolean): Promise<number> {
  const runs: number[] = []
  for (let i = 0; i < BOUND_RUNS; i++) runs.push(await copyOnce(table, constrained))
  return median(runs)
}
const raw = { bills: await bound('bills', false), lines: await bound('bill_lines', false), entries: await bound('ledger_entries', false) }
const held = { bills: await bound('bills', true), lines: await bound('bill_lines', true), entries: await bound('ledger_entries', true) }
const written = Number(rows.bills) + Number(rows.lines) + Number(rows.entries)
const rowsPerS = written / wall
const copyPerS = written / (raw.bills + raw.lines + raw.entries)
const heldPerS = written / (held.bills + held.lines + held.entries)

console.log(`bill run: ${r.status}, ${r.done.toLocaleString('en')} accounts billed, ${r.failed} failed, ${r.chunks} chunks of ${CHUNK}, ${WORKERS} workers in one process`)
console.log(`  wall ${wall.toFixed(1)} s, ${Math.round(POINTS / wall).toLocaleString('en')} service points/s, peak RSS ${Math.round(peakRss / 1048576)} MB (${Math.round(rssBefore / 1048576)} MB before the run)`)
console.log(`  CPU: Node ${(nodeCpu / POINTS * 1e6).toFixed(0)} µs/point, Postgres ${(pgCpu / POINTS * 1e6).toFixed(0)} µs/point (${((nodeCpu + pgCpu) / wall).toFixed(2)} cores busy of ${wall.toFixed(1)} s wall)`)
console.log(`  event-loop delay: p50 ${loopMs(50)} ms, p99 ${loopMs(99)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms`)
console.log(`  rows written: ${Number(rows.bills).toLocaleString('en')} bills, ${Number(rows.lines).toLocaleString('en')} lines, ${Number(rows.entries).toLocaleString('en')} ledger entries (${Math.round(rowsPerS).toLocaleString('en')} rows/s)`)
console.log(`raw COPY of the same rows (median of ${BOUND_RUNS}): bills ${raw.bills.toFixed(2)} s, bill_lines ${raw.lines.toFixed(2)} s, ledger_entries ${raw.entries.toFixed(2)} s (${Math.round(copyPerS).toLocaleString('en')} rows/s)`)
console.log(`constrained COPY (indexes, checks, exclusion, foreign keys): bills ${held.bills.toFixed(2)} s, bill_lines ${held.lines.toFixed(2)} s, ledger_entries ${held.entries.toFixed(2)} s ` +
  `(${Math.round(heldPerS).toLocaleString('en')} rows/s, ${(heldPerS / copyPerS * 100).toFixed(1)}% of raw); the run wrote at ${(rowsPerS / heldPerS * 100).toFixed(1)}% of it`)
console.log(`RESULT points=${POINTS} history_years=${HISTORY_YEARS} per_month=${PER_MONTH} points_per_s=${Math.round(POINTS / wall)} rows_per_s=${Math.round(rowsPerS)} ` +
  `copy_rows_per_s=${Math.round(copyPerS)} ratio_to_copy=${(rowsPerS / copyPerS * 100).toFixed(1)}% constrained_copy_rows_per_s=${Math.round(heldPerS)} ratio_to_constrained=${(rowsPerS / heldPerS * 100).toFixed(1)}% peak_rss_mb=${Math.round(peakRss / 1048576)} rss_before_mb=${Math.round(rssBefore / 1048576)} ` +
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
