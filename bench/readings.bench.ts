// Bulk readings end to end (issue 2 §5): the real HTTP server, NDJSON bodies
// of 100,000 rows, validation and storage; after each request, raw COPY of
// its rows into a scratch copy of the table, as the ceiling to compare with.
// Plain script: prints figures, asserts nothing.
// Run: npm run bench:readings   (BENCH_ROWS=200000 for a shorter run; DATABASE_URL to use a server;
// BENCH_PROFILE=out.cpuprofile: a CPU profile (node:inspector) of this process over the requests only)
import { systemClock } from '../src/app/clock.ts'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { sql } from 'kysely'
import { buildApp } from '../src/app.ts'
import { createApiKey } from '../src/app/auth/api-keys.ts'
import { createTenant } from '../src/app/tenants/tenants.ts'
import { createDb, createPool, ensureDatabase } from '../src/db/database.ts'
import { benchServer } from './fixtures/bench-server.ts'
import { migrateToLatest } from '../src/db/migrate.ts'

const TOTAL = Number(process.env.BENCH_ROWS ?? 1_000_000)
const PER_REQUEST = Math.min(100_000, TOTAL)
const METERS = Number(process.env.BENCH_METERS ?? 20_000)

const server = await benchServer()
const serverUrl = server.url
const dbName = `bench_readings_${Date.now().toString(36)}`
const url = await ensureDatabase(serverUrl, dbName)
const pool = createPool(url, 10)
const db = createDb(pool)
await migrateToLatest(db)

const tenant = await createTenant(db, { name: 'Bench water', currency: 'IRR', minorUnits: 0, timeZone: 'Asia/Tehran', calendar: 'gregorian',
  locale: 'fa-IR', billingPeriodMonths: 2, policy: {} })
const { apiKey } = await createApiKey(db, tenant.id, 'bench', ['accounting'])
await sql`
  insert into customers (tenant_id, customer_id, kind, name) values (${tenant.id}, gen_random_uuid(), 'organization', 'Bench');
`.execute(db)
await sql`
  insert into accounts (tenant_id, account_id, customer_id, kind, number, contract_inn, usage_type, opened_on)
  select ${tenant.id}, gen_random_uuid(), customer_id, 'non_residential', 'B-1', '1234567894', 'non_residential', '2020-01-01' from customers where tenant_id = ${tenant.id};
`.execute(db)
await sql`
  insert into service_points (tenant_id, service_point_id, account_id, resource, usage_type, unit)
  select ${tenant.id}, gen_random_uuid(), account_id, 'cold_water', 'non_residential', 'm3' from accounts where tenant_id = ${tenant.id};
`.execute(db)
await sql`
  insert into meters (tenant_id, meter_id, service_point_id, serial, digits, decimals, max_flow_m3h)
  select ${tenant.id}, gen_random_uuid(), sp.service_point_id, 'B-' || i, 6, 0, 3 from service_points sp, generate_series(1, ${METERS}) i
  where sp.tenant_id = ${tenant.id};
`.execute(db)
const meterIds = (await sql<{ id: string }>`select meter_id as id from meters where tenant_id = ${tenant.id} order by serial`.execute(db)).rows.map((r) => r.id)

const app = await buildApp({ db, clock: systemClock, config: { LOG_LEVEL: 'warn', BODY_LIMIT_BYTES: 1_048_576, BULK_BODY_LIMIT_BYTES: 256 * 1_048_576 } })
await app.listen({ host: '127.0.0.1', port: 0 })
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`

/** Row i: meter i mod METERS, one reading a day, 1–3 m³ a day. */
function row(i: number): { meterId: string; readAt: string; index: string } {
  const meter = i % METERS
  const day = Math.floor(i / METERS)
  const readAt = new Date(Date.UTC(2025, 0, 1 + day, 8)).toISOString()
  return { meterId: meterIds[meter]!, readAt, index: String(1000 + day * 2 + (meter % 3 === 0 ? day % 2 : 0)) }
}

function ndjson(from: number, to: number): string {
  const parts: string[] = []
  for (let i = from; i < to; i++) {
    const r = row(i)
    parts.push(`{"meterId":"${r.meterId}","readAt":"${r.readAt}","index":"${r.index}","source":"accounting"}`)
  }
  return parts.join('\n') + '\n'
}

// The ceiling: COPY of the same rows into a scratch copy of readings: same
// columns, identity, checks and indexes (including all), and the same
// statement-level meter check, which LIKE does not copy and every stored
// reading pays for (migration 0009).
// Each request's rows are copied right after the request, so both figures
// see the same table sizes and the same machine load; the COPY text is built
// before its clock starts.
await sql`create table readings_scratch (like readings including all)`.execute(db)
await sql`create trigger readings_scratch_meter_exists after insert on readings_scratch referencing new table as new_rows for each statement execute function readings_meter_exists()`.execute(db)
const client = new pg.Client({ connectionString: url })
await client.connect()

function copyText(from: number, to: number): string {
  const lines: string[] = []
  for (let i = from; i < to; i++) {
    const r = row(i)
    lines.push(`${tenant.id}\t${r.meterId}\t${r.readAt}\tindex\t${r.index}\taccounting\taccepted\t{}`)
  }
  return lines.join('\n') + '\n'
}

console.log(`# bulk readings: ${TOTAL.toLocaleString('en')} rows, ${METERS.toLocaleString('en')} meters, ${PER_REQUEST.toLocaleString('en')} per request`)
let apiMs = 0
const profiler = process.env.BENCH_PROFILE ? new (await import('node:inspector/promises')).Session() : undefined
if (profiler) { profiler.connect(); await profiler.post('Profiler.enable') }
let apiCpuUs = 0
let copyMs = 0
const profiles: object[] = []
const counts = { accepted: 0, flagged: 0, rejected: 0, duplicate: 0 }
for (let from = 0; from < TOTAL; from += PER_REQUEST) {
  const to = Math.min(TOTAL, from + PER_REQUEST)
  const body = ndjson(from, to)
  if (profiler) await profiler.post('Profiler.start')
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  const res = await fetch(`${base}/v1/readings/bulk`, { method: 'POST', body, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/x-ndjson' } })
  const out = await res.json() as { counts: typeof counts }
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  if (profiler) profiles.push((await profiler.post('Profiler.stop')).profile)
  apiCpuUs += cpu.user + cpu.system
  apiMs += ms
  if (res.status !== 200) throw new Error(`bulk answered ${res.status}: ${JSON.stringify(out).slice(0, 500)}`)
  for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += out.counts[k]
  const text = copyText(from, to)
  const c0 = performance.now()
  await pipeline(Readable.from([text]), client.query(copyFrom('copy readings_scratch (tenant_id, meter_id, read_at, kind, value, source, status, reasons) from stdin')))
  const cms = performance.now() - c0
  copyMs += cms
  console.log(`  request ${from / PER_REQUEST + 1}: ${(ms / 1000).toFixed(2)} s, ${Math.round((to - from) / (ms / 1000)).toLocaleString('en')} rows/s`
    + ` (raw COPY of its rows: ${(cms / 1000).toFixed(2)} s, ${Math.round((to - from) / (cms / 1000)).toLocaleString('en')} rows/s)`)
}
const apiRate = TOTAL / (apiMs / 1000)
if (profiler) {
  // the last request's profile (a warm one); the others are kept beside it
  const { writeFileSync } = await import('node:fs')
  profiles.forEach((p, i) => writeFileSync(i === profiles.length - 1 ? process.env.BENCH_PROFILE! : `${process.env.BENCH_PROFILE}.${i + 1}`, JSON.stringify(p)))
  profiler.disconnect()
}

const copyRate = TOTAL / (copyMs / 1000)
await client.end()

const stored = Number((await sql<{ n: string }>`select count(*) as n from readings where tenant_id = ${tenant.id}`.execute(db)).rows[0]!.n)
console.log(`verdicts: ${JSON.stringify(counts)}, stored ${stored.toLocaleString('en')}`)
console.log(`bulk API:  ${Math.round(apiRate).toLocaleString('en')} readings/s (${(apiMs / 1000).toFixed(2)} s)`)
console.log(`API CPU:   ${(apiCpuUs / 1e6).toFixed(2)} s of this process's CPU (server and its client) during the requests: ${(apiCpuUs / TOTAL).toFixed(2)} µs a reading`)
console.log(`raw COPY:  ${Math.round(copyRate).toLocaleString('en')} readings/s (${(copyMs / 1000).toFixed(2)} s)`)
console.log(`ratio:     ${(100 * apiRate / copyRate).toFixed(1)}% of raw COPY`)
console.log(`peak RSS:  ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB (this process: server and client)`)

await app.close()
await db.destroy()
const admin = new pg.Client({ connectionString: serverUrl })
await admin.connect().then(() => admin.query(`drop database if exists ${dbName} with (force)`)).finally(() => admin.end())
await server.stop()
