// Issue 10 §4 over GraphQL: a customer's home screen in one request (`me`),
// `bill`/`balance` open to customers with the REST account check (another's
// object answers as a missing one), everything else 403, `me` closed to keys.
import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'
import { linkResidential, registeredCustomer } from '../helpers/customers.ts'
import { insertBill, monthBill } from '../http/ledger-fixtures.ts'
import { makeAccount, makeMeter } from '../http/readings-fixtures.ts'

const { app, db, tenant } = await testApp(t)
const admin = bearer(tenant.keys.admin)
const NONE = '00000000-0000-4000-8000-000000000000'

const mine = await makeAccount(app, tenant)
const theirs = await makeAccount(app, tenant)
const number = (await app.inject({ method: 'GET', url: `/v1/accounts/${mine.accountId}`, headers: admin })).json().number
const meter = await makeMeter(app, tenant, {}, mine.servicePointId)
await makeMeter(app, tenant, {}, theirs.servicePointId)
const older = await insertBill(db, tenant.id, mine.accountId, monthBill('G-1', '2026-08', '80.00'))
const newer = await insertBill(db, tenant.id, mine.accountId, monthBill('G-2', '2026-09', '100.00'))
const theirBill = await insertBill(db, tenant.id, theirs.accountId, monthBill('G-3', '2026-09', '50.00'))
const c = await registeredCustomer(app, tenant, 'Anna Home')
const must = (r: { statusCode: number; body: string }, what: string) => { if (r.statusCode !== 201) throw new Error(`${what}: ${r.body}`) }
must(await linkResidential(app, c, number, 'test'), 'link')
must(await app.inject({ method: 'POST', url: '/v1/readings', headers: { ...bearer(c.access), 'idempotency-key': 'g-1' },
  payload: { meterId: meter.id, readAt: '2026-11-20', index: '12.5', source: 'portal' } }), 'reading')

let requests = 0
async function gql(headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}) {
  requests++
  const r = await app.inject({ method: 'POST', url: '/graphql', headers, payload: { query, variables } })
  return r.json() as { data?: any; errors?: { message: string; extensions: { code: string } }[] }
}

const HOME = `{ me {
  user { id name email emailConfirmed }
  accounts { id number role via balance { balance position amountDue lastBill { number } }
    bills(last: 1) { id number periodStart payable documentUrl lines { amount } }
    meters { id serial resource lastReading { value readAt source } } } } }`

t.test('the home screen in one request', async (t) => {
  const before = requests
  const r = await gql(bearer(c.access), HOME)
  t.equal(requests - before, 1)
  t.notOk(r.errors, JSON.stringify(r.errors))
  const me = r.data.me
  t.equal(me.user.id, c.userId)
  t.equal(me.user.name, 'Anna Home')
  t.equal(me.accounts.length, 1)
  const a = me.accounts[0]
  t.same([a.id, a.number, a.role, a.via], [mine.accountId, number, 'manage', 'link'])
  t.same(a.bills.map((b: { id: string }) => b.id), [newer], 'last: 1 is the newest period')
  t.equal(a.bills[0].documentUrl, `/v1/bills/${newer}/document`)
  t.equal(a.meters.length, 1)
  t.same([a.meters[0].id, a.meters[0].lastReading.source], [meter.id, 'portal'])
  t.match(a.meters[0].lastReading.value, /^12\.5/)
  // the same numbers as REST
  const rest = (await app.inject({ method: 'GET', url: `/v1/accounts/${mine.accountId}/balance`, headers: bearer(c.access) })).json()
  t.same([a.balance.balance, a.balance.amountDue], [rest.balance, rest.amountDue])
  const all = await gql(bearer(c.access), '{ me { accounts { bills { id } } } }')
  t.same(all.data.me.accounts[0].bills.map((b: { id: string }) => b.id), [newer, older], 'default: newest first')
  const bad = await gql(bearer(c.access), '{ me { accounts { bills(last: 0) { id } } } }')
  t.equal(bad.errors?.[0]?.extensions.code, 'validation_error')
})

t.test('another customer\'s bill or balance answers as a missing one', async (t) => {
  const h = bearer(c.access)
  const q = 'query($id: ID!) { bill(id: $id) { id number } }'
  t.equal((await gql(h, q, { id: older })).data.bill.id, older)
  const another = await gql(h, q, { id: theirBill })
  const missing = await gql(h, q, { id: NONE })
  t.same(another, missing)
  t.same(another, { data: { bill: null } })
  const b = 'query($id: ID!) { balance(accountId: $id) { balance } }'
  t.ok((await gql(h, b, { id: mine.accountId })).data.balance)
  t.same(await gql(h, b, { id: theirs.accountId }), await gql(h, b, { id: NONE }))
  t.same(await gql(h, b, { id: theirs.accountId }), { data: { balance: null } })
  t.equal((await gql(admin, q, { id: theirBill })).data.bill.id, theirBill, 'an API key still sees the tenant\'s bills')
})

t.test('API keys are refused on me; customers on everything not opened', async (t) => {
  for (const key of Object.values(tenant.keys)) {
    const r = await gql(bearer(key), '{ me { user { id } } }')
    t.equal(r.errors?.[0]?.extensions.code, 'forbidden')
  }
  const h = bearer(c.access)
  for (const q of ['{ tenant { name } }', '{ customers { items { id } } }', `{ account(id: "${mine.accountId}") { id } }`, '{ bills { items { id } } }']) {
    t.equal((await gql(h, q)).errors?.[0]?.extensions.code, 'forbidden', q)
  }
  t.equal((await gql({}, '{ me { user { id } } }')).errors?.[0]?.extensions.code, 'unauthorized')
})
