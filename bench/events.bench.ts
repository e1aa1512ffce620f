// The outbox's cost where it matters most: a bill-run chunk writes one
// bill.issued per bill (1,000 a chunk). Times emitEvents for chunks of 1,000
// bill-shaped events, each in its own transaction, next to a bare multi-row
// insert of the same rows into a table of the same shape without the txid
// default, the NOTIFY or the indexes; then the feed read back in pages of 500.
// Plain script: prints figures, asserts nothing.
// Run: npm run bench:events   (BENCH_EVENT_CHUNKS=30; DATABASE_URL to use a server)
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { emitEvents, listEvents } from '../src/app/events/events.ts'
import type { NewEvent } from '../src/app/events/event-types.ts'
import { createDb, createPool, ensureDatabase } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { createTenant } from '../src/app/tenants/tenants.ts'
import { benchServer } from './fixtures/bench-server.ts'

const CHUNKS = Number(process.env.BENCH_EVENT_CHUNKS ?? 30)
const PER_CHUNK = 1_000

const server = await benchServer()
const url = await ensureDatabase(server.url, `bench_events_${performance.timeOrigin.toString(36).replace('.', '')}`)
const db = createDb(createPool(url, 4))
await migrateToLatest(db)
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
await db.destroy()
await server.stop()
