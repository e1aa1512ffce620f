// Consumption under load (issue 12 §2): autocannon on loopback against
// GET /v1/accounts/:id/consumption?preset=1y&granularity=month — a customer
// with four utilities (water, electricity, district heating, solar) and two
// years of readings, a year by month beside the year earlier — and against
// GET /v1/accounts/:id/balance of the same accounts, in the same run, same
// app, same pool. Target: consumption ≥ 50% of the balance route's req/s.
// Consumption is measured twice a round: cold (every answer computed: the
// answer cache off) and warm (answers remembered, answer-cache.ts; a warm
// load starts empty when it follows a cold one, and its hit rate is printed).
// The order of the three rotates; the figures are medians over the rounds.
// Readings: monthly, as the Swedish demo tenant's (se-municipal.ts: telemetry
// and reported readings on the 1st); BENCH_DAILY=1 reads electricity, heat
// and solar daily instead (telemetry), for the heavier case.
// The app's clock is pinned (BENCH_TODAY): the preset year is the same on any day.
// Run: npm run bench:consumption  (BENCH_PROFILE=out.cpuprofile profiles one cold consumption load instead, BENCH_PROFILE_WARM=1 a warm one; BENCH_SECONDS, BENCH_ROUNDS, BENCH_ACCOUNTS, BENCH_CONNECTIONS, BENCH_POOL, BENCH_DAILY; DATABASE_URL)
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { buildApp } from '../src/app.ts'
import { fixedClock } from '../src/app/clock.ts'
import { createApiKey } from '../src/app/auth/api-keys.ts'
import { createTenant } from '../src/app/tenants/tenants.ts'
import { createDb, createPool, ensureDatabase } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { benchServer } from './fixtures/bench-server.ts'
import { postgresCpu } from './fixtures/postgres-cpu.ts'
import { profiled } from './fixtures/cpu-profile.ts'
import { consumptionCacheOf } from '../src/app/consumption/answer-cache.ts'
import { median } from './fixtures/median.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 2_000)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32)
const POOL = Number(process.env.BENCH_POOL ?? 10)
const DAILY = process.env.BENCH_DAILY === '1'
const TODAY = process.env.BENCH_TODAY ?? '2026-11-25'

interface Result { requests: { average: number }; latency: { p50: number; p99: number; average: number }; non2xx: number; errors: number }
type Autocannon = (opts: Record<string, unknown>) => Promise<Result>

if (process.env.BENCH_ROLE === 'load') {
  const autocannonModule = 'autocannon'
  const autocannon = (await import(autocannonModule)).default as Autocannon
  process.on('message', async (m: { base: string; prefix: string; suffix: string; ids: string[]; headers: Record<string, string>; seconds: number; connections: number }) => {
    let i = 0
    const r = await autocannon({ url: m.base, connections: m.connections, duration: m.seconds, headers: m.headers,
      requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `${m.prefix}${m.ids[i++ % m.ids.length]}${m.suffix}` }) }] })
    process.send!({ requests: r.requests, latency: r.latency, non2xx: r.non2xx, errors: r.errors })
  })
  await new Promise(() => {})
}

const server = await benchServer()
const url = await ensureDatabase(server.url, `bench_consumption_${process.pid.toString(36)}_${process.hrtime.bigint().toString(36)}`)
const pool = createPool(url, POOL)
const db = createDb(pool)
await migrateToLatest(db)

const tenant = await createTenant(db, { name: 'Bench kommun', currency: 'SEK', minorUnits: 2, timeZone: 'Europe/Stockholm', calendar: 'gregorian',
  locale: 'sv-SE', billingPeriodMonths: 1, policy: {} })
const t = tenant.id
const { apiKey } = await createApiKey(db, t, 'bench', ['portal'])

const loadStarted = process.hrtime.bigint()
for (const q of [
  sql`insert into customers (tenant_id, customer_id, kind, name) select ${t}, gen_random_uuid(), 'person', 'Kund ' || i from generate_series(1, ${ACCOUNTS}) i`,
  sql`insert into premises (tenant_id, premises_id, customer_id, kind, address) select tenant_id, gen_random_uuid(), customer_id, 'house', 'Arvikagatan ' || name from customers where tenant_id = ${t}`,
  sql`insert into accounts (tenant_id, account_id, customer_id, premises_id, kind, number, owner_surname, usage_type, opened_on)
    select tenant_id, gen_random_uuid(), customer_id, premises_id, 'residential', 'SE-' || address, 'Andersson', 'residential', '2020-01-01' from premises where tenant_id = ${t}`,
  sql`insert into service_points (tenant_id, service_point_id, account_id, premises_id, resource, usage_type, unit)
    select a.tenant_id, gen_random_uuid(), a.account_id, a.premises_id, u.resource, 'residential', u.unit from accounts a,
      (values ('cold_water', 'm3'), ('electricity', 'kWh'), ('district_heating', 'MWh'), ('solar_production', 'kWh')) u(resource, unit) where a.tenant_id = ${t}`,
  sql`insert into meters (tenant_id, meter_id, service_point_id, serial, digits, decimals)
    select tenant_id, gen_random_uuid(), service_point_id, 'M' || left(service_point_id::text, 8), 7, case when resource = 'district_heating' then 3 else 1 end
    from service_points where tenant_id = ${t}`,
  sql`insert into meter_events (tenant_id, event_id, meter_id, kind, occurred_on, meter_index)
    select tenant_id, gen_random_uuid(), meter_id, 'commissioned', '2024-10-01', 0 from meters where tenant_id = ${t}`,
]) await q.execute(db)
// Readings from 1 Nov 2024 to today: monthly on the 1st (all), or daily for the energy meters; the index grows by a month's share.
const daily = DAILY ? `sp.resource <> 'cold_water'` : 'false'
await sql`
  insert into readings (tenant_id, meter_id, read_at, kind, value, source, status, reasons)
  select m.tenant_id, m.meter_id, (d::date + time '08:00') at time zone 'Europe/Stockholm', 'index',
    round(((d::date - date '2024-10-01') * case sp.resource when 'cold_water' then 0.4 when 'electricity' then 30 when 'district_heating' then 0.05 else 20 end
      * (0.8 + 0.4 * abs(sin(d::date - date '2024-10-01'))))::numeric, 1), 'telemetry', 'accepted', '{}'
  from meters m join service_points sp on sp.tenant_id = m.tenant_id and sp.service_point_id = m.service_point_id,
    generate_series(date '2024-11-01', ${TODAY}::date, interval '1 day') d
  where m.tenant_id = ${t} and (extract(day from d) = 1 or ${sql.raw(daily)})
`.execute(db)
// Balances and a bill each, as bench:balance has them.
await sql`insert into bills (tenant_id, bill_id, account_id, period_start, period_end, number, issued_on, due_on, currency, charges, payable, paid)
    select tenant_id, gen_random_uuid(), account_id, '2026-10-01', '2026-11-01', 'BB-' || number, '2026-11-01', '2026-11-15', 'SEK', 1234.56, 1234.56, 0 from accounts where tenant_id = ${t}`.execute(db)
await sql`insert into account_balances (tenant_id, account_id, balance, last_bill_id) select tenant_id, account_id, payable - paid, bill_id from bills where tenant_id = ${t}`.execute(db)
// vacuumed as autovacuum keeps a steady table: index-only scans of readings need its visibility map
await sql`vacuum analyze`.execute(db)
const readings = (await sql<{ n: string }>`select count(*)::text as n from readings where tenant_id = ${t}`.execute(db)).rows[0]!.n
console.log(`loaded ${ACCOUNTS} customers × 4 utilities, ${readings} readings in ${(Number(process.hrtime.bigint() - loadStarted) / 1e9).toFixed(1)} s`)
const ids = (await sql<{ id: string }>`select account_id as id from accounts where tenant_id = ${t}`.execute(db)).rows.map((r) => r.id)

const app = await buildApp({ db, clock: fixedClock(`${TODAY}T12:00:00Z`), config: { LOG_LEVEL: 'warn', BODY_LIMIT_BYTES: 1_048_576, BULK_BODY_LIMIT_BYTES: 1_048_576,
  RATE_LIMIT_AUTH_FAILURES: 0, RATE_LIMIT_COSTLY: 0 } })
await app.listen({ host: '127.0.0.1', port: 0 })
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
const auth = { authorization: `Bearer ${apiKey}` }
const CONSUMPTION = '/consumption?preset=1y&granularity=month'

/** The database server's CPU (µs), live and reaped backends (fixtures/postgres-cpu.ts). */
const pgCpu = await postgresCpu(db)

const loader = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, BENCH_ROLE: 'load' } })
/** One load; also this process's CPU per request (the app's side, steadier than req/s on a shared machine). */
async function load(suffix: string, seconds: number): Promise<Result & { cpuUsPerRequest: number; pgUsPerRequest: number }> {
  const cpu = process.cpuUsage()
  const pg0 = pgCpu()
  const r = await new Promise<Result>((resolve) => {
    loader.once('message', (m) => resolve(m as Result))
    loader.send({ base, prefix: '/v1/accounts/', suffix, ids, headers: auth, seconds, connections: CONNECTIONS })
  })
  const used = process.cpuUsage(cpu)
  const n = Math.max(1, r.requests.average * seconds)
  return { ...r, cpuUsPerRequest: (used.user + used.system) / n, pgUsPerRequest: (pgCpu() - pg0) / n }
}

const sample = await fetch(`${base}/v1/accounts/${ids[0]}${CONSUMPTION}`, { headers: auth })
const sampleText = await sample.text()
const body = JSON.parse(sampleText) as { series: { utility: string; unit: string; values: unknown[]; totals: unknown }[] }
console.log(`sample ${sample.status}, ${Buffer.byteLength(sampleText)} bytes: ${body.series.map((s) => `${s.utility} ${s.values.length} buckets ${JSON.stringify(s.totals)} ${s.unit}`).join('; ')}`)
await load(CONSUMPTION, 2) // warm-up
await load('/balance', 2)

// BENCH_PROFILE=path: a CPU profile (node:inspector) of this process over one consumption load, then exit
if (process.env.BENCH_PROFILE) {
  // the computation, not the memory (BENCH_PROFILE_WARM=1 profiles remembered answers)
  consumptionCacheOf(db).setMaxEntries(process.env.BENCH_PROFILE_WARM === '1' ? ACCOUNTS * 2 : 0)
  const r = await profiled(process.env.BENCH_PROFILE, () => load(CONSUMPTION, SECONDS))
  console.log(`profiled ${r.requests.average.toFixed(0)} req/s, ${r.cpuUsPerRequest.toFixed(0)} µs CPU per request -> ${process.env.BENCH_PROFILE}`)
  loader.kill(); await app.close(); await db.destroy(); await server.stop(); process.exit(0)
}

// Cold: every answer computed (the cache off); warm: answers remembered
// (answer-cache.ts), as a portal's repeated views are served. Both beside the
// balance route in the same round; the order rotates every round.
const answers = consumptionCacheOf(db)
const cold = () => { answers.setMaxEntries(0) }
const warm = () => { answers.setMaxEntries(ACCOUNTS * 2) }
type Load = Awaited<ReturnType<typeof load>>
const rounds: { balance: Load; cold: Load; warm: Load; hitRate: number }[] = []
for (let r = 0; r < ROUNDS; r++) {
  const order = (['balance', 'cold', 'warm'] as const).map((_, i, a) => a[(i + r) % 3]!)
  const got: Partial<Record<'balance' | 'cold' | 'warm', Load>> = {}
  let hitRate = 0
  for (const which of order) {
    if (which === 'balance') { got.balance = await load('/balance', SECONDS); continue }
    if (which === 'cold') { cold(); got.cold = await load(CONSUMPTION, SECONDS); continue }
    warm()
    const [h, m] = [answers.hits, answers.misses]
    got.warm = await load(CONSUMPTION, SECONDS)
    hitRate = (answers.hits - h) / Math.max(1, answers.hits - h + answers.misses - m)
  }
  const { balance, cold: c, warm: w } = got as Record<'balance' | 'cold' | 'warm', Load>
  rounds.push({ balance, cold: c, warm: w, hitRate })
  console.log(`round ${r + 1} (${order.join(', ')}): balance ${balance.requests.average.toFixed(0)} req/s (p99 ${balance.latency.p99} ms), `
    + `consumption cold ${c.requests.average.toFixed(0)} req/s (p99 ${c.latency.p99} ms, non-2xx ${c.non2xx}, errors ${c.errors}) ${(100 * c.requests.average / balance.requests.average).toFixed(1)}%, `
    + `warm ${w.requests.average.toFixed(0)} req/s (p99 ${w.latency.p99} ms, non-2xx ${w.non2xx}, hits ${(100 * hitRate).toFixed(1)}%) ${(100 * w.requests.average / balance.requests.average).toFixed(1)}%`)
}
const med = (f: (r: (typeof rounds)[number]) => number) => median(rounds.map(f))
const coldRatio = med((r) => r.cold.requests.average / r.balance.requests.average)
const warmRatio = med((r) => r.warm.requests.average / r.balance.requests.average)
console.log(`\n${ACCOUNTS} customers, readings ${DAILY ? 'daily (energy) + monthly (water)' : 'monthly'}, ${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} rounds, pool ${POOL}, node ${process.version}`)
console.log(`median GET /v1/accounts/:id/balance       ${med((r) => r.balance.requests.average).toFixed(0).padStart(7)} req/s   p99 ${med((r) => r.balance.latency.p99)} ms`)
console.log(`median GET /v1/accounts/:id${CONSUMPTION}  cold ${med((r) => r.cold.requests.average).toFixed(0).padStart(7)} req/s   p99 ${med((r) => r.cold.latency.p99)} ms`)
console.log(`median GET /v1/accounts/:id${CONSUMPTION}  warm ${med((r) => r.warm.requests.average).toFixed(0).padStart(7)} req/s   p99 ${med((r) => r.warm.latency.p99)} ms   hits ${(100 * med((r) => r.hitRate)).toFixed(1)}%`)
console.log(`median app CPU per request: balance ${med((r) => r.balance.cpuUsPerRequest).toFixed(0)} µs, consumption cold ${med((r) => r.cold.cpuUsPerRequest).toFixed(0)} µs, warm ${med((r) => r.warm.cpuUsPerRequest).toFixed(0)} µs`)
console.log(`median database CPU per request: balance ${med((r) => r.balance.pgUsPerRequest).toFixed(0)} µs, consumption cold ${med((r) => r.cold.pgUsPerRequest).toFixed(0)} µs, warm ${med((r) => r.warm.pgUsPerRequest).toFixed(0)} µs`)
console.log(`median ratio cold ${(coldRatio * 100).toFixed(1)}%, warm ${(warmRatio * 100).toFixed(1)}% of the balance route (target ≥ 50%): ${warmRatio >= 0.5 ? 'met warm' : 'NOT met warm'}, ${coldRatio >= 0.5 ? 'met cold' : 'NOT met cold'}`)

loader.kill()
await app.close()
await db.destroy()
await server.stop()
