// SSRF at registration (issue 11): a webhook URL whose host is a literal
// private, loopback or link-local address, or localhost, is refused on create
// and on update with 422 problem+json, unless the deployment sets
// WEBHOOK_ALLOW_PRIVATE (buildApp's config reaches the handlers as
// RouteContext.settings / GqlContext.settings). Host names are accepted:
// they are checked at every connect (delivery.test.ts).
import t from 'tap'
import { buildApp } from '../../../src/app.ts'
import { bearer, testApp, TEST_CONFIG } from '../../helpers/app.ts'
import { testClock } from '../../helpers/clock.ts'

const { app, db, tenant } = await testApp(t)
const admin = bearer(tenant.keys.admin)
const create = (url: string, on = app) => on.inject({ method: 'POST', url: '/v1/webhook-endpoints', headers: admin, payload: { url } })

const PRIVATE = ['http://127.0.0.1:8080/hook', 'https://10.1.2.3/x', 'http://172.16.0.9/x', 'http://192.168.1.1/x', 'http://169.254.169.254/latest/meta-data',
  'http://100.64.0.1/x', 'http://0.0.0.0/x', 'http://[::1]/x', 'http://[fe80::1]/x', 'http://[fd00::1]/x', 'http://[::ffff:127.0.0.1]/x',
  'http://localhost:3000/x', 'http://api.localhost/x', 'http://2130706433/x', 'http://0x7f.1/x']

t.test('a literal private, loopback or link-local host is refused with 422', async (t) => {
  for (const url of PRIVATE) {
    const r = await create(url)
    t.equal(r.statusCode, 422, `${url}: ${r.body}`)
    t.match(r.headers['content-type'], /application\/problem\+json/)
    t.match(r.json(), { status: 422, code: 'private_address', errors: [{ path: 'body.url' }] })
  }
  t.equal((await db.selectFrom('webhookEndpoints').select('endpointId').execute()).length, 0, 'nothing registered')
})

t.test('host names and public addresses are accepted; an update to a private host is refused', async (t) => {
  const named = await create('https://erp.example.org/hooks')
  t.equal(named.statusCode, 201, named.body)
  t.equal((await create('https://93.184.216.34/hooks')).statusCode, 201, 'a public literal')
  const id = named.json().id as string
  const patch = await app.inject({ method: 'PATCH', url: `/v1/webhook-endpoints/${id}`, headers: admin, payload: { url: 'http://10.0.0.5/hook' } })
  t.equal(patch.statusCode, 422, patch.body)
  t.match(patch.json(), { code: 'private_address' })
  t.equal((await app.inject({ method: 'GET', url: `/v1/webhook-endpoints/${id}`, headers: admin })).json().url, 'https://erp.example.org/hooks', 'unchanged')
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/webhook-endpoints/${id}`, headers: admin, payload: { description: 'no URL change' } })).statusCode, 200)
})

t.test('GraphQL: the same rule', async (t) => {
  const r = (await app.inject({ method: 'POST', url: '/graphql', headers: admin,
    payload: { query: 'mutation { createWebhookEndpoint(input: { url: "http://127.0.0.1/x" }) { id } }' } })).json()
  t.match(r.errors, [{ extensions: { code: 'private_address' } }])
})

t.test('WEBHOOK_ALLOW_PRIVATE=true lets them through', async (t) => {
  const open = await buildApp({ db, clock: testClock, config: { ...TEST_CONFIG, WEBHOOK_ALLOW_PRIVATE: true } })
  t.teardown(() => open.close())
  const r = await create('http://127.0.0.1:8080/hook', open)
  t.equal(r.statusCode, 201, r.body)
  const gql = (await open.inject({ method: 'POST', url: '/graphql', headers: admin,
    payload: { query: 'mutation { createWebhookEndpoint(input: { url: "http://localhost/x" }) { id } }' } })).json()
  t.ok(gql.data?.createWebhookEndpoint?.id, JSON.stringify(gql))
})
