// The balance endpoint under load (issue 4 §5): autocannon on loopback against
// GET /v1/accounts/:id/balance (the real app: auth, scope check, zod, one SQL
// query), then against a bare Fastify route doing one primary-key SELECT with
// pg on the same database, in the same run. Target: ≥ 80% of the baseline's
// requests/s, p99 ≤ 15 ms. Plain script: prints figures, asserts nothing.
// autocannon runs in a child process so the load generator does not share the
// servers' event loop (both servers live in this process).
// Run: npm run bench:balance   (BENCH_SECONDS, BENCH_ACCOUNTS, BENCH_CONNECTIONS, BENCH_POOL; DATABASE_URL to use a server)
import { systemClock } from '../src/app/clock.ts'
import path from 'node:path'
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import { sql } from 'kysely'
import { buildApp } from '../src/app.ts'
import { createApiKey } from '../src/app/auth/api-keys.ts'
import { createTenant } from '../src/app/tenants/tenants.ts'
import { createDb, createPool, ensureDatabase } from '../src/db/database.ts'
import { benchServer } from './fixtures/bench-server.ts'
import { migrateToLatest } from '../src/db/migrate.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10_000)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32)
// One pool size for both servers (the app's pool and the baseline's), so they
// get the same number of Postgres connections for the same load.
const POOL = Number(process.env.BENCH_POOL ?? 10)

interface Result { requests: { average: number }; latency: { p50: number; p99: number; average: number }; non2xx: number; errors: number }
type Autocannon = (opts: Record<string, unknown>) => Promise<Result>

/** The load generator's side: one autocannon run, asked for and answered over IPC. */
if (process.env.BENCH_ROLE === 'load') {
  // autocannon ships no types; the specifier is a variable so tsc does not look for them.
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

const loader = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, BENCH_ROLE: 'load' } })
async function load(base: string, pathOf: (id: string) => string, headers: Record<string, string>, seconds: number): Promise<Result> {
  const [prefix, suffix] = pathOf('\u0000').split('\u0000') as [string, string]
  return new Promise((resolve) => {
    loader.once('message', (r) => resolve(r as Result))
    loader.send({ base, prefix, suffix, ids, headers, seconds, connections: CONNECTIONS })
  })
}

const sample = await fetch(`${appBase}/v1/accounts/${ids[0]}/balance`, { headers: { authorization: `Bearer ${apiKey}` } })
console.log(`sample ${sample.status}: ${await sample.text()}`)
const auth = { authorization: `Bearer ${apiKey}` }
await load(appBase, (id) => `/v1/accounts/${id}/balance`, auth, 2) // warm-up
await load(bareBase, (id) => `/balance/${id}`, {}, 2)
const api = await load(appBase, (id) => `/v1/accounts/${id}/balance`, auth, SECONDS)
const base = await load(bareBase, (id) => `/balance/${id}`, {}, SECONDS)

const row = (name: string, r: Result) => `${name.padEnd(36)} ${r.requests.average.toFixed(0).padStart(8)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms   non-2xx ${r.non2xx}  errors ${r.errors}`
console.log(`\n${ACCOUNTS} accounts, ${CONNECTIONS} connections, ${SECONDS} s each, pool ${POOL}, node ${process.version}`)
console.log(row('GET /v1/accounts/:id/balance', api))
console.log(row('bare Fastify + pg primary-key SELECT', base))
const ratio = api.requests.average / base.requests.average
console.log(`ratio ${(ratio * 100).toFixed(1)}% of baseline (target ≥ 80%), p99 ${api.latency.p99} ms (target ≤ 15 ms): ${ratio >= 0.8 && api.latency.p99 <= 15 ? 'met' : 'NOT met'}`)

loader.kill()
await app.close()
await bare.close()
await db.destroy()
await basePool.end()
await server.stop()
