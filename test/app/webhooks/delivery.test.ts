// Webhook delivery against real HTTP receivers on loopback, by real workers
// (issue 11 §3-4): a receiver that fails and recovers gets every event, in
// order, signed per Standard Webhooks; a hanging one is timed out; one that
// never recovers is disabled with webhook_endpoint.disabled; secrets rotate
// with an overlap; one event can be sent again; private addresses are refused.
import t from 'tap'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { buildApp } from '../../../src/app.ts'
import { systemClock } from '../../../src/app/clock.ts'
import { emitEvents } from '../../../src/app/events/events.ts'
import { DEFAULT_WEBHOOK_SETTINGS, backoffMs } from '../../../src/app/webhooks/deliver.ts'
import { newSecret } from '../../../src/app/webhooks/endpoints.ts'
import { guardedLookup, postWebhook, refusedAddress } from '../../../src/app/webhooks/post-webhook.ts'
import { createDb, createPool } from '../../../src/db/database.ts'
import { installQueue, startWorkers } from '../../../src/jobs/queue.ts'
import { addTenant, bearer } from '../../helpers/app.ts'
import { testClock } from '../../helpers/clock.ts'
import { testDatabase } from '../../helpers/database.ts'

const { db, url } = await testDatabase(t)
const pool = createPool(url, 10)
const jobsDb = createDb(pool)
await installQueue(pool)
const app = await buildApp({ db, clock: testClock, config: { LOG_LEVEL: 'silent', BODY_LIMIT_BYTES: 1_048_576, BULK_BODY_LIMIT_BYTES: 1_048_576, WEBHOOK_ALLOW_PRIVATE: true } })
const tenant = await addTenant(db)
const other = await addTenant(db, 'Other utility')
// systemClock: receivers check webhook-timestamp against their own clock (5 minutes)
const workers = await startWorkers(pool, jobsDb, { concurrency: 4, pollInterval: 20, handleSignals: false, tasks: { clock: systemClock,
  webhooks: { ...DEFAULT_WEBHOOK_SETTINGS, allowPrivate: true, timeoutMs: 400, retryBaseMs: 40, retryMaxMs: 150, disableAfterMs: 3_000 } } })
t.teardown(async () => { await workers.stop(); await app.close(); await jobsDb.destroy() })

interface Received { id: string; timestamp: string; signature: string; body: string }

/** A receiver on 127.0.0.1:0 answering with `answer(n)` for its n-th request (0-based); 'hang' never answers. */
async function receiver(answer: (n: number) => number | 'hang', body = 'ok') {
  const got: Received[] = []
  let n = 0
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      got.push({ id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']), signature: String(req.headers['webhook-signature']),
        body: Buffer.concat(chunks).toString('utf8') })
      const a = answer(n++)
      if (a === 'hang') return
      res.writeHead(a, { 'content-type': 'text/plain' }).end(body)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  t.teardown(() => { server.closeAllConnections(); return new Promise<void>((r) => server.close(() => r())) })
  return { got, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` }
}

async function register(url: string, types: string[] = []): Promise<{ id: string; secret: string }> {
  const res = await app.inject({ method: 'POST', url: '/v1/webhook-endpoints', headers: bearer(tenant.keys.admin), payload: { url, types } })
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`)
  return res.json()
}

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = performance.now() + ms
  while (!(await cond())) {
    if (performance.now() > end) throw new Error(`timed out waiting: ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const emit = (objectId: string, n: number) => db.transaction().execute((trx) =>
  emitEvents(trx, tenant.id, [{ type: 'warning.issued', objectType: 'warning', objectId, data: { n } }]))

t.test('a receiver that answers 500, then recovers, gets every event once deduplicated, in order, correctly signed', async (t) => {
  const r = await receiver((n) => (n < 3 ? 500 : 200), 'x'.repeat(5000))
  const ep = await register(r.url, ['warning.issued'])
  t.match(ep.secret, /^whsec_/)
  // three objects, four events each, written by concurrent transactions
  await Promise.all(['a', 'b', 'c'].map(async (o) => { for (let i = 0; i < 4; i++) await emit(`flaky-${o}`, i) }))
  await until('12 distinct events', () => new Set(r.got.map((g) => g.id)).size >= 12)
  await new Promise((res) => setTimeout(res, 200))

  const wh = new Webhook(ep.secret)
  const firstSeen = new Map<string, { object: { id: string }; data: { n: number }; cursor: string }>()
  for (const g of r.got) {
    const payload = wh.verify(g.body, { 'webhook-id': g.id, 'webhook-timestamp': g.timestamp, 'webhook-signature': g.signature }) as { id: string; object: { id: string }; data: { n: number }; cursor: string }
    t.equal(payload.id, g.id, 'webhook-id is the event id')
    if (!firstSeen.has(g.id)) firstSeen.set(g.id, payload)
  }
  t.equal(firstSeen.size, 12, 'every event arrived')
  t.ok(r.got.length > 12, 'the failed ones were sent again (receivers deduplicate on webhook-id)')
  for (const o of ['a', 'b', 'c']) {
    t.same([...firstSeen.values()].filter((p) => p.object.id === `flaky-${o}`).map((p) => p.data.n), [0, 1, 2, 3], `object ${o}'s events in order`)
  }
  const feedOrder = [...firstSeen.values()].map((p) => p.cursor)
  const fromFeed = (await app.inject({ method: 'GET', url: '/v1/events?types=warning.issued&limit=500', headers: bearer(tenant.keys.admin) })).json().items
    .filter((e: { object: { id: string } }) => e.object.id.startsWith('flaky-')).map((e: { cursor: string }) => e.cursor)
  t.same(feedOrder, fromFeed, 'delivered in the feed\'s order')

  const deliveries = (await app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${ep.id}/deliveries?limit=500`, headers: bearer(tenant.keys.admin) })).json().items
  const failed = deliveries.filter((d: { ok: boolean }) => !d.ok)
  t.equal(failed.length, 3, 'three failed attempts recorded')
  t.match(failed[0], { statusCode: 500, ok: false, manual: false })
  t.ok(failed.every((d: { responseExcerpt: string }) => Buffer.byteLength(d.responseExcerpt) <= 1024), 'at most 1 KB of the answer kept')
  t.same(deliveries.filter((d: { attempt: number }) => d.attempt > 1).length >= 1, true, 'retries count their attempts')
  const endpoint = (await app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${ep.id}`, headers: bearer(tenant.keys.admin) })).json()
  t.match(endpoint, { enabled: true, consecutiveFailures: 0, failingSince: null })
  t.notOk('secret' in endpoint, 'the secret is never shown again')

  t.throws(() => new Webhook(newSecret()).verify(r.got[0]!.body, { 'webhook-id': r.got[0]!.id, 'webhook-timestamp': r.got[0]!.timestamp, 'webhook-signature': r.got[0]!.signature }),
    'a wrong secret does not verify')
  const tampered = r.got[0]!.body.replace('"n":', '"n": ')
  t.throws(() => wh.verify(tampered, { 'webhook-id': r.got[0]!.id, 'webhook-timestamp': r.got[0]!.timestamp, 'webhook-signature': r.got[0]!.signature }), 'a changed body does not verify')

  // one event again, on request
  const eventId = r.got[0]!.id
  const before = r.got.length
  const retry = await app.inject({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/deliveries/${eventId}/retry`, headers: bearer(tenant.keys.admin) })
  t.equal(retry.statusCode, 202, retry.body)
  await until('the redelivery', () => r.got.length > before)
  t.equal(r.got[r.got.length - 1]!.id, eventId)
  await until('the manual attempt is recorded', async () => (await app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${ep.id}/deliveries`, headers: bearer(tenant.keys.admin) }))
    .json().items.some((d: { manual: boolean }) => d.manual))
  // a time range again, on request: the twelve events of the endpoint's type, each with its own webhook-id
  const range = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() }
  const sent = r.got.length
  const replay = await app.inject({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/deliveries/replay`, headers: bearer(tenant.keys.admin), payload: range })
  t.equal(replay.statusCode, 202, replay.body)
  t.equal(replay.json().queued, 12)
  await until('the replayed range', () => r.got.length >= sent + 12)
  t.same(new Set(r.got.slice(sent).map((g) => g.id)), new Set(r.got.slice(0, sent).map((g) => g.id)), 'the same events, the same webhook-ids')
  const backwards = await app.inject({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/deliveries/replay`, headers: bearer(tenant.keys.admin), payload: { from: range.to, to: range.from } })
  t.equal(backwards.statusCode, 400, 'to must be after from')
  const gql = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.admin),
    payload: { query: 'mutation($id: ID!, $from: DateTime!, $to: DateTime!) { replayWebhookDeliveries(endpointId: $id, from: $from, to: $to) }', variables: { id: ep.id, from: range.from, to: range.to } } })
  t.equal(gql.json().data.replayWebhookDeliveries, 12, 'GraphQL too')
  await until('the GraphQL replay', () => r.got.length >= sent + 24)
  const notMine = await app.inject({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/deliveries/${eventId}/retry`, headers: bearer(other.keys.admin) })
  t.equal(notMine.statusCode, 404, 'another tenant\'s endpoint is not found')
  t.equal((await app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${ep.id}`, headers: bearer(other.keys.admin) })).statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: '/v1/webhook-endpoints', headers: bearer(tenant.keys.accounting) })).statusCode, 403, 'admins only')
})

t.test('a rotated secret: both signatures during the overlap', async (t) => {
  const r = await receiver(() => 204)
  const ep = await register(r.url, ['bill_run.cancelled'])
  const rotated = await app.inject({ method: 'POST', url: `/v1/webhook-endpoints/${ep.id}/secret/rotate`, headers: bearer(tenant.keys.admin), payload: { overlapSeconds: 3600 } })
  t.equal(rotated.statusCode, 200, rotated.body)
  const fresh = rotated.json().secret as string
  t.not(fresh, ep.secret)
  await db.transaction().execute((trx) => emitEvents(trx, tenant.id, [{ type: 'bill_run.cancelled', objectType: 'bill_run', objectId: 'rot', data: {} }]))
  await until('the delivery', () => r.got.length >= 1)
  const g = r.got[0]!
  const headers = { 'webhook-id': g.id, 'webhook-timestamp': g.timestamp, 'webhook-signature': g.signature }
  t.equal(g.signature.split(' ').length, 2, 'two v1 signatures')
  t.ok(new Webhook(fresh).verify(g.body, headers), 'the new secret verifies')
  t.ok(new Webhook(ep.secret).verify(g.body, headers), 'the old one still does, during the overlap')
})

t.test('a hanging receiver is timed out; one that never recovers is disabled with webhook_endpoint.disabled', async (t) => {
  const hang = await receiver(() => 'hang')
  const ep = await register(hang.url, ['reading.bulk_processed'])
  const watcher = await receiver(() => 200)
  const watch = await register(watcher.url, ['webhook_endpoint.disabled'])
  await db.transaction().execute((trx) => emitEvents(trx, tenant.id, [{ type: 'reading.bulk_processed', objectType: 'reading_upload', objectId: 'up-1', data: {} }]))
  await until('the endpoint is disabled', async () => !(await app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${ep.id}`, headers: bearer(tenant.keys.admin) })).json().enabled)
  const deliveries = (await app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${ep.id}/deliveries?limit=500`, headers: bearer(tenant.keys.admin) })).json().items
  t.ok(deliveries.length >= 2, 'retried before giving up')
  t.ok(deliveries.every((d: { ok: boolean; error: string; statusCode: null; latencyMs: number }) => !d.ok && d.statusCode === null && /timed out/.test(d.error) && d.latencyMs >= 350),
    'every attempt timed out after the deadline')
  const endpoint = (await app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${ep.id}`, headers: bearer(tenant.keys.admin) })).json()
  t.match(endpoint, { enabled: false, disabledReason: /failing since/ })
  await until('the disabled event is delivered to the other endpoint', () => watcher.got.length >= 1)
  const told = JSON.parse(watcher.got[0]!.body)
  t.match(told, { type: 'webhook_endpoint.disabled', object: { type: 'webhook_endpoint', id: ep.id } })
  void watch
  // enabled again, it resumes with the event it stopped at
  const before = hang.got.length
  const patched = await app.inject({ method: 'PATCH', url: `/v1/webhook-endpoints/${ep.id}`, headers: bearer(tenant.keys.admin), payload: { enabled: true } })
  t.match(patched.json(), { enabled: true, consecutiveFailures: 0, disabledReason: null })
  await until('delivery resumes', () => hang.got.length > before)
  t.equal(hang.got[hang.got.length - 1]!.id, hang.got[0]!.id, 'the same event, first in line')
  await app.inject({ method: 'PATCH', url: `/v1/webhook-endpoints/${ep.id}`, headers: bearer(tenant.keys.admin), payload: { enabled: false } })
})

t.test('private, loopback and link-local targets are refused unless allowed', async (t) => {
  for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.9', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1']) {
    t.ok(refusedAddress(a), `${a} refused`)
  }
  for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) t.equal(refusedAddress(a), undefined, `${a} allowed`)
  const r = await receiver(() => 200)
  const opts = { allowPrivate: false, timeoutMs: 1000 }
  const literal = await postWebhook(r.url, {}, '{}', opts)
  t.match(literal, { ok: false, statusCode: null, error: /refused/ })
  const byName = await postWebhook(r.url.replace('127.0.0.1', 'localhost'), {}, '{}', opts)
  t.match(byName, { ok: false, error: /refused/ })
  // a name that resolves to loopback is refused at connect time (the lookup the request uses), whatever it is called
  const looked = await new Promise<{ err: Error | null; address: unknown }>((res) => guardedLookup(false)('localhost', {}, (err, address) => res({ err, address })))
  t.match(looked.err?.message, /refused: localhost resolves to .* loopback/)
  const allowed = await new Promise<{ err: Error | null; address: unknown }>((res) => guardedLookup(true)('localhost', {}, (err, address) => res({ err, address })))
  t.equal(allowed.err, null)
  t.equal(r.got.length, 0, 'nothing reached the receiver')
  t.match(await postWebhook(r.url, {}, '{}', { ...opts, allowPrivate: true }), { ok: true, statusCode: 200 })
  const bad = await app.inject({ method: 'POST', url: '/v1/webhook-endpoints', headers: bearer(tenant.keys.admin), payload: { url: 'ftp://example.org/x' } })
  t.equal(bad.statusCode, 400)
})

t.test('back-off doubles with jitter up to its ceiling', async (t) => {
  const s = { retryBaseMs: 1000, retryMaxMs: 3_600_000 }
  t.equal(backoffMs(1, s, () => 0.5), 1000)
  t.equal(backoffMs(4, s, () => 0.5), 8000)
  t.equal(backoffMs(40, s, () => 0.5), 3_600_000)
  t.equal(backoffMs(1, s, () => 0), 750)
  t.equal(backoffMs(1, s, () => 0.999999), 1250)
})
