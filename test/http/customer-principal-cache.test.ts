// Customer principals remembered per process (src/app/customer-auth/
// principal-cache.ts, issue 10 bench:balance ≥ 90%) without giving up "takes
// effect at once" (issue 10 §2, §5): a change written by another connection
// (another process, psql) reaches this process through the triggers' NOTIFY;
// a lost listener turns remembering off; a delegation's end is checked
// against the clock on every use; a read that raced with a change is not kept.
import t from 'tap'
import pg from 'pg'
import { buildApp } from '../../src/app.ts'
import { CustomerPrincipalCache, principalCacheOf } from '../../src/app/customer-auth/principal-cache.ts'
import type { CustomerPrincipal } from '../../src/app/auth/principal.ts'
import { poolOf } from '../../src/db/raw-client.ts'
import { bearer, TEST_CONFIG, testApp } from '../helpers/app.ts'
import { clockOn } from '../helpers/clock.ts'
import { linkResidential, registeredCustomer } from '../helpers/customers.ts'
import { accept, invitationToken, invite } from '../helpers/delegations.ts'
import { estate } from '../helpers/estates.ts'

const { app, db, tenant } = await testApp(t)
const cache = principalCacheOf(db)
const mine = await estate(app, db, tenant, 'Holder', 'PC')
const holder = await registeredCustomer(app, tenant, 'Hanna Holder')
if ((await linkResidential(app, holder, mine.number, 'Holder')).statusCode !== 201) throw new Error('link')
const balance = (who: { access: string }, a = app) => a.inject({ method: 'GET', url: `/v1/accounts/${mine.account}/balance`, headers: bearer(who.access) })

/** Another connection, as another process or psql would write. */
const other = new pg.Client({ connectionString: poolOf(db)!.options.connectionString })
await other.connect()
t.teardown(() => other.end())

/** Polls until the request answers `status` (the notice travels asynchronously), up to 2 s; returns the milliseconds it took. */
async function until(status: number, request: () => Promise<{ statusCode: number }>): Promise<number> {
  const start = performance.now()
  while (performance.now() - start < 2_000) {
    if ((await request()).statusCode === status) return performance.now() - start
    await new Promise((r) => setTimeout(r, 5))
  }
  return Infinity
}

t.test('the app is ready only once its listener hears: principals are remembered from the first request', async (t) => {
  t.equal(cache.live, true)
  t.equal((await balance(holder)).statusCode, 200)
  // proof that the second request is served from memory: with the trigger off, a link deleted behind the app's back goes unseen
  await other.query('alter table customer_account_links disable trigger customer_account_links_notify')
  await other.query('delete from customer_account_links where tenant_id = $1 and customer_user_id = $2', [tenant.id, holder.userId])
  t.equal((await balance(holder)).statusCode, 200, 'remembered: no notice, no re-read')
  await other.query('alter table customer_account_links enable trigger customer_account_links_notify')
  await other.query('insert into customer_account_links (tenant_id, customer_user_id, account_id, role, via) values ($1, $2, $3, \'manage\', \'link\')',
    [tenant.id, holder.userId, mine.account])
})

t.test('a link removed by another connection: the notice makes the next requests 404 within milliseconds', async (t) => {
  t.equal((await balance(holder)).statusCode, 200)
  await other.query('delete from customer_account_links where tenant_id = $1 and customer_user_id = $2', [tenant.id, holder.userId])
  const ms = await until(404, () => balance(holder))
  t.ok(ms < 2_000, `unlinked elsewhere → 404 after ${ms.toFixed(1)} ms`)
  await other.query('insert into customer_account_links (tenant_id, customer_user_id, account_id, role, via) values ($1, $2, $3, \'manage\', \'link\')',
    [tenant.id, holder.userId, mine.account])
  t.ok(await until(200, () => balance(holder)) < 2_000, 'linked elsewhere → seen')
})

t.test('a session revoked or a user disabled by another connection', async (t) => {
  const c = await registeredCustomer(app, tenant, 'Holder')
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(c.access) })).statusCode, 200)
  await other.query('update customer_sessions set revoked_at = now(), revoked_reason = \'psql\' where tenant_id = $1 and customer_user_id = $2', [tenant.id, c.userId])
  t.ok(await until(401, () => app.inject({ method: 'GET', url: '/v1/me', headers: bearer(c.access) })) < 2_000, 'revoked session → 401')
  t.equal((await balance(holder)).statusCode, 200)
  await other.query('update customer_users set disabled_at = now() where tenant_id = $1 and customer_user_id = $2', [tenant.id, holder.userId])
  t.ok(await until(401, () => balance(holder)) < 2_000, 'disabled user → 401')
  await other.query('update customer_users set disabled_at = null where tenant_id = $1 and customer_user_id = $2', [tenant.id, holder.userId])
  t.ok(await until(200, () => balance(holder)) < 2_000, 're-enabled → 200 (its session was not revoked)')
})

t.test('this process\'s own writes take effect on the very next request (no waiting for the notice)', async (t) => {
  const viewer = await registeredCustomer(app, tenant, 'Vera Viewer')
  const i = await invite(app, holder, { email: viewer.email, role: 'view', accountIds: [mine.account] })
  t.equal((await accept(app, viewer, await invitationToken(app, tenant, viewer.email))).statusCode, 200)
  t.equal((await balance(viewer)).statusCode, 200, 'accepted → seen at once')
  t.equal((await balance(viewer)).statusCode, 200)
  const r = await app.inject({ method: 'DELETE', url: `/v1/delegations/${i.json().id}`, headers: bearer(holder.access) })
  t.ok(r.statusCode < 300, r.body)
  t.equal((await balance(viewer)).statusCode, 404, 'revoked → 404 on the next request')
  const out = await app.inject({ method: 'POST', url: '/v1/me/sign-out', headers: bearer(viewer.access) })
  t.ok(out.statusCode < 300, out.body)
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(viewer.access) })).statusCode, 401, 'signed out everywhere → 401 on the next request')
})

t.test('a delegation\'s end is compared with the clock on every use, remembered or not', async (t) => {
  const guest = await registeredCustomer(app, tenant, 'Gustav Guest')
  await invite(app, holder, { email: guest.email, role: 'view', accountIds: [mine.account], expiresAt: '2026-12-01T00:00:00Z' })
  t.equal((await accept(app, guest, await invitationToken(app, tenant, guest.email))).statusCode, 200)
  t.equal((await balance(guest)).statusCode, 200)
  t.equal((await balance(guest)).statusCode, 200, 'remembered')
  const later = await buildApp({ db, clock: clockOn('2026-12-02'), config: TEST_CONFIG })
  t.teardown(() => later.close())
  // the access token itself is still valid on 2 December? No: it expires in 15 minutes; sign in again on that day
  const tokens = (await later.inject({ method: 'POST', url: `/v1/tenants/${tenant.id}/customer-auth/sign-in`, payload: { email: guest.email, password: guest.password } })).json()
  t.equal((await balance({ access: tokens.accessToken }, later)).statusCode, 404, 'after the end: 404')
})

t.test('a lost listener turns remembering off; it reconnects and remembers again', async (t) => {
  t.equal((await balance(holder)).statusCode, 200)
  await other.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = \'aqualedger-change-listener\' and datname = current_database()')
  const deadline = performance.now() + 2_000
  while (cache.live && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5))
  t.equal(cache.live, false, 'off while nothing is heard')
  // with the trigger off nothing would be heard anyway: what answers is a fresh read
  await other.query('alter table customer_account_links disable trigger customer_account_links_notify')
  await other.query('delete from customer_account_links where tenant_id = $1 and customer_user_id = $2', [tenant.id, holder.userId])
  t.equal((await balance(holder)).statusCode, 404, 'not remembered while deaf: the delete is seen at once')
  await other.query('insert into customer_account_links (tenant_id, customer_user_id, account_id, role, via) values ($1, $2, $3, \'manage\', \'link\')',
    [tenant.id, holder.userId, mine.account])
  await other.query('alter table customer_account_links enable trigger customer_account_links_notify')
  t.equal(await cache.whenLive(3_000), true, 'reconnected')
  t.equal((await balance(holder)).statusCode, 200)
})

t.test('the cache itself: a read that started before a change is not kept; the TTL and the end expire entries', async (t) => {
  const c = new CustomerPrincipalCache()
  const p: CustomerPrincipal = { kind: 'customer', tenantId: 't', customerUserId: 'u', sessionId: 's', accounts: new Map([['a', 'manage']]) }
  c.set(p, null, c.epoch)
  t.equal(c.get('s', 0), undefined, 'nothing is kept while not live')
  c.setLive(true)
  const before = c.epoch
  c.forgetUser('t', 'u')
  c.set(p, null, before, 0)
  t.equal(c.get('s', 0, 1), undefined, 'a read from before the change is dropped')
  c.set(p, 1_000, c.epoch, 0)
  t.equal(c.get('s', 999, 1), p, 'kept')
  t.equal(c.get('s', 1_000, 1), undefined, 'at the delegation\'s end: gone')
  c.set(p, null, c.epoch, 0)
  t.equal(c.get('s', 0, 59_999), p)
  t.equal(c.get('s', 0, 60_000), undefined, 'after the TTL: re-read')
  c.set(p, null, c.epoch, 0)
  c.forgetUser('t', 'u')
  t.equal(c.get('s', 0, 1), undefined, 'forgotten with its user')
})
