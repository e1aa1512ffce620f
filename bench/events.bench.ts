// The outbox's cost where it matters most: a bill-run chunk writes one
// bill.issued per bill (1,000 a chunk). Times emitEvents for chunks of 1,000
// bill-shaped events, each in its own transaction, next to a bare multi-row
// insert of the same rows into a table of the same shape without the txid
// default, the NOTIFY or the indexes; then the feed read back in pages of 500.
// Then a real bill run's slowdown from its events: identical tenants
// (bench/fixtures/billrun-tenant.ts) billed chunk by chunk in this process,
// with events and without (billChunk's bench-only `withoutEvents`), in
// alternating runs (on/off, off/on, …), median of each. Then webhook
// deliveries per second to a receiver on loopback, by graphile-worker in this
// process: one endpoint (deliveries are sequential per endpoint, in order),
// then four endpoints of one tenant.
// Plain script: prints figures, asserts nothing.
// Run: npm run bench:events   (BENCH_EVENT_CHUNKS=30; BENCH_EVENT_ACCOUNTS=3000, BENCH_EVENT_RUNS=3 a mode,
//      BENCH_EVENT_RUN_CHUNK=1000; BENCH_DELIVERIES=2000; DATABASE_URL to use a server)
import { performance } from 'node:perf_hooks'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { emitEvents, listEvents } from '../src/app/events/events.ts'
import type { NewEvent } from '../src/app/events/event-types.ts'
import { createDb, createPool, ensureDatabase } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { createTenant } from '../src/app/tenants/tenants.ts'
import { benchServer } from './fixtures/bench-server.ts'
import { seedBillRunTenant } from './fixtures/billrun-tenant.ts'
import { startBillRun } from '../src/app/billing/bill-runs.ts'
import { billChunk } from '../src/app/billing/bill-chunk.ts'
import { fixedClock, systemClock } from '../src/app/clock.ts'
import { createEndpoint } from '../src/app/webhooks/endpoints.ts'
import { DEFAULT_WEBHOOK_SETTINGS } from '../src/app/webhooks/deliver.ts'
import { installQueue, startWorkers } from '../src/jobs/queue.ts'

const CHUNKS = Number(process.env.BENCH_EVENT_CHUNKS ?? 30)
const PER_CHUNK = 1_000

const server = await benchServer()
const url = await ensureDatabase(server.url, `bench_events_${performance.timeOrigin.toString(36).replace('.', '')}`)
const pool = createPool(url, 10)
const db = createDb(pool)
await migrateToLatest(db)
await installQueue(pool)
const tenant = await createTenant(db, { name: 'Bench', currency: 'RUB', minorUnits: 2, timeZone: 'Asia/Irkutsk', calendar: 'gregorian', locale: 'ru-RU',
  billingPeriodMonths: 1, policy: {} })
await sql`create table bare_events (tenant_id uuid not null, event_id uuid not null, type text not null, object_type text not null,
  object_id text not null, payload jsonb not null, occurred_at timestamptz not null default now())`.execute(db)

const bareDb = db.withTables<{ bareEvents: { tenantId: string; eventId: string; type: string; objectType: string; objectId: string; payload: string } }>()

const chunk = (): NewEvent[] => Array.from({ length: PER_CHUNK }, (_, i) => {
  const billId = uuidv7()
  return { type: 'bill.issued', objectType: 'bill', objectId: billId, data: { billId, accountId: uuidv7(), kind: 'regular', number: `2026-${String(i).padStart(8, '0')}`,
    periodStart: '2026-10-01', periodEnd: '2026-11-01', issuedOn: '2026-11-05', dueOn: '2026-11-15', currency: 'RUB', charges: '773.88', payable: '773.88', billRunId: uuidv7() } }
})

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const outbox: number[] = []
const bare: number[] = []
for (let c = 0; c < CHUNKS; c++) {
  const a = chunk()
  let t0 = performance.now()
  await db.transaction().execute((trx) => emitEvents(trx, tenant.id, a))
  outbox.push(performance.now() - t0)
  const b = chunk().map((e) => ({ tenantId: tenant.id, eventId: uuidv7(), type: e.type, objectType: e.objectType, objectId: e.objectId, payload: JSON.stringify(e.data) }))
  t0 = performance.now()
  await bareDb.transaction().execute((trx) => trx.insertInto('bareEvents').values(b).execute())
  bare.push(performance.now() - t0)
}
console.log(`outbox: ${CHUNKS} transactions of ${PER_CHUNK} bill.issued events: median ${median(outbox).toFixed(1)} ms a chunk `
  + `(${Math.round(PER_CHUNK / median(outbox) * 1000).toLocaleString('en')} events/s), best ${Math.min(...outbox).toFixed(1)}, worst ${Math.max(...outbox).toFixed(1)}`)
console.log(`the same multi-row insert into a bare table (no txid, no NOTIFY, no index, no foreign key): median ${median(bare).toFixed(1)} ms a chunk`)

let after: string | undefined
let read = 0
const t0 = performance.now()
for (;;) {
  const page = await listEvents(db, tenant.id, { after, limit: 500 }, { admin: true })
  read += page.items.length
  after = page.nextCursor
  if (page.items.length < 500) break
}
const s = (performance.now() - t0) / 1000
console.log(`feed: ${read.toLocaleString('en')} events read in pages of 500 in ${s.toFixed(2)} s (${Math.round(read / s).toLocaleString('en')} events/s)`)

// --- a bill run with and without its events
const ACCOUNTS = Number(process.env.BENCH_EVENT_ACCOUNTS ?? 3_000)
const RUNS = Number(process.env.BENCH_EVENT_RUNS ?? 3)
const RUN_CHUNK = Number(process.env.BENCH_EVENT_RUN_CHUNK ?? 1_000)
const modes: boolean[] = [] // true: with events; pairs alternate which goes first (on/off, off/on, …) so drift falls on both
for (let i = 0; i < RUNS; i++) modes.push(...(i % 2 ? [false, true] : [true, false]))
modes.unshift(true) // run 0: a warm-up (JIT, caches), not counted
const tenants: string[] = []
for (let i = 0; i < modes.length; i++) tenants.push(await seedBillRunTenant(db, `Bench run ${i}`, ACCOUNTS, { capacityActs: true }))
await sql`analyze`.execute(db)
const timings = { on: [] as number[], off: [] as number[] }
for (let i = 0; i < modes.length; i++) {
  const withEvents = modes[i]!
  const tenantId = tenants[i]!
  const { run } = await startBillRun(db, tenantId, { periodStart: '2026-10-01' }, fixedClock('2026-11-05T12:00:00Z'), { chunkSize: RUN_CHUNK })
  const chunks = await db.selectFrom('billRunChunks').select('chunkNo').where('tenantId', '=', tenantId).where('billRunId', '=', run.id).orderBy('chunkNo').execute()
  const t0 = performance.now()
  for (const c of chunks) await billChunk(db, { tenantId, billRunId: run.id, chunkNo: c.chunkNo }, { withoutEvents: !withEvents })
  const ms = performance.now() - t0
  if (i > 0) (withEvents ? timings.on : timings.off).push(ms)
  const n = (await sql<{ bills: string; events: string }>`select (select count(*) from bills where tenant_id = ${tenantId})::text as bills,
    (select count(*) from events where tenant_id = ${tenantId} and type in ('bill.issued', 'bill_run.completed'))::text as events`.execute(db)).rows[0]!
  console.log(`  run ${i}${i ? '' : ' (warm-up)'} ${withEvents ? 'with   ' : 'without'} events: ${(ms / 1000).toFixed(2)} s, ${n.bills} bills, ${n.events} bill.issued/bill_run.completed events`)
}
const on = median(timings.on)
const off = median(timings.off)
console.log(`bill run of ${ACCOUNTS.toLocaleString('en')} accounts (chunks of ${RUN_CHUNK}, one chunk at a time): median with events ${(on / 1000).toFixed(2)} s, `
  + `without ${(off / 1000).toFixed(2)} s (${RUNS} runs each, alternating): events add ${((on / off - 1) * 100).toFixed(1)}% `
  + `(${((on - off) / ACCOUNTS).toFixed(3)} ms a bill; runs with events ${timings.on.map((x) => (x / 1000).toFixed(2)).join(', ')}; without ${timings.off.map((x) => (x / 1000).toFixed(2)).join(', ')})`)

// --- deliveries per second to a local receiver
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 2_000)
let received = 0
const receiver = http.createServer((req, res) => { req.resume(); req.on('end', () => { received++; res.writeHead(204).end() }) })
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
for (const endpoints of [1, 4]) {
  const d = await createTenant(db, { name: `Bench deliveries ${endpoints}`, currency: 'RUB', minorUnits: 2, timeZone: 'UTC', calendar: 'gregorian', locale: 'ru-RU',
    billingPeriodMonths: 1, policy: {} })
  for (let e = 0; e < endpoints; e++) await createEndpoint(db, d.id, { url: hook, types: [], enabled: true }, { allowPrivate: true })
  for (let i = 0; i < DELIVERIES; i += 500) {
    await db.transaction().execute((trx) => emitEvents(trx, d.id, chunk().slice(0, Math.min(500, DELIVERIES - i))))
  }
  received = 0
  const want = DELIVERIES * endpoints
  const t0 = performance.now()
  const runner = await startWorkers(pool, db, { concurrency: 4, pollInterval: 20, handleSignals: false,
    tasks: { clock: systemClock, webhooks: { ...DEFAULT_WEBHOOK_SETTINGS, allowPrivate: true } },
    log: { error: (o, m) => console.error(m, o), warn: () => {}, info: () => {}, debug: () => {} } })
  while (received < want && performance.now() - t0 < 300_000) await new Promise((r) => setTimeout(r, 20))
  const s = (performance.now() - t0) / 1000
  await runner.stop()
  console.log(`deliveries: ${received.toLocaleString('en')} of ${want.toLocaleString('en')} to ${endpoints} endpoint(s) on a loopback receiver in ${s.toFixed(2)} s `
    + `(${Math.round(received / s).toLocaleString('en')} deliveries/s; 4 worker slots, signed, each recorded in webhook_deliveries)`)
  await sql`update webhook_endpoints set enabled = false where tenant_id = ${d.id}`.execute(db)
}
receiver.closeAllConnections()
receiver.close()
await db.destroy()
await server.stop()
process.exit(0)
