// The balance endpoint under load (issue 4 §5): autocannon on loopback against
// GET /v1/accounts/:id/balance (the real app: auth, scope check, zod, one SQL
// query), then against a bare Fastify route doing one primary-key SELECT with
// pg on the same database, in the same run. Target: ≥ 80% of the baseline's
// requests/s, p99 ≤ 15 ms. Plain script: prints figures, asserts nothing.
// autocannon runs in a child process so the load generator does not share the
// servers' event loop (both servers live in this process).
// Issue 13: the bare route runs in every round beside the API key; the ratio is the median of the rounds'.
// Issue 10: the same route with customer access tokens (1,000 customers, each
// reading its own account), as a ratio to the API-key figure of the same run
// (target ≥ 90%), the two alternating BENCH_PAIRS times (medians reported).
// Run: npm run bench:balance   (BENCH_PROFILE=out profiles this process over one API-key load and one bare load instead, to out-app.cpuprofile and out-bare.cpuprofile; BENCH_SECONDS, BENCH_PAIRS, BENCH_ACCOUNTS, BENCH_CUSTOMERS, BENCH_CONNECTIONS, BENCH_POOL; DATABASE_URL to use a server)
import { systemClock } from '../src/app/clock.ts'
import path from 'node:path'
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import { sql } from 'kysely'
import { buildApp } from '../src/app.ts'
import { createApiKey } from '../src/app/auth/api-keys.ts'
import { signAccessToken } from '../src/app/customer-auth/signing-keys.ts'
import { randomUUID } from 'node:crypto'
import { createTenant } from '../src/app/tenants/tenants.ts'
import { createDb, createPool, ensureDatabase } from '../src/db/database.ts'
import { benchServer } from './fixtures/bench-server.ts'
import { postgresCpu } from './fixtures/postgres-cpu.ts'
import { profiled } from './fixtures/cpu-profile.ts'
import { migrateToLatest } from '../src/db/migrate.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10_000)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32)
// One pool size for both servers (the app's pool and the baseline's), so they
// get the same number of Postgres connections for the same load.
const POOL = Number(process.env.BENCH_POOL ?? 10)

interface Result { requests: { average: number; total: number }; latency: { p50: number; p99: number; average: number }; non2xx: number; errors: number
  /** this (server) process's CPU per answered request, µs: steadier than req/s on a shared machine */
  cpuUs?: number
  /** the database server's CPU per answered request, µs (its backends, from /proc; 0 where there is none) */
  pgUs?: number }
type Autocannon = (opts: Record<string, unknown>) => Promise<Result>

/** The load generator's side: one autocannon run, asked for and answered over IPC. */
if (process.env.BENCH_ROLE === 'load') {
  // autocannon ships no types; the specifier is a variable so tsc does not look for them.
  const autocannonModule = 'autocannon'
  const autocannon = (await import(autocannonModule)).default as Autocannon
  process.on('message', async (m: { base: string; prefix: string; suffix: string; ids: string[]; tokens?: string[]; headers: Record<string, string>; seconds: number; connections: number }) => {
    let i = 0
    // With tokens: request n is made by customer n with its own account (ids[n], tokens[n]).
    const r = await autocannon({ url: m.base, connections: m.connections, duration: m.seconds, headers: m.headers,
      requests: [{ setupRequest: (req: Record<string, unknown>) => {
        const n = i++ % m.ids.length
        return { ...req, path: `${m.prefix}${m.ids[n]}${m.suffix}`,
          ...(m.tokens ? { headers: { ...(req.headers as object), authorization: `Bearer ${m.tokens[n]}` } } : {}) }
      } }] })
    process.send!({ requests: r.requests, latency: r.latency, non2xx: r.non2xx, errors: r.errors })
  })
  await new Promise(() => {})
}

const server = await benchServer()
const serverUrl = server.url
const url = await ensureDatabase(serverUrl, `bench_balance_${Date.now().toString(36)}`)
const appPool = createPool(url, POOL)
const db = createDb(appPool)
await migrateToLatest(db)

const tenant = await createTenant(db, { name: 'Bench water', currency: 'RUB', minorUnits: 2, timeZone: 'Asia/Irkutsk', calendar: 'gregorian',
  locale: 'ru-RU', billingPeriodMonths: 1, policy: {} })
const { apiKey } = await createApiKey(db, tenant.id, 'bench', ['portal'])
// Accounts, each with a bill (half of them paid), its charge and a balance.
await sql`
  insert into customers (tenant_id, customer_id, kind, name) values (${tenant.id}, gen_random_uuid(), 'organization', 'Bench');
`.execute(db)
await sql`
  insert into accounts (tenant_id, account_id, customer_id, kind, number, contract_inn, usage_type, opened_on)
  select ${tenant.id}, gen_random_uuid(), c.customer_id, 'non_residential', 'B-' || i, '1234567894', 'non_residential', '2020-01-01'
  from customers c, generate_series(1, ${ACCOUNTS}) i where c.tenant_id = ${tenant.id};
`.execute(db)
await sql`
  insert into bills (tenant_id, bill_id, account_id, period_start, period_end, number, issued_on, due_on, currency, charges, payable, paid)
  select tenant_id, gen_random_uuid(), account_id, '2026-10-01', '2026-11-01', 'BB-' || number, '2026-11-01', '2026-11-15', 'RUB', 1234.56, 1234.56,
    case when random() < 0.5 then 1234.56 else 0 end
  from accounts where tenant_id = ${tenant.id}
`.execute(db)
await sql`
  insert into ledger_entries (tenant_id, account_id, kind, amount, booked_on, bill_id, description)
  select tenant_id, account_id, 'charge', payable, issued_on, bill_id, 'bill ' || number from bills where tenant_id = ${tenant.id}
`.execute(db)
await sql`
  insert into account_balances (tenant_id, account_id, balance, last_bill_id)
  select tenant_id, account_id, payable - paid, bill_id from bills where tenant_id = ${tenant.id}
`.execute(db)
await sql`analyze`.execute(db)
const ids = (await sql<{ id: string }>`select account_id as id from accounts where tenant_id = ${tenant.id}`.execute(db)).rows.map((r) => r.id)

// Customers (issue 10 §2, §4): CUSTOMERS customer users, each signed in (one session) with one linked account of its own;
// the customer run cycles through them, each asking for its own account's balance with its own access token.
const CUSTOMERS = Math.min(Number(process.env.BENCH_CUSTOMERS ?? 1_000), ids.length)
const customerIds = ids.slice(0, CUSTOMERS)
await sql`
  insert into customer_users (tenant_id, customer_user_id, kind, name, email, phone, password_hash, email_confirmed_at, phone_confirmed_at)
  select ${tenant.id}, gen_random_uuid(), 'person', 'Bench ' || i, 'bench' || i || '@example.org', '+4670' || lpad(i::text, 7, '0'), 'x', now(), now()
  from generate_series(1, ${CUSTOMERS}) i
`.execute(db)
const users = (await sql<{ id: string }>`select customer_user_id as id from customer_users where tenant_id = ${tenant.id} order by email`.execute(db)).rows.map((r) => r.id)
const tokens: string[] = []
for (const [n, userId] of users.entries()) {
  const sessionId = randomUUID()
  await db.insertInto('customerSessions').values({ tenantId: tenant.id, sessionId, customerUserId: userId, revokedAt: null, revokedReason: null }).execute()
  await db.insertInto('customerAccountLinks').values({ tenantId: tenant.id, customerUserId: userId, accountId: customerIds[n]!, role: 'manage', via: 'link' }).execute()
  tokens.push((await signAccessToken(db, { tenantId: tenant.id, customerUserId: userId, sessionId }, systemClock)).token)
}
await sql`analyze`.execute(db)

const app = await buildApp({ db, clock: systemClock, config: { LOG_LEVEL: 'warn', BODY_LIMIT_BYTES: 1_048_576, BULK_BODY_LIMIT_BYTES: 1_048_576 } })
await app.listen({ host: '127.0.0.1', port: 0 })
const appBase = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`

// The baseline: a bare Fastify route, one primary-key SELECT with pg, same database, same pool size.
const basePool = createPool(url, POOL)
const bare = Fastify()
bare.get<{ Params: { id: string } }>('/balance/:id', async (req) => {
  const r = await basePool.query('select account_id, balance from account_balances where tenant_id = $1 and account_id = $2', [tenant.id, req.params.id])
  return r.rows[0]
})
await bare.listen({ host: '127.0.0.1', port: 0 })
const bareBase = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`

/** The database server's CPU (µs), live and reaped backends (fixtures/postgres-cpu.ts). */
const pgCpu = await postgresCpu(db)

const loader = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, BENCH_ROLE: 'load' } })
async function load(base: string, pathOf: (id: string) => string, headers: Record<string, string>, seconds: number, asCustomers = false): Promise<Result> {
  const [prefix, suffix] = pathOf('\u0000').split('\u0000') as [string, string]
  const cpu = process.cpuUsage()
  const pg0 = pgCpu()
  return new Promise((resolve) => {
    loader.once('message', (r) => {
      const used = process.cpuUsage(cpu)
      const res = r as Result
      const n = Math.max(1, res.requests.total)
      resolve({ ...res, cpuUs: (used.user + used.system) / n, pgUs: (pgCpu() - pg0) / n })
    })
    loader.send({ base, prefix, suffix, ids: asCustomers ? customerIds : ids, ...(asCustomers ? { tokens } : {}), headers, seconds, connections: CONNECTIONS })
  })
}

const sample = await fetch(`${appBase}/v1/accounts/${ids[0]}/balance`, { headers: { authorization: `Bearer ${apiKey}` } })
console.log(`sample ${sample.status}: ${await sample.text()}`)
const auth = { authorization: `Bearer ${apiKey}` }
const customerSample = await fetch(`${appBase}/v1/accounts/${customerIds[0]}/balance`, { headers: { authorization: `Bearer ${tokens[0]}` } })
console.log(`customer sample ${customerSample.status}`)
const foreign = await fetch(`${appBase}/v1/accounts/${customerIds[1]}/balance`, { headers: { authorization: `Bearer ${tokens[0]}` } })
if (foreign.status !== 404) throw new Error(`a customer reads another's balance: ${foreign.status}`)
await load(appBase, (id) => `/v1/accounts/${id}/balance`, auth, 2) // warm-up
await load(appBase, (id) => `/v1/accounts/${id}/balance`, {}, 2, true)
await load(bareBase, (id) => `/balance/${id}`, {}, 2)
// BENCH_PROFILE=prefix: a CPU profile (node:inspector) of this process over one API-key load of the real
// route and one load of the bare route (prefix-app.cpuprofile, prefix-bare.cpuprofile), then exit.
if (process.env.BENCH_PROFILE) {
  for (const [name, run] of [['app', () => load(appBase, (id) => `/v1/accounts/${id}/balance`, auth, SECONDS)], ['bare', () => load(bareBase, (id) => `/balance/${id}`, {}, SECONDS)]] as const) {
    const r = await profiled(`${process.env.BENCH_PROFILE}-${name}.cpuprofile`, run)
    console.log(`profiled ${name}: ${r.requests.average.toFixed(0)} req/s, ${r.cpuUs!.toFixed(0)} µs CPU per request (Postgres ${r.pgUs!.toFixed(0)} µs) -> ${process.env.BENCH_PROFILE}-${name}.cpuprofile`)
  }
  loader.kill(); await app.close(); await bare.close(); await db.destroy(); await basePool.end(); await server.stop(); process.exit(0)
}
// API key and customer tokens alternate PAIRS times (the shared machine's load drifts within a run); the median of each is reported.
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3)
const apiRuns: Result[] = []
const customerRuns: Result[] = []
// The bare route runs in every round too (issue 13), next to the API key: the machine's load drifts within a
// run, and one bare run at the end compared with the API key's median measured the drift as much as the route.
const baseRuns: Result[] = []
for (let p = 0; p < PAIRS; p++) {
  const first = p % 2 === 0
  if (first) baseRuns.push(await load(bareBase, (id) => `/balance/${id}`, {}, SECONDS))
  if (first) apiRuns.push(await load(appBase, (id) => `/v1/accounts/${id}/balance`, auth, SECONDS))
  customerRuns.push(await load(appBase, (id) => `/v1/accounts/${id}/balance`, {}, SECONDS, true))
  if (!first) apiRuns.push(await load(appBase, (id) => `/v1/accounts/${id}/balance`, auth, SECONDS))
  if (!first) baseRuns.push(await load(bareBase, (id) => `/balance/${id}`, {}, SECONDS))
}
const median = (runs: Result[]) => [...runs].sort((a, b) => a.requests.average - b.requests.average)[Math.floor(runs.length / 2)]!
const api = median(apiRuns)
const customers = median(customerRuns)
const base = median(baseRuns)
/** API key ÷ bare in each round (the two run back to back), and their median */
const roundRatios = apiRuns.map((r, i) => r.requests.average / baseRuns[i]!.requests.average)
const medianRoundRatio = [...roundRatios].sort((a, b) => a - b)[Math.floor(roundRatios.length / 2)]!

const row = (name: string, r: Result) => `${name.padEnd(36)} ${r.requests.average.toFixed(0).padStart(8)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms   non-2xx ${r.non2xx}  errors ${r.errors}   server CPU ${r.cpuUs!.toFixed(0)} µs/req, Postgres ${r.pgUs!.toFixed(0)} µs/req`
console.log(`\n${ACCOUNTS} accounts, ${CONNECTIONS} connections, ${SECONDS} s each, pool ${POOL}, node ${process.version}`)
for (const [n, r] of apiRuns.entries()) console.log(row(`  API key, run ${n + 1}`, r))
for (const [n, r] of customerRuns.entries()) console.log(row(`  customer tokens, run ${n + 1}`, r))
console.log(row('GET /v1/accounts/:id/balance (median)', api))
console.log(row(`  the same, ${CUSTOMERS} customer tokens (median)`, customers))
for (const [n, r] of baseRuns.entries()) console.log(row(`  bare, run ${n + 1}`, r))
console.log(row('bare Fastify + pg primary-key SELECT (median)', base))
const ratio = api.requests.average / base.requests.average
console.log(`ratio ${(ratio * 100).toFixed(1)}% of baseline by the medians; rounds ${roundRatios.map((x) => `${(x * 100).toFixed(1)}%`).join(', ')}, `
  + `median of rounds ${(medianRoundRatio * 100).toFixed(1)}% (target ≥ 80%), p99 ${api.latency.p99} ms (target ≤ 15 ms): ${medianRoundRatio >= 0.8 && api.latency.p99 <= 15 ? 'met' : 'NOT met'}`)
const customerRatio = customers.requests.average / api.requests.average
const cpuMedian = (runs: Result[]) => [...runs].map((r) => r.cpuUs!).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!
console.log(`customer tokens ${(customerRatio * 100).toFixed(1)}% of the API-key figure by req/s, medians of ${PAIRS} alternating runs (issue 10: ≥ 90%): ${customerRatio >= 0.9 ? 'met' : 'NOT met'}; `
  + `server CPU per request ${cpuMedian(customerRuns).toFixed(0)} vs ${cpuMedian(apiRuns).toFixed(0)} µs (API key = ${(cpuMedian(apiRuns) / cpuMedian(customerRuns) * 100).toFixed(1)}% of the customer's)`)

loader.kill()
await app.close()
await bare.close()
await db.destroy()
await basePool.end()
await server.stop()
