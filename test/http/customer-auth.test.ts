// Issue 10 §1–4 through the API: registration with confirmations, sessions
// with refresh rotation and reuse detection, linking without revealing,
// attempt limits, and what a customer token sees.
import t from 'tap'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { buildApp } from '../../src/app.ts'
import { bearer, testApp } from '../helpers/app.ts'
import { clockOn } from '../helpers/clock.ts'
import { codeIn, lastMessage, linkResidential, registeredCustomer, signIn, tokenIn } from '../helpers/customers.ts'
import { insertBill, monthBill } from './ledger-fixtures.ts'
import { makeAccount, makeMeter } from './readings-fixtures.ts'

const { app, db, tenant, other } = await testApp(t)
const base = `/v1/tenants/${tenant.id}/customer-auth`
const admin = bearer(tenant.keys.admin)

async function accountNamed(ownerSurname: string, number: string, kind: 'residential' | 'non_residential' = 'residential', inn?: string) {
  const c = await app.inject({ method: 'POST', url: '/v1/customers', headers: admin, payload: kind === 'residential'
    ? { kind: 'person', name: 'Owner', surname: ownerSurname } : { kind: 'organization', name: 'ООО Ромашка', inn } })
  const a = await app.inject({ method: 'POST', url: '/v1/accounts', headers: admin, payload: kind === 'residential'
    ? { customerId: c.json().id, kind, number, ownerSurname, openedOn: '2024-01-01' }
    : { customerId: c.json().id, kind, number, contractInn: inn, openedOn: '2024-01-01', usageType: 'non_residential' } })
  if (a.statusCode !== 201) throw new Error(a.body)
  return a.json().id as string
}

t.test('registration: confirmations are single-use, phone codes limited; messages only via the outbox', async (t) => {
  const email = 'Anna@Example.org'
  const r = await app.inject({ method: 'POST', url: `${base}/register`, payload: { kind: 'organization', name: 'ООО «Ромашка»', email, phone: '+79001112233', password: 'long enough pw' } })
  t.equal(r.statusCode, 201, r.body)
  t.same([r.json().emailConfirmed, r.json().phoneConfirmed], [false, false])
  const again = await app.inject({ method: 'POST', url: `${base}/register`, payload: { kind: 'person', name: 'x', email: 'anna@example.org', phone: '+79001112234', password: 'long enough pw' } })
  t.equal(again.statusCode, 201, 'a taken e-mail is not revealed (customer-auth-enumeration.test.ts)')
  t.equal((await db.selectFrom('customerUsers').select('customerUserId').execute()).length, 1, 'one user per e-mail, any case')
  const token = tokenIn(await lastMessage(app, tenant, email, 'email_confirmation'))
  t.equal((await app.inject({ method: 'POST', url: `${base}/email-confirmation`, payload: { token } })).statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: `${base}/email-confirmation`, payload: { token } })).json().code, 'invalid_token', 'single use')
  t.equal((await app.inject({ method: 'POST', url: `/v1/tenants/${other.id}/customer-auth/email-confirmation`, payload: { token } })).statusCode, 422, 'another tenant\'s path does not know it')
  const s = await signIn(app, tenant.id, 'ANNA@example.org', 'long enough pw')
  t.equal(s.statusCode, 200)
  const h = bearer(s.json().accessToken)
  const code = codeIn(await lastMessage(app, tenant, '+79001112233', 'phone_confirmation'))
  const wrong = code === '000000' ? '111111' : '000000'
  for (let i = 0; i < 5; i++) t.equal((await app.inject({ method: 'POST', url: '/v1/me/phone-confirmation', headers: h, payload: { code: wrong } })).statusCode, 422)
  t.equal((await app.inject({ method: 'POST', url: '/v1/me/phone-confirmation', headers: h, payload: { code } })).statusCode, 422, 'dead after 5 wrong codes')
  t.equal((await app.inject({ method: 'POST', url: '/v1/me/accounts', headers: h, payload: { kind: 'residential', accountNumber: 'x', surname: 'y' } })).json().code, 'contact_not_confirmed')
  t.equal((await app.inject({ method: 'POST', url: '/v1/me/phone-confirmation/resend', headers: h })).statusCode, 202)
  const fresh = codeIn(await lastMessage(app, tenant, '+79001112233', 'phone_confirmation'))
  t.equal((await app.inject({ method: 'POST', url: '/v1/me/phone-confirmation', headers: h, payload: { code: fresh } })).json().phoneConfirmed, true)
  const stored = await db.selectFrom('customerUserCodes').select('codeHash').execute()
  t.notOk(stored.some((c) => c.codeHash === code || c.codeHash === fresh), 'codes stored hashed')
  t.match((await db.selectFrom('customerUsers').select('passwordHash').executeTakeFirstOrThrow()).passwordHash, /^\$argon2id\$/)
  t.equal((await app.inject({ method: 'GET', url: '/v1/customer-messages', headers: bearer(tenant.keys.portal) })).statusCode, 403, 'the outbox is for admins')
})

t.test('sign-in: one answer for a wrong password and an unknown e-mail; JWKS verifies the token', async (t) => {
  const c = await registeredCustomer(app, tenant)
  const wrong = await signIn(app, tenant.id, c.email, 'not the password')
  const unknown = await signIn(app, tenant.id, 'nobody@example.org', 'not the password')
  t.same([wrong.statusCode, wrong.json().code, wrong.json().detail], [unknown.statusCode, unknown.json().code, unknown.json().detail])
  t.equal(wrong.statusCode, 401)
  const jwks = (await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json()
  t.ok(jwks.keys.length >= 1 && jwks.keys.every((k: { d?: string }) => k.d === undefined), 'public halves only')
  const { payload, protectedHeader } = await jwtVerify(c.access, createLocalJWKSet(jwks), { currentDate: clockOn('2026-11-25').now() })
  t.equal(payload.sub, c.userId)
  t.ok(protectedHeader.kid)
  t.equal((payload.exp! - payload.iat!), 900, '15 minutes')
})

t.test('linking: wrong pair, unknown account and an account linked elsewhere look alike; limits lock out', async (t) => {
  await accountNamed('Семёнова', 'LS-100')
  await accountNamed('Orgs', 'DG-7', 'non_residential', '7707083893')
  const owner = await registeredCustomer(app, tenant)
  const r = await linkResidential(app, owner, 'LS-100', '  СЕМЕНОВА ')
  t.equal(r.statusCode, 201, `surname as people type it: ${r.body}`)
  t.equal((await app.inject({ method: 'POST', url: '/v1/me/accounts', headers: bearer(owner.access),
    payload: { kind: 'non_residential', contractNumber: 'DG-7', inn: '7707083893' } })).statusCode, 201, 'INN + contract number')
  const me = (await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(owner.access) })).json()
  t.same(me.accounts.map((a: { number: string }) => a.number).sort(), ['DG-7', 'LS-100'])

  const intruder = await registeredCustomer(app, tenant)
  const answers = [await linkResidential(app, intruder, 'LS-100', 'Иванов'), await linkResidential(app, intruder, 'NO-SUCH', 'Семенова'),
    await linkResidential(app, intruder, 'LS-100', 'Семенова')]
  const shape = answers.map((a) => [a.statusCode, a.json().code, a.json().detail])
  t.same(shape[0], shape[1]); t.same(shape[1], shape[2])
  t.equal(answers[0]!.statusCode, 422)
  const reasons = (await db.selectFrom('auditLog').select('detail').where('action', '=', 'account_link.failed').execute()).map((r) => (r.detail as { reason: string }).reason)
  t.same(reasons.sort(), ['linked_elsewhere', 'second_factor_mismatch', 'unknown_account'], 'the audit knows why; the caller does not')
  await linkResidential(app, intruder, 'LS-1', 'x'); await linkResidential(app, intruder, 'LS-2', 'x')
  const locked = await linkResidential(app, intruder, 'LS-100', 'Семенова')
  t.equal(locked.statusCode, 429, 'five failures per user lock out')
  t.ok(await db.selectFrom('auditLog').select('auditId').where('action', '=', 'account_link.locked_out').executeTakeFirst())
  // a later clock: the window has passed
  const later = await buildApp({ db, clock: clockOn('2026-11-26'), config: { LOG_LEVEL: 'silent', BODY_LIMIT_BYTES: 1_048_576, BULK_BODY_LIMIT_BYTES: 1_048_576 } })
  t.teardown(() => later.close())
  t.equal((await later.inject({ method: 'POST', url: '/v1/me/accounts', headers: bearer(intruder.access), payload: { kind: 'residential', accountNumber: 'LS-100', surname: 'x' } })).statusCode,
    401, 'the next day the 15-minute access token has expired (checked against the injected clock)')
})

t.test('what a customer token sees', async (t) => {
  const mine = await makeAccount(app, tenant)
  const theirs = await makeAccount(app, tenant)
  const number = (await app.inject({ method: 'GET', url: `/v1/accounts/${mine.accountId}`, headers: admin })).json().number
  const myMeter = await makeMeter(app, tenant, {}, mine.servicePointId)
  const theirMeter = await makeMeter(app, tenant, {}, theirs.servicePointId)
  const myBill = await insertBill(db, tenant.id, mine.accountId, monthBill('B-1', '2026-09', '100.00'))
  const theirBill = await insertBill(db, tenant.id, theirs.accountId, monthBill('B-2', '2026-09', '50.00'))
  const c = await registeredCustomer(app, tenant)
  t.equal((await linkResidential(app, c, number, 'test')).statusCode, 201)
  const h = bearer(c.access)
  const get = (url: string) => app.inject({ method: 'GET', url, headers: h })
  t.equal((await get(`/v1/accounts/${mine.accountId}/balance`)).statusCode, 200)
  const notMine = await get(`/v1/accounts/${theirs.accountId}/balance`)
  const none = await get('/v1/accounts/00000000-0000-4000-8000-000000000000/balance')
  t.same([notMine.statusCode, notMine.json().code, notMine.json().detail], [none.statusCode, none.json().code, none.json().detail], 'another\'s = nonexistent')
  t.equal(notMine.statusCode, 404)
  t.same((await get('/v1/bills')).json().items.map((b: { id: string }) => b.id), [myBill], 'the list holds own bills only')
  t.same((await get(`/v1/bills?accountId=${theirs.accountId}`)).json().items, [])
  t.equal((await get(`/v1/bills/${theirBill}`)).statusCode, 404)
  t.equal((await get(`/v1/bills/${myBill}`)).statusCode, 200)
  t.equal((await get('/v1/customers')).statusCode, 403, 'closed unless declared')
  t.equal((await get('/v1/api-keys')).statusCode, 403)
  t.equal((await get(`/v1/meters/${theirMeter.id}`)).statusCode, 404)
  t.equal((await get(`/v1/meters/${myMeter.id}`)).statusCode, 200)
  const submit = (meterId: string, key: string, headers = h) => app.inject({ method: 'POST', url: '/v1/readings', headers: { ...headers, 'idempotency-key': key },
    payload: { meterId, readAt: '2026-11-20', index: '12.5', source: 'portal' } })
  t.equal((await submit(myMeter.id, 'k-1')).statusCode, 201)
  t.equal((await submit(theirMeter.id, 'k-2')).statusCode, 404)
  // The same Idempotency-Key from another customer never replays this one's answer.
  const c2 = await registeredCustomer(app, tenant)
  const replayed = await submit(myMeter.id, 'k-1', bearer(c2.access))
  t.equal(replayed.statusCode, 404)
  t.notOk(replayed.headers['idempotent-replayed'])
  t.equal((await get(`/v1/accounts/${mine.accountId}/readings`)).json().items.length, 1)
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: admin })).statusCode, 403, '/v1/me is for customers')
  // unlink: access ends at once
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/me/accounts/${mine.accountId}`, headers: h })).statusCode, 200)
  t.equal((await get(`/v1/accounts/${mine.accountId}/balance`)).statusCode, 404)
})

t.test('sessions: refresh rotates; reuse revokes the family; sign-out everywhere; disabled users', async (t) => {
  const c = await registeredCustomer(app, tenant)
  const refresh = (token: string) => app.inject({ method: 'POST', url: `${base}/refresh`, payload: { refreshToken: token } })
  const r1 = await refresh(c.refresh)
  t.equal(r1.statusCode, 200)
  const next = r1.json()
  t.not(next.refreshToken, c.refresh)
  t.equal((await refresh(c.refresh)).statusCode, 401, 'a used token is refused')
  t.equal((await refresh(next.refreshToken)).statusCode, 401, '…and its reuse revoked the family')
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(next.accessToken) })).statusCode, 401, 'access tokens of the family die too')
  t.ok(await db.selectFrom('auditLog').select('auditId').where('action', '=', 'session.reuse_detected').executeTakeFirst())

  const s1 = (await signIn(app, tenant.id, c.email, c.password)).json()
  const s2 = (await signIn(app, tenant.id, c.email, c.password)).json()
  t.equal((await app.inject({ method: 'POST', url: '/v1/me/sign-out', headers: bearer(s1.accessToken) })).json().revokedSessions >= 2, true)
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(s2.accessToken) })).statusCode, 401, 'everywhere')
  t.equal((await refresh(s2.refreshToken)).statusCode, 401)

  const s3 = (await signIn(app, tenant.id, c.email, c.password)).json()
  t.equal((await app.inject({ method: 'POST', url: `/v1/customer-users/${c.userId}/disable`, headers: admin })).json().disabled, true)
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(s3.accessToken) })).statusCode, 401)
  t.equal((await signIn(app, tenant.id, c.email, c.password)).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: `/v1/customer-users/${c.userId}/disable`, headers: bearer(other.keys.admin) })).statusCode, 404, 'another tenant\'s admin')
  t.equal((await app.inject({ method: 'POST', url: `/v1/customer-users/${c.userId}/enable`, headers: admin })).statusCode, 200)
  t.equal((await signIn(app, tenant.id, c.email, c.password)).statusCode, 200)
})

t.test('password reset: uniform request, single-use token, sessions end', async (t) => {
  const c = await registeredCustomer(app, tenant)
  const known = await app.inject({ method: 'POST', url: `${base}/password-reset`, payload: { email: c.email } })
  const unknown = await app.inject({ method: 'POST', url: `${base}/password-reset`, payload: { email: 'nobody@example.org' } })
  t.same([known.statusCode, known.body], [unknown.statusCode, unknown.body])
  const token = tokenIn(await lastMessage(app, tenant, c.email, 'password_reset'))
  const done = await app.inject({ method: 'POST', url: `${base}/password-reset/confirm`, payload: { token, password: 'a brand new password' } })
  t.equal(done.statusCode, 200, done.body)
  t.equal((await app.inject({ method: 'POST', url: `${base}/password-reset/confirm`, payload: { token, password: 'another new password' } })).statusCode, 422)
  t.equal((await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(c.access) })).statusCode, 401, 'old sessions ended')
  t.equal((await signIn(app, tenant.id, c.email, 'a brand new password')).statusCode, 200)
})
