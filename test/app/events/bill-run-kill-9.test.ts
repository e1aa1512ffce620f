// Issue 11 with a real kill during a bill run: `node src/jobs/worker.ts`
// bills a run (bill.issued per bill, in each chunk's transaction) and
// delivers the tenant's events to a loopback receiver; it is SIGKILLed
// mid-run, the run is resumed and a fresh worker finishes it, and the dead
// worker's chunk jobs are then released and run again as duplicates.
// Afterwards: exactly one bill.issued per committed bill (same ids, same
// numbers), none for a bill that does not exist (the chunk in flight at the
// kill rolled back with its events), one bill_run.completed; and every event
// delivered to the endpoint (at least once: deduplicated on webhook-id).
import t from 'tap'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import { makeWorkerUtils } from 'graphile-worker'
import { BILL_CHUNK_TASK, CHUNK_MAX_ATTEMPTS, getBillRun, startBillRun } from '../../../src/app/billing/bill-runs.ts'
import { createEndpoint } from '../../../src/app/webhooks/endpoints.ts'
import { createDb, createPool } from '../../../src/db/database.ts'
import { installQueue } from '../../../src/jobs/queue.ts'
import { clockOn } from '../../helpers/clock.ts'
import { testDatabase } from '../../helpers/database.ts'
import { assertComplete, seedTenant, snapshot } from '../billing/kill-9-fixture.ts'
import { killAll, spawnWorker, type WorkerProcess } from '../billing/kill-9-worker.ts'

const ACCOUNTS = 1_500
const CHUNK = 50
const PERIOD = '2026-10-01'
const TODAY = '2026-11-05'

const { db, url } = await testDatabase(t)
const pool = createPool(url, 4)
const queueDb = createDb(pool)
await installQueue(pool)
t.teardown(async () => { await killAll(); await queueDb.destroy() })
const seeded = await seedTenant(db, 'Kill -9 with events', ACCOUNTS)
await sql`analyze`.execute(db)

// the receiver: every webhook-id, in arrival order
const received: string[] = []
const server = http.createServer((req, res) => {
  req.resume()
  req.on('end', () => { received.push(String(req.headers['webhook-id'])); res.writeHead(204).end() })
})
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
t.teardown(() => { server.closeAllConnections(); return new Promise<void>((r) => server.close(() => r())) })
await createEndpoint(db, seeded.tenantId, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, types: [], enabled: true }, { allowPrivate: true })
// the worker processes inherit these: loopback allowed, quick retries
Object.assign(process.env, { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_RETRY_MAX_MS: '500', WEBHOOK_TIMEOUT_MS: '2000' })

const workers: WorkerProcess[] = []
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 40_000): Promise<T> {
  const end = performance.now() + ms
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}\n${workers.map((w) => `worker ${w.pid}:\n${w.output()}`).join('\n')}`)
    await sleep(20)
  }
}
// the run as the API reports it: progress is summed from the chunk rows (run-progress.ts)
const progress = (runId: string) => getBillRun(db, seeded.tenantId, runId)

/** bill.issued events joined to the bills they name (number null: no such bill) */
async function issued(): Promise<{ events: number; distinctBills: number; orphans: number; wrongNumber: number; bills: number }> {
  const { rows } = await sql<{ events: string; distinctBills: string; orphans: string; wrongNumber: string; bills: string }>`
    with ev as (select object_id, payload->>'number' as number from events where tenant_id = ${seeded.tenantId} and type = 'bill.issued')
    select (select count(*) from ev) as events, (select count(distinct object_id) from ev) as distinct_bills,
      (select count(*) from ev left join bills b on b.tenant_id = ${seeded.tenantId} and b.bill_id::text = ev.object_id where b.bill_id is null) as orphans,
      (select count(*) from ev join bills b on b.tenant_id = ${seeded.tenantId} and b.bill_id::text = ev.object_id where b.number <> ev.number) as wrong_number,
      (select count(*) from bills where tenant_id = ${seeded.tenantId} and period_start = ${PERIOD} and kind = 'regular') as bills`.execute(db)
  const r = rows[0]!
  return { events: Number(r.events), distinctBills: Number(r.distinctBills), orphans: Number(r.orphans), wrongNumber: Number(r.wrongNumber), bills: Number(r.bills) }
}

t.test('SIGKILL of a worker mid-run: one bill.issued per committed bill, one bill_run.completed, all delivered', async (t) => {
  const { run } = await startBillRun(db, seeded.tenantId, { periodStart: PERIOD }, clockOn(TODAY), { chunkSize: CHUNK })
  const first = spawnWorker(url, 2)
  workers.push(first)
  await waitFor('the run to be under way', async () => {
    const p = await progress(run.id)
    return p.done + p.failed >= p.total * 0.3 || p.status === 'completed' ? true : undefined
  })
  // best aimed while a chunk transaction is writing (its bills and events uncommitted)
  await waitFor('a chunk transaction writing', async () => (await sql<{ n: number }>`select 1 as n from pg_stat_activity
    where backend_xid is not null and pid <> pg_backend_pid() limit 1`.execute(db)).rows.length ? true : undefined, 3_000).catch(() => undefined)
  first.kill('SIGKILL')
  await first.exit()

  const atKill = await issued()
  const p = await progress(run.id)
  t.not(p.status, 'completed', 'the kill landed mid-run')
  t.comment(`killed worker ${first.pid} after ${p.done + p.failed}/${p.total} accounts, ${atKill.bills} bills; ${new Set(received).size} events delivered so far`)
  t.equal(atKill.events, atKill.bills, 'at the kill: as many bill.issued events as committed bills')
  t.equal(atKill.orphans, 0, 'at the kill: no event of a bill that does not exist (the chunk in flight rolled back with its events)')

  const orphanJobs = (await sql<{ id: string; lockedBy: string }>`select j.id::text, j.locked_by from graphile_worker._private_jobs j
    join graphile_worker._private_tasks k on k.id = j.task_id and k.identifier = ${BILL_CHUNK_TASK} where j.locked_by is not null`.execute(db)).rows

  const resumed = await startBillRun(db, seeded.tenantId, { periodStart: PERIOD }, clockOn(TODAY), { chunkSize: CHUNK })
  t.equal(resumed.resumed, true, 'startBillRun resumes the run')
  const second = spawnWorker(url, 2)
  workers.push(second)
  await waitFor('the run to complete', async () => ((await progress(run.id)).status === 'completed' ? true : undefined))
  // the dead worker's chunk jobs, released and run again: duplicates of committed or resumed chunks
  if (orphanJobs.length) {
    const utils = await makeWorkerUtils({ pgPool: pool })
    try {
      await utils.forceUnlockWorkers([...new Set(orphanJobs.map((o) => o.lockedBy))])
      // due now by the queue's own clock (graphile-worker compares run_at with the database's now()), not the test's
      const { rows: [due] } = await sql<{ now: Date }>`select now() as now`.execute(db)
      await utils.rescheduleJobs(orphanJobs.map((o) => o.id), { runAt: due!.now, maxAttempts: CHUNK_MAX_ATTEMPTS + 1 })
    } finally {
      await utils.release()
    }
  }
  await waitFor('the chunk jobs to drain', async () => ((await sql<{ n: string }>`select count(*)::text as n from graphile_worker.jobs
    where task_identifier = ${BILL_CHUNK_TASK}`.execute(db)).rows[0]!.n === '0' ? true : undefined), 15_000)
  t.comment(`${orphanJobs.length} chunk job(s) of the dead worker run again as duplicates`)

  assertComplete(t, await snapshot(db, seeded.tenantId, run.id, PERIOD), seeded, 'after the resume')
  const end = await issued()
  t.equal(end.bills, seeded.billable, 'every billable account billed')
  t.equal(end.events, end.bills, 'one bill.issued per bill')
  t.equal(end.distinctBills, end.bills, 'no bill told twice')
  t.equal(end.orphans, 0, 'no bill.issued for a bill that does not exist')
  t.equal(end.wrongNumber, 0, 'each event carries its bill\'s number')
  const runEvents = await sql<{ type: string; n: string }>`select type, count(*)::text as n from events
    where tenant_id = ${seeded.tenantId} and object_type = 'bill_run' group by type order by type`.execute(db)
  t.same(runEvents.rows, [{ type: 'bill_run.completed', n: '1' }, { type: 'bill_run.started', n: '1' }], 'bill_run.started and bill_run.completed once each (a resume starts nothing new)')

  const all = (await sql<{ eventId: string }>`select event_id from events where tenant_id = ${seeded.tenantId} order by txid, seq`.execute(db)).rows.map((r) => r.eventId)
  await waitFor('every event delivered', () => (all.every((id) => received.includes(id)) ? true : undefined), 40_000)
  const firstSeen = [...new Set(received)]
  t.same(firstSeen, all, `every event delivered, first in feed order (${received.length - firstSeen.length} repeat(s), deduplicated on webhook-id)`)
  second.kill('SIGTERM')
  await second.exit()
})
