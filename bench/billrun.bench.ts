// A bill run end to end (issue 4 §5): BENCH_POINTS service points (90%
// metered, 5% failed meter, 3% normative, 2% capacity) with 14 monthly
// readings each, billed by graphile-worker jobs in this process; then the raw
// COPY rate of the rows the run wrote (bills, bill_lines), in the same run.
// Plain script: prints figures, asserts nothing.
// Run: npm run bench:billrun   (BENCH_POINTS=100000 default; BENCH_WORKERS=4; BENCH_CHUNK=1000; DATABASE_URL to use a server)
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'
import { sql } from 'kysely'
import { createTenant } from '../src/app/tenants/tenants.ts'
import { createDb, createPool, ensureDatabase } from '../src/db/database.ts'
import { benchServer } from './fixtures/bench-server.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { getBillRun, startBillRun } from '../src/app/billing/bill-runs.ts'
import { createTariffVersion } from '../src/app/settlement-data/tariffs.ts'
import { createNorm } from '../src/app/settlement-data/norms.ts'
import { createCoefficient } from '../src/app/settlement-data/coefficients.ts'
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

const tenant = await createTenant(db, { name: 'Bench vodokanal', currency: 'RUB', minorUnits: 2, timeZone: 'UTC', calendar: 'gregorian',
  locale: 'ru-RU', billingPeriodMonths: 1, policy: {} })
const t = tenant.id
for (const usageType of ['residential', 'non_residential']) {
  await createTariffVersion(db, t, { service: 'cold_water', usageType, validFrom: '2025-01-01', validTo: null,
    definition: { volume: { line: 'cold_water', price: { shape: 'flat', rate: usageType === 'residential' ? '20.28' : '19.19' } } } })
}
await createNorm(db, t, { resource: 'cold_water', kind: 'per_person', validFrom: '2018-01-01', validTo: null, value: '6.36', months: null })
await createCoefficient(db, t, { resource: 'cold_water', validFrom: '2016-07-01', value: '1.5' })

const gen = Date.now()
// kind by i % 100: 0–89 metered, 90–94 failed meter, 95–97 normative, 98–99 capacity (unauthorized connection)
await sql`insert into customers (tenant_id, customer_id, kind, name) values (${t}, gen_random_uuid(), 'organization', 'Bench')`.execute(db)
await sql`
  insert into accounts (tenant_id, account_id, customer_id, kind, number, owner_surname, contract_inn, usage_type, opened_on)
  select ${t}, gen_random_uuid(), c.customer_id, case when i % 100 >= 98 then 'non_residential' else 'residential' end, 'B-' || i,
    case when i % 100 >= 98 then null else 'Bench' end, case when i % 100 >= 98 then '1234567894' end,
    case when i % 100 >= 98 then 'non_residential' else 'residential' end, '2020-01-01'
  from customers c, generate_series(0, ${POINTS - 1}) i where c.tenant_id = ${t}`.execute(db)
await sql`
  insert into service_points (tenant_id, service_point_id, account_id, code, resource, usage_type, unit, diameter_mm)
  select ${t}, gen_random_uuid(), account_id, substr(number, 3), 'cold_water', usage_type, 'm3', 15 from accounts where tenant_id = ${t}`.execute(db)
await sql`
  insert into meters (tenant_id, meter_id, service_point_id, serial, digits, decimals)
  select ${t}, gen_random_uuid(), service_point_id, 'M-' || code, 6, 3 from service_points where tenant_id = ${t} and code::int % 100 < 95`.execute(db)
await sql`
  insert into meter_events (tenant_id, event_id, meter_id, kind, occurred_on, meter_index)
  select ${t}, gen_random_uuid(), meter_id, 'commissioned', '2025-01-01', 0 from meters where tenant_id = ${t};
  `.execute(db)
await sql`
  insert into meter_events (tenant_id, event_id, meter_id, kind, occurred_on)
  select ${t}, gen_random_uuid(), m.meter_id, 'failed', '2026-09-20' from meters m where m.tenant_id = ${t} and substr(m.serial, 3)::int % 100 >= 90`.execute(db)
await sql`
  insert into readings (tenant_id, meter_id, read_at, kind, value, source, status)
  select ${t}, m.meter_id, (date '2025-09-30' + make_interval(months => k)) + time '12:00', 'index',
    (k + 1) * (5 + substr(m.serial, 3)::int % 7), 'portal', 'accepted'
  from meters m, generate_series(0, 13) k
  where m.tenant_id = ${t} and (substr(m.serial, 3)::int % 100 < 90 or k < 11)`.execute(db)
await sql`
  insert into residents (tenant_id, service_point_id, effective_from, residents)
  select ${t}, service_point_id, '2019-01-01', 3 from service_points where tenant_id = ${t} and code::int % 100 between 95 and 97`.execute(db)
await sql`
  insert into acts (tenant_id, act_id, kind, service_point_id, drawn_up_on, details)
  select ${t}, gen_random_uuid(), 'unauthorized_connection', service_point_id, '2026-10-01',
    '{"kind":"unauthorized_connection","from":"2026-10-01","to":null,"diameterMm":"15","selfReported":false,"network":"water"}'::jsonb
  from service_points where tenant_id = ${t} and code::int % 100 >= 98`.execute(db)
await sql`analyze`.execute(db)
const readings = (await sql<{ n: string }>`select count(*)::text as n from readings`.execute(db)).rows[0]!.n
console.log(`data: ${POINTS.toLocaleString('en')} service points, ${Number(readings).toLocaleString('en')} readings, generated in ${((Date.now() - gen) / 1000).toFixed(1)} s`)

let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss) }, 100)
const started = Date.now()
const { run } = await startBillRun(db, t, { periodStart: '2026-10-01' }, { chunkSize: CHUNK, today: '2026-11-05' })
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
