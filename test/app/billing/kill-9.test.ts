// Issue 4 §1 with real kills: a bill run is worked by `node src/jobs/worker.ts`
// processes against a Postgres of this test's own (killing the suite's shared
// server would break the other files). A: SIGKILL of a worker mid-run; B:
// SIGKILL of the postmaster mid-run, crash recovery on restart. After each,
// a resume (startBillRun again) and a fresh worker finish the run, and the
// jobs the dead worker still held are released and run again as duplicates.
// At the kill and at the end: no gap, no duplicate, nothing half-committed.
import { clockOn } from '../../helpers/clock.ts'
import t, { type Test } from 'tap'
import { sql } from 'kysely'
import { makeWorkerUtils } from 'graphile-worker'
import { createDb, createPool, ensureDatabase } from '../../../src/db/database.ts'
import { migrateToLatest } from '../../../src/db/migrate.ts'
import { installQueue } from '../../../src/jobs/queue.ts'
import { BILL_CHUNK_TASK, CHUNK_MAX_ATTEMPTS, getBillRun, startBillRun } from '../../../src/app/billing/bill-runs.ts'
import { killablePostgres } from './kill-9-postgres.ts'
import { killAll, spawnWorker, type WorkerProcess } from './kill-9-worker.ts'
import { assertComplete, assertConsistent, secondBillRefusedBy, seedTenant, snapshot, type Seeded } from './kill-9-fixture.ts'

const ACCOUNTS = 2_000
const CHUNK = 50
const PERIOD = '2026-10-01'
const TODAY = '2026-11-05'

const server = await killablePostgres()
const url = Object.assign(new URL(server.url), { pathname: '/aqualedger' }).toString()
const pool = createPool(url, 4) // connects on first use
const db = createDb(pool)
// Registered first: workers, then our pool, then Postgres and its directory, even when a test fails.
t.teardown(async () => {
  await killAll()
  await db.destroy().catch(() => {})
  await server.destroy()
})
const workers: WorkerProcess[] = []
await ensureDatabase(server.url, 'aqualedger')

await migrateToLatest(db)
await installQueue(pool)
const a = await seedTenant(db, 'Kill -9 of a worker', ACCOUNTS)
const b = await seedTenant(db, 'Kill -9 of Postgres', ACCOUNTS)
await sql`analyze`.execute(db)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 40_000, describe?: () => Promise<string>): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > deadline) {
      const state = describe ? `${await describe()}\n` : ''
      throw new Error(`timed out waiting for ${what}\n${state}${workers.map((w) => `worker ${w.pid}:\n${w.output()}`).join('\n')}`)
    }
    await sleep(20)
  }
}

/** The run as the API reports it: progress is summed from the chunk rows (run-progress.ts). */
async function progress(tenantId: string, runId: string) {
  return getBillRun(db, tenantId, runId)
}

/** Waits until a share of the run is processed, but not all of it. */
async function midRun(tenantId: string, runId: string): Promise<number> {
  const r = await waitFor('the run to be under way', async () => {
    const p = await progress(tenantId, runId)
    return p.done + p.failed >= p.total * 0.3 || p.status === 'completed' ? p : undefined
  })
  return r.done + r.failed
}

/**
 * The moment to kill: best while a chunk transaction holds numbers it has not
 * committed (the counter's table lock is held to commit), else while one is
 * writing. A race by nature: the message says what was seen, not what was hit.
 */
async function aim(): Promise<string> {
  const start = Date.now()
  while (Date.now() - start < 3000) {
    const { rows } = await sql<{ numbers: boolean; writing: boolean }>`select
      exists (select 1 from pg_locks l join pg_class c on c.oid = l.relation
              where c.relname = 'bill_number_counters' and l.mode = 'RowExclusiveLock' and l.pid <> pg_backend_pid()) as numbers,
      exists (select 1 from pg_stat_activity where backend_xid is not null and pid <> pg_backend_pid()) as writing`.execute(db)
    if (rows[0]!.numbers) return 'a chunk transaction held uncommitted bill numbers'
    if (rows[0]!.writing && Date.now() - start > 1500) return 'a chunk transaction was writing'
  }
  return 'no chunk transaction was seen writing'
}

function spawn(): WorkerProcess {
  const w = spawnWorker(url)
  workers.push(w)
  return w
}

async function killWorker(w: WorkerProcess): Promise<void> {
  w.kill('SIGKILL')
  await w.exit()
}

interface Orphan { id: string; lockedBy: string; chunkPending: boolean }

/**
 * Chunk jobs still locked: once every worker is dead, the jobs the dead ones
 * held, with whether their chunk is still pending (the worker may have died
 * between the chunk's commit and the job's completion). The payload is only
 * in graphile-worker's private table.
 */
async function orphanJobs(): Promise<Orphan[]> {
  const { rows } = await sql<Orphan>`select j.id::text, j.locked_by, c.status = 'pending' as chunk_pending
    from graphile_worker._private_jobs j
    join graphile_worker._private_tasks k on k.id = j.task_id and k.identifier = ${BILL_CHUNK_TASK}
    join bill_run_chunks c on c.tenant_id = (j.payload->>'tenantId')::uuid and c.bill_run_id = (j.payload->>'billRunId')::uuid
      and c.chunk_no = (j.payload->>'chunkNo')::int
    where j.locked_by is not null`.execute(db)
  return rows
}

/**
 * Resume and a fresh worker finish the run. The dead workers' jobs are not
 * waited for (their lock times out after 4 h): the resume enqueued their
 * chunks again and marked them spent (attempts = max). Released and retried
 * by hand afterwards, as an operator might, they run as duplicates.
 */
async function resumeAndFinish(t: Test, s: Seeded, runId: string, orphans: Orphan[]): Promise<void> {
  const resumed = await startBillRun(db, s.tenantId, { periodStart: PERIOD }, clockOn(TODAY), { chunkSize: CHUNK })
  t.equal(resumed.resumed, true, 'startBillRun resumes the run in progress')
  t.equal(resumed.run.id, runId)
  const w = spawn()
  const t0 = Date.now()
  await waitFor('the run to complete', async () => ((await progress(s.tenantId, runId)).status === 'completed' ? true : undefined))
  t.comment(`the fresh worker finished the run ${((Date.now() - t0) / 1000).toFixed(1)} s after it was spawned`)

  const ids = orphans.map((o) => o.id)
  // the last chunk's job completes just after the chunk's commit completed the run
  const left = await waitFor('the live jobs to complete', async () => {
    const { rows } = await sql<{ id: string; spent: boolean }>`select id::text, attempts = max_attempts as spent from graphile_worker.jobs
      where task_identifier = ${BILL_CHUNK_TASK}`.execute(db)
    return rows.length <= ids.length ? rows : undefined
  }, 5_000)
  t.same(left.map((r) => r.id).sort(), [...ids].sort(), 'only the dead workers\' jobs are left in the queue')
  const spent = new Set(left.filter((r) => r.spent).map((r) => r.id))
  t.ok(orphans.filter((o) => o.chunkPending).every((o) => spent.has(o.id)), 'the resume marked the jobs of pending chunks spent')
  if (ids.length) {
    const utils = await makeWorkerUtils({ pgPool: pool })
    try {
      await utils.forceUnlockWorkers([...new Set(orphans.map((o) => o.lockedBy))])
      await utils.rescheduleJobs(ids, { runAt: new Date(), maxAttempts: CHUNK_MAX_ATTEMPTS + 1 }) // one more attempt
    } finally {
      await utils.release()
    }
  }
  await waitFor('the duplicate jobs to run', async () => {
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from graphile_worker.jobs where task_identifier = ${BILL_CHUNK_TASK}`.execute(db)
    return rows[0]!.n === '0' ? true : undefined
  }, 15_000, async () => JSON.stringify((await sql`select * from graphile_worker.jobs`.execute(db)).rows))
  w.kill('SIGTERM')
  await w.exit()
}

t.test('A: kill -9 of a worker process mid-run, then resume', async (t) => {
  const { run } = await startBillRun(db, a.tenantId, { periodStart: PERIOD }, clockOn(TODAY), { chunkSize: CHUNK })
  t.equal(run.total, ACCOUNTS)
  const w1 = spawn()
  const seen = await midRun(a.tenantId, run.id)
  const moment = await aim()
  await killWorker(w1)
  t.comment(`killed worker ${w1.pid} after ${seen}/${run.total} accounts; ${moment}`)

  const after = await snapshot(db, a.tenantId, run.id, PERIOD)
  t.not(after.status, 'completed', 'the kill landed mid-run')
  t.ok(after.chunksPending > 0, 'chunks left')
  assertConsistent(t, after, 'after the kill')
  const orphans = await orphanJobs()
  t.comment(`the dead workers still hold ${orphans.length} chunk job(s), ${orphans.filter((o) => !o.chunkPending).length} of them of a chunk already committed`)

  await resumeAndFinish(t, a, run.id, orphans)
  assertComplete(t, await snapshot(db, a.tenantId, run.id, PERIOD), a, 'after the resume')
})

t.test('B: kill -9 of Postgres mid-run, crash recovery, then resume', async (t) => {
  const { run } = await startBillRun(db, b.tenantId, { periodStart: PERIOD }, clockOn(TODAY), { chunkSize: CHUNK })
  const w = [spawn(), spawn()]
  const seen = await midRun(b.tenantId, run.id)
  const moment = await aim()
  await server.kill()
  // The workers lose their database; whatever state they are in, they are replaced (kill -9 of the survivors).
  await sleep(300)
  const survivors = w.filter((x) => !x.exited()).length
  const why = w.map((x) => /^(?:\w*Error|error): .*$/m.exec(x.output())?.[0]).find(Boolean) ?? 'no error printed'
  for (const x of w) await killWorker(x)
  t.comment(`killed the postmaster after ${seen}/${run.total} accounts; ${moment}; ${survivors} of 2 workers still up 300 ms later (${why})`)

  await server.start()
  t.match(server.log(), /not properly shut down; automatic recovery in progress/, 'Postgres recovered from a crash')
  const after = await snapshot(db, b.tenantId, run.id, PERIOD)
  t.not(after.status, 'completed', 'the kill landed mid-run')
  t.ok(after.chunksPending > 0, 'chunks left')
  assertConsistent(t, after, 'after crash recovery')
  const orphans = await orphanJobs()
  t.comment(`the dead workers still hold ${orphans.length} chunk job(s), ${orphans.filter((o) => !o.chunkPending).length} of them of a chunk already committed`)

  await resumeAndFinish(t, b, run.id, orphans)
  assertComplete(t, await snapshot(db, b.tenantId, run.id, PERIOD), b, 'after the resume')
  t.equal(await secondBillRefusedBy(db, b.tenantId, PERIOD), 'bills_one_per_period', 'after crash recovery the unique index still refuses a second bill')
  assertComplete(t, await snapshot(db, a.tenantId, (await db.selectFrom('billRuns').select('billRunId').where('tenantId', '=', a.tenantId)
    .executeTakeFirstOrThrow()).billRunId, PERIOD), a, 'the first tenant, untouched by the crash')
})
