// Event retention (src/app/events/retention.ts, EVENTS_RETENTION_DAYS): old
// events are pruned oldest first, never ahead of an enabled webhook
// endpoint's cursor; a feed cursor before the prune mark answers 410
// cursor_expired instead of a page that silently skips; deliveries of pruned
// events go with them; other tenants are untouched; 0 days keeps everything.
import t from 'tap'
import { sql } from 'kysely'
import { emitEvents } from '../../../src/app/events/events.ts'
import { pruneEvents, PRUNE_EVENTS_TASK } from '../../../src/app/events/retention.ts'
import { taskList } from '../../../src/jobs/tasks.ts'
import { bearer, testApp } from '../../helpers/app.ts'
import { clockOn } from '../../helpers/clock.ts'

const { app, db, tenant, other } = await testApp(t)
const today = clockOn('2026-11-25')

for (const tid of [tenant.id, other.id]) {
  for (let i = 1; i <= 10; i++) {
    await db.transaction().execute((trx) => emitEvents(trx, tid, [{ type: 'webhook_endpoint.disabled', objectType: 'test', objectId: `e${i}`, data: { i } }]))
  }
}
// events 1–6 are 100+ days old, 7–10 recent
await sql`update events set occurred_at = '2026-08-01T00:00:00Z' where object_type = 'test' and object_id in ('e1','e2','e3','e4','e5','e6')`.execute(db)
await sql`update events set occurred_at = '2026-11-20T00:00:00Z' where object_type = 'test' and object_id in ('e7','e8','e9','e10')`.execute(db)

const feed = (query = '') => app.inject({ method: 'GET', url: `/v1/events?limit=100${query}`, headers: bearer(tenant.keys.admin) })
const before = (await feed()).json().items as { cursor: string; object: { id: string } }[]
const cursorOf = (id: string) => before.find((e) => e.object.id === id)!.cursor
const positionOf = async (id: string) => (await sql<{ txid: string; seq: string; eventId: string }>`
  select txid::text as txid, seq::text as seq, event_id from events where tenant_id = ${tenant.id} and object_id = ${id}`.execute(db)).rows[0]!

t.test('an enabled endpoint holds back what it has not been given; the feed says 410 before the mark', async (t) => {
  t.equal(before.length, 10)
  const e3 = await positionOf('e3')
  const endpointId = '019ae0b6-7c5a-7a4e-9d0e-2f6c1b8e4a11'
  await sql`insert into webhook_endpoints (tenant_id, endpoint_id, url, secret, cursor_txid, cursor_seq)
    values (${tenant.id}, ${endpointId}, 'https://portal.example/hook', 'whsec_x', ${e3.txid}::xid8, ${e3.seq}::bigint)`.execute(db)
  const e2 = await positionOf('e2')
  await sql`insert into webhook_deliveries (tenant_id, delivery_id, endpoint_id, event_id, attempt, ok, latency_ms)
    values (${tenant.id}, gen_random_uuid(), ${endpointId}, ${e2.eventId}, 1, true, 12)`.execute(db)

  t.equal(await pruneEvents(db, today, 90), 9, 'e1–e3 of this tenant (its endpoint has had them, not e4–e6) and e1–e6 of the other')
  const left = await sql<{ objectId: string }>`select object_id from events where tenant_id = ${tenant.id} and object_type = 'test' order by txid, seq`.execute(db)
  t.same(left.rows.map((r) => r.objectId), ['e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10'], 'nothing after the endpoint\'s cursor went')
  const otherLeft = await sql<{ objectId: string }>`select object_id from events where tenant_id = ${other.id} and object_type = 'test' order by txid, seq`.execute(db)
  t.same(otherLeft.rows.map((r) => r.objectId), ['e7', 'e8', 'e9', 'e10'], 'the other tenant (no endpoint): every event past the retention went')
  t.equal(Number((await sql<{ n: string }>`select count(*) as n from webhook_deliveries where tenant_id = ${tenant.id}`.execute(db)).rows[0]!.n), 0,
    'the delivery of a pruned event went with it')

  const expired = await feed(`&after=${cursorOf('e1')}`)
  t.equal(expired.statusCode, 410)
  t.match(expired.json(), { code: 'cursor_expired', status: 410 })
  t.match(expired.headers['content-type'], /application\/problem\+json/)
  const atMark = await feed(`&after=${cursorOf('e3')}`)
  t.equal(atMark.statusCode, 200, 'the mark itself is fine: nothing after it is missing')
  t.same(atMark.json().items.map((e: { object: { id: string } }) => e.object.id), ['e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10'])
  t.same((await feed()).json().items.map((e: { object: { id: string } }) => e.object.id), ['e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10'], 'no cursor: from the oldest kept')

  await sql`update webhook_endpoints set enabled = false where tenant_id = ${tenant.id}`.execute(db)
  t.equal(await pruneEvents(db, today, 90), 3, 'a disabled endpoint holds nothing back: e4–e6 go')
  t.equal((await feed(`&after=${cursorOf('e5')}`)).statusCode, 410)
  t.equal(await pruneEvents(db, today, 90), 0, 'idempotent')
})

t.test('0 days keeps everything; the worker runs the prune', async (t) => {
  t.equal(await pruneEvents(db, clockOn('2027-11-25'), 0), 0)
  t.ok(PRUNE_EVENTS_TASK in taskList(db), 'an hourly task (src/jobs/queue.ts crontab)')
})
