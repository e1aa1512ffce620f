// Issue 10 §1, §3: the doors without a signed-in user reveal nothing.
// Registering a taken e-mail answers as a new registration (the owner gets a
// message instead); sign-in failures are limited per e-mail and per IP, and a
// locked door answers exactly as a wrong password; every attempt is audited.
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { bearer, TEST_CONFIG, testApp } from '../helpers/app.ts'
import { clockOn } from '../helpers/clock.ts'
import { lastMessage, registeredCustomer } from '../helpers/customers.ts'
import { pruneAttempts, PRUNE_ATTEMPTS_TASK } from '../../src/app/customer-auth/attempt-limits.ts'

const { app, db, tenant } = await testApp(t)
const base = `/v1/tenants/${tenant.id}/customer-auth`
/** What a caller can compare: the status and the body's shape and values, less what differs in every answer (ids, instants). */
const seen = (r: { statusCode: number; json(): any }) => {
  const { id: _i, createdAt: _c, requestId: _r, instance: _n, ...body } = r.json()
  return { status: r.statusCode, body, keys: Object.keys(r.json()).sort() }
}

t.test('registering a taken e-mail answers as a new registration; the owner is told instead', async (t) => {
  const owner = await registeredCustomer(app, tenant)
  const register = (email: string) => app.inject({ method: 'POST', url: `${base}/register`,
    payload: { kind: 'person', name: 'Петров Пётр', email, phone: '+79005550000', password: 'a long password' } })
  const taken = await register(owner.email.toUpperCase())
  const fresh = await register('fresh-person@example.org')
  t.equal(taken.statusCode, 201, taken.body)
  const a = seen(taken); const b = seen(fresh)
  t.same(a.keys, b.keys)
  t.same({ ...a.body, email: 'x' }, { ...b.body, email: 'x' }, 'the same answer, whatever the address')
  t.equal(a.body.email, owner.email.toUpperCase(), 'the address echoed as given, as for a new one')
  t.match(await lastMessage(app, tenant, owner.email, 'registration_attempt'), /reset your password if it was you/)
  t.equal((await db.selectFrom('customerUsers').select('customerUserId').where(({ eb, fn }) => eb(fn('lower', ['email']), '=', owner.email.toLowerCase())).execute()).length, 1,
    'no second user')
  t.equal((await app.inject({ method: 'GET', url: `/v1/customer-users/${taken.json().id}`, headers: bearer(tenant.keys.admin) })).statusCode, 404, 'the answer\'s id backs nothing')
  const codes = await db.selectFrom('outboxMessages').select('kind').where('recipient', '=', '+79005550000').execute()
  t.equal(codes.length, 1, 'a phone code only for the new registration')
  t.ok(await db.selectFrom('auditLog').select('auditId').where('action', '=', 'customer_user.registration_with_taken_email').executeTakeFirst())
})

t.test('sign-in: limits per e-mail and per IP; a locked door answers like a wrong password', async (t) => {
  const c = await registeredCustomer(app, tenant)
  const signIn = (email: string, password: string, ip = '10.9.0.1') =>
    app.inject({ method: 'POST', url: `${base}/sign-in`, payload: { email, password }, remoteAddress: ip })
  const wrong = await signIn(c.email, 'not the password')
  const unknown = await signIn('nobody-here@example.org', 'not the password')
  for (let i = 0; i < 3; i++) await signIn(c.email, 'not the password', `10.9.1.${i}`)
  const fifth = await signIn(c.email, 'not the password', '10.9.1.9')
  t.equal(fifth.statusCode, 401)
  const locked = await signIn(c.email, c.password, '10.9.2.1')
  t.same(seen(locked), seen(wrong), 'the right password on a locked e-mail: the same answer as a wrong one')
  t.same(seen(unknown), seen(wrong), 'an unknown e-mail: the same answer')
  const audits = await db.selectFrom('auditLog').select(['action', 'detail']).where('action', 'like', 'session.sign_in%').execute()
  t.same([...new Set(audits.map((x) => (x.detail as { reason: string }).reason))].sort(), ['locked_out', 'unknown_email', 'wrong_password'], 'failed sign-ins recorded, with why')

  const other = await registeredCustomer(app, tenant)
  for (let i = 0; i < 30; i++) await signIn(`spray-${i}@example.org`, 'guess', '10.9.3.1')
  t.equal((await signIn(other.email, other.password, '10.9.3.1')).statusCode, 401, 'thirty failures from an IP lock it')
  t.equal((await signIn(other.email, other.password, '10.9.3.2')).statusCode, 200, 'another IP is not locked')
  t.ok(await db.selectFrom('auditLog').select('auditId').where('action', '=', 'session.signed_in').executeTakeFirst(), 'sign-ins audited')

  const later = await buildApp({ db, clock: { now: () => new Date(clockOn('2026-11-25').now().getTime() + 16 * 60_000) }, config: TEST_CONFIG })
  t.teardown(() => later.close())
  t.equal((await later.inject({ method: 'POST', url: `${base}/sign-in`, payload: { email: c.email, password: c.password }, remoteAddress: '10.9.2.1' })).statusCode,
    200, 'the window passes')
})

t.test('one attempts table for every door (migration 0146); counters older than a day are pruned hourly', async (t) => {
  const purposes = (await db.selectFrom('authAttempts').select('purpose').distinct().where('tenantId', '=', tenant.id).execute()).map((r) => r.purpose)
  t.ok(purposes.includes('sign_in'), 'sign-in attempts counted')
  const before = Number((await db.selectFrom('authAttempts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
  t.ok(before > 0)
  t.equal(await pruneAttempts(db, clockOn('2026-11-25')), 0, 'nothing older than a day yet')
  t.equal(await pruneAttempts(db, clockOn('2026-11-27')), before, 'two days on: all gone')
  const jobs = await import('../../src/jobs/tasks.ts')
  t.ok(PRUNE_ATTEMPTS_TASK in jobs.taskList(db), 'the worker runs it (hourly, src/jobs/queue.ts crontab)')
})
