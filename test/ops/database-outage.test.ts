// Issue 9 §6: while the database is down, requests answer 503 problem+json
// (database_unavailable, Retry-After), readiness is false, and both recover by
// themselves when it is back. A real Postgres, really killed and restarted.
import { testClock } from '../helpers/clock.ts'
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { createDb, createPool, ensureDatabase } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { addTenant, bearer } from '../helpers/app.ts'
import { killablePostgres } from '../app/billing/kill-9-postgres.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const server = await killablePostgres()
t.teardown(() => server.destroy())
const url = await ensureDatabase(server.url, 'aqualedger')
const pool = createPool(url, 4, 2000)
const db = createDb(pool)
t.teardown(() => db.destroy())
await migrateToLatest(db)
const tenant = await addTenant(db)
const app = await buildApp({ db, clock: testClock, pool, config: { LOG_LEVEL: 'silent', BODY_LIMIT_BYTES: 1_048_576, BULK_BODY_LIMIT_BYTES: 256 * 1_048_576 } })
t.teardown(() => app.close())

const tenantRead = () => app.inject({ method: 'GET', url: '/v1/tenant', headers: bearer(tenant.keys.readonly) })
const graphqlRead = () => app.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.readonly), payload: { query: '{ tenant { name } }' } })
const ready = () => app.inject({ method: 'GET', url: '/health/ready' })

t.test('up: 200 and ready', async (t) => {
  t.equal((await tenantRead()).statusCode, 200)
  t.equal((await ready()).statusCode, 200)
})

t.test('down (SIGKILL of the postmaster): 503 database_unavailable with Retry-After, not 500', async (t) => {
  await server.kill()
  const answers = await Promise.all(Array.from({ length: 40 }, async (_, i) => (i % 4 === 3 ? { gql: await graphqlRead() } : { rest: await tenantRead() })))
  const rest = answers.flatMap((a) => (a.rest ? [a.rest] : []))
  t.same([...new Set(rest.map((r) => r.statusCode))], [503], 'every REST request answers 503')
  const r = rest[0]!
  t.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(r.json().code, 'database_unavailable')
  t.equal(r.json().status, 503)
  t.ok(Number(r.headers['retry-after']) > 0, `retry-after ${r.headers['retry-after']}`)
  const gql = answers.find((a) => a.gql)!.gql!
  t.equal(gql.json().errors[0].extensions.code, 'database_unavailable', 'GraphQL: the same code')
  const notReady = await ready()
  t.equal(notReady.statusCode, 503, 'readiness false')
  t.ok(notReady.headers['retry-after'])
  t.equal((await app.inject({ method: 'GET', url: '/health/live' })).statusCode, 200, 'still live')
})

t.test('back: requests and readiness recover by themselves', async (t) => {
  await server.start()
  const deadline = Date.now() + 20_000
  let status = 0
  while (Date.now() < deadline) {
    status = (await tenantRead()).statusCode
    if (status === 200) break
    t.equal(status, 503, 'only 503 while it comes back')
    await sleep(100)
  }
  t.equal(status, 200, 'served again')
  t.equal((await ready()).statusCode, 200, 'ready again')
  t.equal((await graphqlRead()).json().data.tenant.name, 'Test vodokanal')
})
