// The COPY path of bulk intake (copy-readings.ts) and judging a chunk while
// the previous one is written (intake.ts) must give the verdicts of the plain
// insert … on conflict path: same uploads, chunk by chunk, into two databases,
// one whose Db reaches its pg clients (COPY) and one whose Db does not.
// Retries and partial overlaps make COPY fall back mid-upload.
import t from 'tap'
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely'
import { createPool, type Db } from '../../../src/db/database.ts'
import type { DB } from '../../../src/db/schema.ts'
import { rawClientOf } from '../../../src/db/raw-client.ts'
import { submitReadings } from '../../../src/app/readings/bulk-submit.ts'
import { testDatabase } from '../../helpers/database.ts'
import { tenantWithPoint } from './point-fixture.ts'

const METERS = 30
const meterId = (m: number) => `00000000-0000-4000-8000-${String(m).padStart(12, '0')}`

async function withMeters(db: Db): Promise<string> {
  const tenantId = await tenantWithPoint(db)
  const tenant = { id: tenantId }
  // 4-digit registers roll over; half the meters have no maximum flow (rollover_unverified)
  await sql`insert into meters (tenant_id, meter_id, service_point_id, serial, digits, decimals, max_flow_m3h)
    select ${tenant.id}, ('00000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, sp.service_point_id, 'M-' || i, 4, 0,
      case when i % 2 = 0 then 3 end
    from service_points sp, generate_series(1, ${METERS}) i where sp.tenant_id = ${tenant.id}`.execute(db)
  return tenant.id
}

// Deterministic rows, out of order, with lower indexes, rollovers, bad rows
// and duplicates; instants to the minute so no two readings of a meter tie.
let seed = 42
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
function upload(n: number, dayBase: number): unknown[] {
  const rows: unknown[] = []
  for (let i = 0; i < n; i++) {
    const day = dayBase + Math.floor(rnd() * 60)
    const index = (Math.max(0, day * 3 + Math.floor(rnd() * 40) - 10) + (rnd() < 0.02 ? 9990 : 0)) % 10000
    rows.push({ meterId: meterId(1 + Math.floor(rnd() * METERS)), readAt: rnd() < 0.01 ? 'soon' : new Date(Date.UTC(2026, 0, 1 + day, 0, Math.floor(rnd() * 1440))).toISOString(),
      index: String(index), source: rnd() < 0.5 ? 'accounting' : 'telemetry' })
  }
  return rows
}

const copyDb = await testDatabase(t)
const plainDb = await testDatabase(t)
// The same database through a Kysely without the PoolClients plugin: no raw client, so no COPY.
const plain = new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPool(plainDb.url, 2) }), plugins: [new CamelCasePlugin()] })
t.teardown(() => plain.destroy())

t.test('a transaction of a Db from createDb reaches its pg client; another Db does not', async (t) => {
  await copyDb.db.transaction().execute(async (trx) => { t.ok(await rawClientOf(trx)) })
  await plain.transaction().execute(async (trx) => { t.equal(await rawClientOf(trx), undefined) })
})

t.test('COPY chunks, judged ahead, give the insert path\'s verdicts', async (t) => {
  const a = await withMeters(copyDb.db)
  const b = await withMeters(plain)
  const u1 = upload(3000, 0)
  const uploads = [u1, [...u1.slice(1500), ...upload(2000, 30)], [...upload(1500, 50), ...u1.slice(0, 700), ...upload(1500, 55)]]
  const now = new Date('2026-12-01T00:00:00Z')
  for (const [i, u] of uploads.entries()) {
    const x = await submitReadings(copyDb.db, a, u, { now, chunkSize: 700 })
    const y = await submitReadings(plain, b, u, { now, chunkSize: 700 })
    t.same(x.counts, y.counts, `upload ${i + 1}: counts`)
    const differing = x.rows.filter((r, k) => r.status !== y.rows[k]!.status || r.reasons.join() !== y.rows[k]!.reasons.join()
      || (r.readingId === null) !== (y.rows[k]!.readingId === null))
    t.same(differing, [], `upload ${i + 1}: every row's verdict`)
  }
  const stored = async (db: Db) => (await sql<{ status: string; n: number }>`select status, count(*)::int as n from readings group by status order by status`.execute(db)).rows
  t.same(await stored(copyDb.db), await stored(plain))
})

t.test('an upload that fails mid-stream stores nothing, chunks in flight included', async (t) => {
  const tenantId = (await sql<{ id: string }>`select tenant_id as id from meters limit 1`.execute(copyDb.db)).rows[0]!.id
  const count = async () => Number((await sql<{ n: string }>`select count(*) as n from readings`.execute(copyDb.db)).rows[0]!.n)
  const before = await count()
  async function* failing() {
    const rows = upload(2500, 200)
    for (const r of rows) yield r
    throw new Error('the body was cut off')
  }
  await t.rejects(submitReadings(copyDb.db, tenantId, failing(), { now: new Date('2027-12-01T00:00:00Z'), chunkSize: 700 }), /cut off/)
  // give any stray statement time to land before counting
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.equal(await count(), before, 'rolled back whole')
  const again = await submitReadings(copyDb.db, tenantId, upload(800, 300), { now: new Date('2027-12-01T00:00:00Z'), chunkSize: 700 })
  t.equal(again.counts.received, 800, 'the pool\'s connections are fine afterwards')
})

t.test('meters looked up ahead of their chunk (prefetch) give the verdicts of lookups per chunk, by id and by serial', async (t) => {
  const a = await withMeters(copyDb.db)
  const b = await withMeters(plain)
  // 600 more meters, named for the first time all along the upload; some by serial, some unknown
  for (const [db, tenantId] of [[copyDb.db, a], [plain, b]] as const) {
    await sql`insert into meters (tenant_id, meter_id, service_point_id, serial, digits, decimals, max_flow_m3h)
      select ${tenantId}, ('00000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, sp.service_point_id, 'M-' || i, 4, 0, 3
      from service_points sp, generate_series(${METERS + 1}::int, ${METERS + 600}::int) i where sp.tenant_id = ${tenantId}`.execute(db)
  }
  const rows: unknown[] = []
  for (let i = 0; i < 4000; i++) {
    const m = 1 + Math.min(METERS + 600 + 5, Math.floor(i / 6) + Math.floor(rnd() * 30))
    const day = Math.floor(i / 60) + Math.floor(rnd() * 5)
    const ref = i % 5 === 0 ? { meterSerial: `M-${m}` } : { meterId: meterId(m) }
    rows.push({ ...ref, readAt: new Date(Date.UTC(2026, 0, 1 + day, 0, Math.floor(rnd() * 1440))).toISOString(), index: String(day * 3 + Math.floor(rnd() * 4)),
      source: 'telemetry' })
  }
  const now = new Date('2026-12-01T00:00:00Z')
  // the second upload repeats the first's rows: its COPY fails on a duplicate while
  // later chunks' new meters are being looked up (those lookups once ran in the
  // aborted transaction, before the COPY's savepoint was rolled back)
  for (const u of [rows, [...rows.slice(2000), ...rows.slice(0, 2000)]]) {
    const x = await submitReadings(copyDb.db, a, u, { now, chunkSize: 700, prefetchEvery: 90 })
    const y = await submitReadings(plain, b, u, { now, chunkSize: 700, prefetchEvery: 0 })
    t.same(x.counts, y.counts)
    t.ok(x.counts.rejected > 0 && (x.counts.accepted > 1000 || x.counts.duplicate > 3000), JSON.stringify(x.counts))
    const differing = x.rows.filter((r, k) => r.status !== y.rows[k]!.status || r.reasons.join() !== y.rows[k]!.reasons.join()
      || (r.readingId === null) !== (y.rows[k]!.readingId === null))
    t.same(differing, [], 'every row\'s verdict')
  }
  // a body cut off while lookups are in flight: nothing stored, the connection fine afterwards
  const count = async () => Number((await sql<{ n: string }>`select count(*) as n from readings where tenant_id = ${a}`.execute(copyDb.db)).rows[0]!.n)
  const before = await count()
  async function* failing() {
    for (const r of rows.slice(0, 1000)) yield { ...(r as object), source: 'inspector' }
    throw new Error('the body was cut off')
  }
  await t.rejects(submitReadings(copyDb.db, a, failing(), { now, chunkSize: 700, prefetchEvery: 90 }), /cut off/)
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.equal(await count(), before, 'rolled back whole')
})
