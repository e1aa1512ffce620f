// Issue 11 §4 with a real kill: a `node src/jobs/worker.ts` process delivers
// a burst of events to a loopback receiver and is SIGKILLed mid-burst while
// writers go on committing; a fresh worker then delivers every committed
// event, in feed order (at least once: the one in flight at the kill may
// come twice, and receivers deduplicate on webhook-id).
import t from 'tap'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import { emitEvents } from '../../../src/app/events/events.ts'
import { createEndpoint } from '../../../src/app/webhooks/endpoints.ts'
import { createDb, createPool } from '../../../src/db/database.ts'
import { installQueue } from '../../../src/jobs/queue.ts'
import { addTenant } from '../../helpers/app.ts'
import { testDatabase } from '../../helpers/database.ts'
import { killAll, spawnWorker } from '../billing/kill-9-worker.ts'

const TRANSACTIONS = 60
const PER_TRANSACTION = 8
const TOTAL = TRANSACTIONS * PER_TRANSACTION

const { db, url } = await testDatabase(t)
const pool = createPool(url, 4)
const queueDb = createDb(pool)
await installQueue(pool)
t.teardown(async () => { await killAll(); await queueDb.destroy() })
const tenant = await addTenant(db)

// the receiver: 2xx after a few milliseconds, so a burst takes a while to deliver
const received: string[] = []
const server = http.createServer((req, res) => {
  req.resume()
  req.on('end', () => { received.push(String(req.headers['webhook-id'])); setTimeout(() => res.writeHead(200).end('ok'), 3) })
})
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
t.teardown(() => { server.closeAllConnections(); return new Promise<void>((r) => server.close(() => r())) })
await createEndpoint(db, tenant.id, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, types: [], enabled: true }, { allowPrivate: true })

// the worker processes inherit these: loopback allowed, quick retries
Object.assign(process.env, { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_RETRY_MAX_MS: '500', WEBHOOK_TIMEOUT_MS: '2000' })

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function waitFor(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const end = performance.now() + ms
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what} (${new Set(received).size} of ${TOTAL} received)`)
    await sleep(20)
  }
}

t.test('SIGKILL of a worker mid-burst, then a fresh worker: every committed event is delivered, in order', async (t) => {
  const first = spawnWorker(url, 2)
  let next = 0
  const writer = async () => {
    for (let i = next++; i < TRANSACTIONS; i = next++) {
      await db.transaction().execute((trx) => emitEvents(trx, tenant.id, Array.from({ length: PER_TRANSACTION }, (_, k) => ({
        type: 'warning.issued' as const, objectType: 'warning', objectId: `w-${i}`, data: { k } }))))
      await sleep(5)
    }
  }
  const writing = Promise.all([writer(), writer(), writer()])
  await waitFor('deliveries to start', () => received.length >= TOTAL / 5, 30_000)
  first.kill('SIGKILL')
  await first.exit()
  const atKill = new Set(received).size
  t.ok(atKill < TOTAL, `killed mid-burst (${atKill} of ${TOTAL} delivered)`)
  await writing

  const second = spawnWorker(url, 2)
  try {
    await waitFor('every event', () => new Set(received).size >= TOTAL)
  } catch (err) {
    const got = new Set(received)
    const all = await sql<{ eventId: string; txid: string; seq: string }>`select event_id, txid::text, seq::text from events where tenant_id = ${tenant.id} order by txid, seq`.execute(db)
    const ep = await sql`select cursor_txid::text, cursor_seq, consecutive_failures, next_attempt_at, enabled from webhook_endpoints`.execute(db)
    const jobs = await sql`select task_identifier, run_at, locked_at, locked_by, attempts, last_error, key from graphile_worker.jobs`.execute(db)
    const missing = all.rows.filter((r) => !got.has(r.eventId))
    const deliveries = await sql`select event_id, ok, error, status_code from webhook_deliveries where event_id = any(${missing.map((m) => m.eventId)}::uuid[])`.execute(db)
    console.error(JSON.stringify({ missing, ep: ep.rows, jobs: jobs.rows, deliveries: deliveries.rows, last: all.rows.slice(-3), second: second.output(), first: first.output() }, null, 1))
    throw err
  }
  await sleep(300)
  second.kill('SIGTERM')
  await second.exit()

  const feed = await sql<{ eventId: string }>`select event_id from events where tenant_id = ${tenant.id} order by txid, seq`.execute(db)
  t.equal(feed.rows.length, TOTAL, 'every transaction committed its events')
  const firstSeen = [...new Set(received)]
  t.same(firstSeen, feed.rows.map((r) => r.eventId), 'every committed event delivered, first in feed order')
  t.ok(received.length - firstSeen.length <= 2, `at most the in-flight event came twice (${received.length - firstSeen.length} repeats)`)
})
