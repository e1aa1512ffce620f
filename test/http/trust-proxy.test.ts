// TRUST_PROXY (src/config.ts): behind a load balancer the attempt limits of
// sign-in, linking and reading grants (issue 10 §3, §6) must count per client,
// not per balancer. Without it a forwarded address is not believed (anyone
// could send the header and spread its attempts over invented addresses).
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { TEST_CONFIG, testApp } from '../helpers/app.ts'
import { testClock } from '../helpers/clock.ts'

const { app, db, tenant } = await testApp(t)
const behind = await buildApp({ db, clock: testClock, config: { ...TEST_CONFIG, TRUST_PROXY: '127.0.0.1' } })
t.teardown(() => behind.close())

const failSignIn = (a: typeof app, email: string) => a.inject({ method: 'POST', url: `/v1/tenants/${tenant.id}/customer-auth/sign-in`,
  headers: { 'x-forwarded-for': '203.0.113.7' }, payload: { email, password: 'not the password at all' } })
const ipOf = async (email: string) => (await db.selectFrom('authAttempts').select('ip').where('tenantId', '=', tenant.id).where('subject', '=', email).executeTakeFirstOrThrow()).ip

t.test('without TRUST_PROXY the socket\'s address counts; with the balancer trusted, the forwarded one', async (t) => {
  t.equal((await failSignIn(app, 'direct@example.org')).statusCode, 401)
  t.equal(await ipOf('direct@example.org'), '127.0.0.1', 'a forwarded address from an untrusted peer is ignored')
  t.equal((await failSignIn(behind, 'proxied@example.org')).statusCode, 401)
  t.equal(await ipOf('proxied@example.org'), '203.0.113.7', 'the client behind the trusted balancer')
})

t.test('the setting\'s forms', async (t) => {
  const parse = (v: string) => loadConfig({ TRUST_PROXY: v }).TRUST_PROXY
  t.same([parse(''), parse('false'), parse('true'), parse('10.0.0.0/8,127.0.0.1')], [undefined, undefined, true, '10.0.0.0/8,127.0.0.1'])
})
