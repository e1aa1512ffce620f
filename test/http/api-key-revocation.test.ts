// API keys remembered per process (src/app/auth/api-keys.ts) and a
// revocation that takes effect at once everywhere: written by another
// connection (another process, `npm run keys:rotate`, psql), migration 0161's
// notice makes this process forget within milliseconds, not after the TTL;
// its own DELETE /v1/api-keys/{id} takes effect on the very next request.
import t from 'tap'
import pg from 'pg'
import { apiKeysRemembered, createApiKey } from '../../src/app/auth/api-keys.ts'
import { poolOf } from '../../src/db/raw-client.ts'
import { bearer, testApp } from '../helpers/app.ts'

const { app, db, tenant } = await testApp(t)
const other = new pg.Client({ connectionString: poolOf(db)!.options.connectionString })
await other.connect()
t.teardown(() => other.end())
/** Revoked behind the app's back with the trigger off: no notice is sent. */
async function revokeWithoutNotice(keyId: string): Promise<void> {
  await other.query('alter table api_keys disable trigger api_keys_notify')
  await other.query('update api_keys set revoked_at = now() where tenant_id = $1 and key_id = $2', [tenant.id, keyId])
  await other.query('alter table api_keys enable trigger api_keys_notify')
}
const tenantInfo = (key: string) => app.inject({ method: 'GET', url: '/v1/tenant', headers: bearer(key) })

t.test('remembered: a key revoked behind the app\'s back with the notice off still works', async (t) => {
  t.equal(apiKeysRemembered(db), true)
  const k = await createApiKey(db, tenant.id, 'remembered', ['admin'])
  t.equal((await tenantInfo(k.apiKey)).statusCode, 200)
  await revokeWithoutNotice(k.keyId)
  t.equal((await tenantInfo(k.apiKey)).statusCode, 200, 'no notice: remembered (the proof the cache is used)')
  await other.query('notify aql_api_keys')
  const start = performance.now()
  while ((await tenantInfo(k.apiKey)).statusCode === 200 && performance.now() - start < 2_000) await new Promise((r) => setTimeout(r, 5))
  t.equal((await tenantInfo(k.apiKey)).statusCode, 401, 'forgotten on the notice')
})

t.test('revoked by another connection: 401 within milliseconds', async (t) => {
  const k = await createApiKey(db, tenant.id, 'elsewhere', ['admin'])
  t.equal((await tenantInfo(k.apiKey)).statusCode, 200)
  t.equal((await tenantInfo(k.apiKey)).statusCode, 200)
  const start = performance.now()
  await other.query('update api_keys set revoked_at = now() where tenant_id = $1 and key_id = $2', [tenant.id, k.keyId])
  let status = 200
  while (status === 200 && performance.now() - start < 2_000) { status = (await tenantInfo(k.apiKey)).statusCode; if (status === 200) await new Promise((r) => setTimeout(r, 5)) }
  t.equal(status, 401, `refused ${(performance.now() - start).toFixed(1)} ms after the revocation elsewhere`)
})

t.test('revoked through this process\'s API: refused on the very next request', async (t) => {
  const k = await createApiKey(db, tenant.id, 'here', ['admin'])
  t.equal((await tenantInfo(k.apiKey)).statusCode, 200)
  const del = await app.inject({ method: 'DELETE', url: `/v1/api-keys/${k.keyId}`, headers: bearer(tenant.keys.admin) })
  t.equal(del.statusCode, 200, del.body)
  t.equal((await tenantInfo(k.apiKey)).statusCode, 401)
})

t.test('a lost listener: nothing remembered until it is back', async (t) => {
  await other.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = \'aqualedger-change-listener\' and datname = current_database()')
  const start = performance.now()
  while (apiKeysRemembered(db) && performance.now() - start < 2_000) await new Promise((r) => setTimeout(r, 5))
  t.equal(apiKeysRemembered(db), false, 'off')
  const k = await createApiKey(db, tenant.id, 'while off', ['admin'])
  t.equal((await tenantInfo(k.apiKey)).statusCode, 200)
  await revokeWithoutNotice(k.keyId)
  t.equal((await tenantInfo(k.apiKey)).statusCode, 401, 'read every time while off: the revocation is seen even without a notice')
  while (!apiKeysRemembered(db) && performance.now() - start < 5_000) await new Promise((r) => setTimeout(r, 20))
  t.equal(apiKeysRemembered(db), true, 'reconnected')
})
