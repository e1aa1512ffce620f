// Issue §7: what one GraphQL document may ask for, errors with a code and
// without raw JavaScript text, and Idempotency-Key on mutations.
import { testClock } from '../helpers/clock.ts'
import t from 'tap'
import { getIntrospectionQuery } from 'graphql'
import { buildApp } from '../../src/app.ts'
import { bearer, testApp } from '../helpers/app.ts'

const { app, db, tenant } = await testApp(t)

async function gql(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const r = await app.inject({ method: 'POST', url: '/graphql', headers: { ...bearer(tenant.keys.accounting), ...headers }, payload: { query, variables } })
  return { status: r.statusCode, headers: r.headers, body: r.json() as { data?: any; errors?: any[] } }
}
const codes = (b: { errors?: any[] }) => (b.errors ?? []).map((e) => e.extensions?.code)
const customers = async () => Number((await db.selectFrom('customers').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

t.test('depth and cost limits', async (t) => {
  let deep = 'id'
  for (let i = 0; i < 50; i++) deep = `accounts { customer { ${deep} } }`
  const d = await gql(`{ customer(id: "00000000-0000-0000-0000-000000000000") { ${deep} } }`)
  t.same(codes(d.body), ['query_too_deep'], JSON.stringify(d.body))
  const aliases = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ')} }`
  const c = await gql(aliases)
  t.same(codes(c.body), ['query_too_complex'])
  t.notOk(c.body.data)
  t.notOk((await gql(getIntrospectionQuery())).body.errors, 'GraphiQL\'s introspection query fits the limits')
})

t.test('a 10,000-deep literal, syntax errors: coded, no raw JS text', async (t) => {
  const q = `mutation { createCustomer(input: {kind: person, name: ${'['.repeat(10_000)}1${']'.repeat(10_000)}}) { id } }`
  const r = await gql(q)
  t.same(codes(r.body), ['query_too_deep'])
  t.notMatch(JSON.stringify(r.body), /call stack/i)
  const s = await gql('{ customers { ')
  t.same(codes(s.body), ['graphql_parse_failed'])
  const v = await gql('{ nope }')
  t.same(codes(v.body), ['graphql_validation_failed'])
  const many = await gql(`{ ${'__typename '.repeat(6000)} }`)
  t.same(codes(many.body), ['graphql_parse_failed'], 'too many tokens')
})

t.test('NUL and lone surrogates in variables and literals', async (t) => {
  const before = await customers()
  const CREATE = 'mutation($c: CustomerInput!) { createCustomer(input: $c) { id } }'
  const v = await gql(CREATE, { c: { kind: 'person', name: 'a\u0000', surname: 'b' } })
  t.same(codes(v.body), ['validation_error'], JSON.stringify(v.body))
  const id = await gql('query($id: ID!) { customer(id: $id) { id } }', { id: '\u0000' })
  t.same(codes(id.body), ['validation_error'], 'even a variable no schema parses')
  const lit = await gql('mutation { createCustomer(input: {kind: person, name: "a\\u0000", surname: "b"}) { id } }')
  t.same(codes(lit.body), ['validation_error'])
  const sur = await gql(CREATE, { c: { kind: 'person', name: 'x\ud800', surname: 'b' } })
  t.same(codes(sur.body), ['validation_error'])
  const date = await gql('mutation($a: AccountInput!) { createAccount(input: $a) { id } }',
    { a: { customerId: '00000000-0000-0000-0000-000000000000', kind: 'residential', number: 'X', ownerSurname: 'Y', openedOn: '0001-01-01' } })
  t.same(codes(date.body), ['validation_error'])
  t.equal(await customers(), before)
})

t.test('mutations honour Idempotency-Key', async (t) => {
  const CREATE = 'mutation($c: CustomerInput!) { createCustomer(input: $c) { id name } }'
  const before = await customers()
  const first = await gql(CREATE, { c: { kind: 'person', name: 'Once', surname: 'Only' } }, { 'idempotency-key': 'gql-1' })
  t.notOk(first.body.errors, JSON.stringify(first.body))
  t.equal(first.headers['idempotency-key'], 'gql-1')
  const again = await gql(CREATE, { c: { kind: 'person', name: 'Once', surname: 'Only' } }, { 'idempotency-key': 'gql-1' })
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.same(again.body, first.body, 'the stored answer')
  t.equal(await customers(), before + 1, 'one customer')
  const other = await gql(CREATE, { c: { kind: 'person', name: 'Twice', surname: 'Only' } }, { 'idempotency-key': 'gql-1' })
  t.same(codes(other.body), ['idempotency_key_reused'])
  const bad = await gql('mutation { a: createCustomer(input: {kind: person, name: "A", surname: "B"}) { id } b: createMeter(input: {servicePointId: "00000000-0000-0000-0000-000000000000", serial: "x", digits: 5, decimals: 0}) { id } }',
    {}, { 'idempotency-key': 'gql-2' })
  t.ok(bad.body.errors?.length)
  t.equal(bad.body.data, null)
  t.equal(await customers(), before + 1, 'a failed keyed mutation keeps none of its writes')
  const badKey = await gql(CREATE, { c: { kind: 'person', name: 'K', surname: 'K' } }, { 'idempotency-key': 'ü' })
  t.same(codes(badKey.body), ['validation_error'])
})

t.test('introspection can be turned off', async (t) => {
  const closed = await buildApp({ db, clock: testClock, config: { LOG_LEVEL: 'silent', BODY_LIMIT_BYTES: 1_048_576, BULK_BODY_LIMIT_BYTES: 1_048_576, GRAPHQL_INTROSPECTION: false } })
  t.teardown(() => closed.close())
  const r = await closed.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.readonly), payload: { query: '{ __schema { types { name } } }' } })
  t.same(codes(r.json()), ['introspection_disabled'])
  t.equal((await closed.inject({ method: 'GET', url: '/graphiql' })).statusCode, 404, 'no GraphiQL without introspection')
  const ok = await closed.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.readonly), payload: { query: '{ customers { items { id } } }' } })
  t.notOk(ok.json().errors)
})
