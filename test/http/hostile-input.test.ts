// Issue §5 regressions: each input a black-box probe turned into a 500 now
// answers a 4xx problem+json and changes nothing.
import t from 'tap'
import { connect } from 'node:net'
import { bearer, testApp } from '../helpers/app.ts'
import { newAccount } from './ledger-fixtures.ts'

const { app, db, tenant } = await testApp(t)
const acc = bearer(tenant.keys.accounting)
const PROBLEM = 'application/problem+json; charset=utf-8'

const get = (url: string) => app.inject({ method: 'GET', url, headers: acc })
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { ...acc, 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) })

t.test('a NUL byte in a query filter is a 400, not a database error', async (t) => {
  for (const url of ['/v1/accounts?number=%00', '/v1/customers?inn=%00', '/v1/customers?q=a%00b', '/v1/premises?city=%00',
    '/v1/meters?serial=%00', '/v1/acts?kind=%00', '/v1/payments?externalId=%00', '/v1/tariffs?service=%00', '/v1/tariffs?usageType=%00']) {
    const r = await get(url)
    t.equal(r.statusCode, 400, `${url} → ${r.body}`)
    t.equal(r.headers['content-type'], PROBLEM)
  }
  const r = (await get('/v1/accounts?number=%00')).json()
  t.equal(r.code, 'validation_error')
  t.match(r.errors, [{ path: 'query.number', message: /NUL/ }])
})

t.test('NUL and lone surrogates in bodies', async (t) => {
  const customer = await post('/v1/customers', { kind: 'person', name: 'Nul\u0000', surname: 'X' })
  t.equal(customer.statusCode, 400)
  t.match(customer.json().errors, [{ path: 'body.name', message: /NUL/ }])
  t.equal((await post('/v1/premises', { customerId: '00000000-0000-0000-0000-000000000000', kind: 'flat', address: 'a\u0000' })).statusCode, 400)
  const account = await newAccount(app, tenant.keys.accounting, 'H-1')
  const surrogate = await post('/v1/payments', { externalId: 'x\ud800', accountId: account, amount: '1', paidOn: '2026-01-01', source: 'bank' })
  t.equal(surrogate.statusCode, 400, surrogate.body)
  t.match(surrogate.json().errors, [{ path: 'body.externalId', message: /surrogate/ }])
  const key = await post('/v1/payments', { ['k\u0000']: 1 })
  t.equal(key.statusCode, 400, 'a NUL in a field name too')
  const warning = await post(`/v1/accounts/${account}/warnings`, { kind: 'nonpayment', issuedOn: '2026-01-20', channel: 'post', note: '\u0000' })
  t.equal(warning.statusCode, 400)
  t.equal((await db.selectFrom('payments').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n, '0')
})

t.test('a body nested 5,000 deep with an Idempotency-Key', async (t) => {
  // Written as text: JSON.stringify itself overflows at this depth.
  const payload = `{"externalId":"deep","accountId":${'['.repeat(5000)}1${']'.repeat(5000)}}`
  const r = await app.inject({ method: 'POST', url: '/v1/payments', headers: { ...acc, 'content-type': 'application/json', 'idempotency-key': 'deep-1' }, payload })
  t.equal(r.statusCode, 400, r.body)
  t.equal(r.headers['content-type'], PROBLEM)
  t.match(r.json().errors, [{ message: /nested deeper/ }])
})

t.test('a null PATCH body is a 400 and touches nothing', async (t) => {
  const before = await db.selectFrom('tenants').select('updatedAt').where('tenantId', '=', tenant.id).executeTakeFirstOrThrow()
  const r = await app.inject({ method: 'PATCH', url: '/v1/tenant', headers: { ...bearer(tenant.keys.admin), 'content-type': 'application/json' }, payload: 'null' })
  t.equal(r.statusCode, 400, r.body)
  t.equal(r.headers['content-type'], PROBLEM)
  const after = await db.selectFrom('tenants').select('updatedAt').where('tenantId', '=', tenant.id).executeTakeFirstOrThrow()
  t.same(after, before)
})

t.test('dates no one means, amounts finer than the currency', async (t) => {
  const account = await newAccount(app, tenant.keys.accounting, 'H-2')
  for (const paidOn of ['0001-01-01', '9999-12-31', '1899-12-31', '2200-01-01']) {
    const r = await post('/v1/payments', { externalId: `d-${paidOn}`, accountId: account, amount: '1', paidOn, source: 'bank' })
    t.equal(r.statusCode, 400, `${paidOn}: ${r.body}`)
    t.match(r.json().errors, [{ path: 'body.paidOn', message: /between 1900-01-01 and 2199-12-31/ }])
  }
  const edge = await post('/v1/payments', { externalId: 'edge', accountId: account, amount: '1', paidOn: '1900-01-01', source: 'bank' })
  t.equal(edge.statusCode, 201, 'the window is inclusive')
  const fine = await post('/v1/payments', { externalId: 'fine', accountId: account, amount: '1.005', paidOn: '2026-01-01', source: 'bank' })
  t.equal(fine.statusCode, 422, fine.body)
  t.equal(fine.json().code, 'amount_precision')
  t.equal((await post('/v1/payments', { externalId: 'zeros', accountId: account, amount: '1.500', paidOn: '2026-01-01', source: 'bank' })).statusCode, 201,
    'trailing zeros are the same amount')
})

t.test('framework errors answer problem+json', async (t) => {
  const bad = await get('/v1/accounts/%E0%A4%A')
  t.equal(bad.statusCode, 400)
  t.equal(bad.headers['content-type'], PROBLEM)
  t.equal(bad.json().code, 'bad_request')
  const long = await get(`/v1/accounts/${'a'.repeat(200)}`)
  t.equal(long.statusCode, 414)
  t.equal(long.headers['content-type'], PROBLEM)
  t.equal(long.json().code, 'uri_too_long')

  // Headers too large are refused by Node's HTTP parser before Fastify: only a real socket shows it.
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const raw = await new Promise<string>((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(`GET /v1/tenant HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`))
    let out = ''
    s.on('data', (d) => { out += d })
    s.on('close', () => resolve(out))
    s.on('error', reject)
  })
  t.match(raw, /^HTTP\/1.1 431 /)
  t.match(raw, /Content-Type: application\/problem\+json/)
  t.match(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)), { status: 431, code: 'headers_too_large' })
})
