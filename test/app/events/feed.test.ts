// The events feed (issue 11 §1-2): an event is written with its change (a
// rolled-back change leaves none), each tenant sees only its own, and a
// consumer that stores its cursor misses nothing while two real transactions
// commit out of order.
import t from 'tap'
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { emitEvents } from '../../../src/app/events/events.ts'
import { postPayments } from '../../../src/app/payments/post-payments.ts'
import type { Db } from '../../../src/db/database.ts'
import { bearer, testApp } from '../../helpers/app.ts'

const { app, db, tenant, other } = await testApp(t)

async function addAccount(db: Db, tenantId: string): Promise<string> {
  const customerId = uuidv7()
  const accountId = uuidv7()
  await db.insertInto('customers').values({ tenantId, customerId, kind: 'person', name: 'Ivan', surname: 'Petrov', inn: null, email: null, phone: null }).execute()
  await db.insertInto('accounts').values({ tenantId, accountId, customerId, premisesId: null, kind: 'residential', number: `E-${accountId.slice(-6)}`,
    ownerSurname: 'Petrov', contractInn: null, usageType: 'residential', openedOn: '2020-01-01', closedOn: null }).execute()
  return accountId
}

interface Page { items: { id: string; type: string; cursor: string; object: { type: string; id: string }; data: Record<string, unknown> }[]; nextCursor: string }

async function feed(key: string, query = ''): Promise<Page> {
  const res = await app.inject({ method: 'GET', url: `/v1/events${query}`, headers: bearer(key) })
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`)
  return res.json() as Page
}

/** Reads from a cursor until `want` events came (other test files' transactions hold the horizon back a moment). */
async function readUntil(key: string, after: string | undefined, want: number, types?: string): Promise<{ items: Page['items']; cursor: string }> {
  const items: Page['items'] = []
  let cursor = after
  for (let i = 0; i < 400 && items.length < want; i++) {
    const page = await feed(key, `?limit=500${cursor ? `&after=${cursor}` : ''}${types ? `&types=${types}` : ''}`)
    items.push(...page.items)
    cursor = page.nextCursor
    if (items.length < want) await new Promise((r) => setTimeout(r, 25))
  }
  return { items, cursor: cursor! }
}

/** A cursor after everything committed so far: a marker event is written and read back (every event before it in feed order is final once it shows). */
async function head(key: string): Promise<string> {
  const marker = `sync-${uuidv7()}`
  await db.transaction().execute((trx) => emitEvents(trx, tenant.id, [{ type: 'webhook_endpoint.disabled', objectType: 'sync', objectId: marker, data: {} }]))
  let cursor: string | undefined
  for (let i = 0; i < 400; i++) {
    const page = await feed(key, `?limit=500&types=webhook_endpoint.disabled${cursor ? `&after=${cursor}` : ''}`)
    const hit = page.items.find((e) => e.object.id === marker)
    if (hit) return hit.cursor
    cursor = page.nextCursor
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('the marker never showed')
}

const accountId = await addAccount(db, tenant.id)

t.test('a payment tells payment.received, to every scope of its tenant and to no other tenant', async (t) => {
  const res = await app.inject({ method: 'POST', url: '/v1/payments', headers: bearer(tenant.keys.accounting),
    payload: { externalId: 'feed-1', accountId, amount: '100.50', paidOn: '2026-11-20', source: 'bank' } })
  t.equal(res.statusCode, 201, res.body)
  const paymentId = res.json().id as string
  const { items } = await readUntil(tenant.keys.readonly, undefined, 1, 'payment.received')
  t.equal(items.length, 1)
  t.match(items[0], { type: 'payment.received', object: { type: 'payment', id: paymentId }, data: { amount: '100.50', currency: 'RUB', accountId } })
  for (const scope of ['admin', 'accounting', 'portal'] as const) t.equal((await feed(tenant.keys[scope], '?types=payment.received')).items.length, 1, scope)
  t.same((await feed(other.keys.admin)).items, [], 'another tenant sees none of it')
  // a retry of the same payment is a duplicate and tells nothing new
  await app.inject({ method: 'POST', url: '/v1/payments', headers: bearer(tenant.keys.accounting),
    payload: { externalId: 'feed-1', accountId, amount: '100.50', paidOn: '2026-11-20', source: 'bank' } })
  const rev = await app.inject({ method: 'POST', url: `/v1/payments/${paymentId}/reverse`, headers: bearer(tenant.keys.accounting), payload: { reason: 'bank recall' } })
  t.equal(rev.statusCode, 200, rev.body)
  const after = await readUntil(tenant.keys.admin, undefined, 2, 'payment.received,payment.reversed')
  t.same(after.items.map((e) => e.type), ['payment.received', 'payment.reversed'])
})

t.test('a rolled-back change leaves no event', async (t) => {
  const cursor = await head(tenant.keys.admin)
  await t.rejects(db.transaction().execute(async (trx) => {
    const [out] = await postPayments(trx, tenant.id, [{ externalId: 'rolled-back', accountId, amount: '10', paidOn: '2026-11-20', source: 'bank' }])
    t.equal(out!.status, 'created')
    throw new Error('the change fails after the payment was written')
  }), /the change fails/)
  await db.transaction().execute((trx) => emitEvents(trx, tenant.id, [{ type: 'warning.issued', objectType: 'warning', objectId: 'marker', data: {} }]))
  const { items } = await readUntil(tenant.keys.admin, cursor, 1)
  t.same(items.map((e) => e.object.id), ['marker'], 'only the committed marker, nothing of the rolled-back payment')
  const stored = await db.selectFrom('events').select('type').where('tenantId', '=', tenant.id).where('type', '=', 'payment.received').execute()
  t.equal(stored.length, 1, 'the only payment.received is the committed one of the test before')
})

t.test('writers committing out of order: a stored cursor misses nothing', async (t) => {
  const start = await head(tenant.keys.admin)
  let releaseA!: () => void
  const gate = new Promise<void>((r) => { releaseA = r })
  let aHasXid!: () => void
  const aStarted = new Promise<void>((r) => { aHasXid = r })
  // A takes its transaction id first but writes its event last: its seq is the higher one, and it commits last.
  const a = db.transaction().execute(async (trx) => {
    await sql`select pg_current_xact_id()`.execute(trx)
    aHasXid()
    await gate
    await emitEvents(trx, tenant.id, [{ type: 'warning.issued', objectType: 'warning', objectId: 'A', data: {} }])
  })
  await aStarted
  await db.transaction().execute((trx) => emitEvents(trx, tenant.id, [{ type: 'warning.issued', objectType: 'warning', objectId: 'B', data: {} }]))
  const seqs = await db.selectFrom('events').select(['objectId', 'seq']).where('tenantId', '=', tenant.id).where('objectId', '=', 'B').execute()
  t.equal(seqs.length, 1, 'B is committed')

  // While A runs, B is committed but not shown: showing it would let a reader's cursor pass A.
  const during = await feed(tenant.keys.admin, `?after=${start}`)
  t.same(during.items, [], 'nothing is shown while an older transaction runs')
  const stored = during.nextCursor

  releaseA()
  await a
  const { items } = await readUntil(tenant.keys.admin, stored, 2)
  t.same(items.map((e) => e.object.id), ['A', 'B'], 'both arrive after the stored cursor, in transaction order')
  const ids = await db.selectFrom('events').select(['objectId', 'seq']).where('tenantId', '=', tenant.id).where('objectId', 'in', ['A', 'B']).orderBy('seq').execute()
  t.same(ids.map((r) => r.objectId), ['B', 'A'], 'though B took the lower seq')
  // and read again from the start: the same order, every time
  const again = await readUntil(tenant.keys.admin, start, 2)
  t.same(again.items.map((e) => e.object.id), ['A', 'B'])
})

t.test('paging: limit, types, a bad cursor', async (t) => {
  const start = await head(tenant.keys.admin)
  // 120 events: their seqs cross a power of ten (9 → 10 or 99 → 100), where a text order would go wrong
  const N = 120
  await db.transaction().execute((trx) => emitEvents(trx, tenant.id, Array.from({ length: N }, (_, i) => ({ type: 'warning.issued' as const, objectType: 'warning', objectId: `p${i}`, data: { i } }))))
  const pages: string[] = []
  let cursor = start
  for (let i = 0; i < 400 && pages.length < N; i++) {
    const page = await feed(tenant.keys.admin, `?types=warning.issued&limit=7&after=${cursor}`)
    t.ok(page.items.length <= 7)
    pages.push(...page.items.map((e) => e.object.id))
    cursor = page.nextCursor
  }
  t.same(pages, Array.from({ length: N }, (_, i) => `p${i}`), 'pages of 7 give the events in order, once each')
  const bad = await app.inject({ method: 'GET', url: '/v1/events?after=not-a-cursor', headers: bearer(tenant.keys.admin) })
  t.equal(bad.statusCode, 400)
  t.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8')
  const badType = await app.inject({ method: 'GET', url: '/v1/events?types=bill.eaten', headers: bearer(tenant.keys.admin) })
  t.equal(badType.statusCode, 400)
})
