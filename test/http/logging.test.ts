// Logs are JSON with the request id; API keys and secrets never reach them.
import { testClock } from '../helpers/clock.ts'
import t from 'tap'
import { PassThrough } from 'node:stream'
import { buildApp } from '../../src/app.ts'
import { testDatabase } from '../helpers/database.ts'
import { addTenant, bearer } from '../helpers/app.ts'

const { db } = await testDatabase(t)
const tenant = await addTenant(db)
const lines: string[] = []
const stream = new PassThrough()
stream.on('data', (chunk) => lines.push(...chunk.toString().split('\n').filter(Boolean)))
const app = await buildApp({ db, clock: testClock, config: { LOG_LEVEL: 'info', BODY_LIMIT_BYTES: 1_048_576, BULK_BODY_LIMIT_BYTES: 1_048_576 }, logStream: stream })
t.teardown(() => app.close())

t.test('request id in logs and in the answer; the key is redacted', async (t) => {
  const r = await app.inject({ method: 'GET', url: '/v1/customers', headers: { ...bearer(tenant.keys.admin), 'x-request-id': 'req-42', 'x-api-key': 'secret-x' } })
  t.equal(r.statusCode, 200)
  t.equal(r.headers['x-request-id'], 'req-42')
  await new Promise((resolve) => setImmediate(resolve))
  const mine = lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === 'req-42')
  t.ok(mine.length >= 2, 'incoming and completed lines carry the request id')
  const text = lines.join('\n')
  t.notOk(text.includes(tenant.keys.admin), 'the API key is not in the logs')
  t.notOk(text.includes('secret-x'), 'x-api-key is not in the logs')
  t.match(text, /\[redacted\]/)
})

t.test('a created API key is not logged and not stored for replay', async (t) => {
  const r = await app.inject({ method: 'POST', url: '/v1/api-keys', headers: { ...bearer(tenant.keys.admin), 'idempotency-key': 'key-1' }, payload: { name: 'mobile app', scopes: ['portal'] } })
  t.equal(r.statusCode, 201)
  const key = r.json().apiKey
  t.notOk(lines.join('\n').includes(key))
  const stored = await db.selectFrom('idempotencyKeys').select('responseBody').execute()
  t.notOk(JSON.stringify(stored).includes(key))
  const use = await app.inject({ method: 'GET', url: '/v1/tenant', headers: bearer(key) })
  t.equal(use.statusCode, 200, 'the new key works')
  const list = await app.inject({ method: 'GET', url: '/v1/api-keys', headers: bearer(tenant.keys.admin) })
  const id = list.json().items.find((k: any) => k.name === 'mobile app').id
  const del = await app.inject({ method: 'DELETE', url: `/v1/api-keys/${id}`, headers: bearer(tenant.keys.admin) })
  t.equal(del.statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/v1/tenant', headers: bearer(key) })).statusCode, 401, 'a revoked key stops working')
})
