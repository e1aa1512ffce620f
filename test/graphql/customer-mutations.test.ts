// Issue 10 §3–4 over GraphQL for an app: link (surname + number, INN +
// contract) and unlink, submit a reading, statement and reconciliation act,
// the readings history under `me`; another's objects answer as missing ones.
import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'
import { registeredCustomer } from '../helpers/customers.ts'
import { estate } from '../helpers/estates.ts'

const { app, db, tenant } = await testApp(t)
const mine = await estate(app, db, tenant, 'Ёлкина', 'GQ')
const theirs = await estate(app, db, tenant, 'Other', 'GQ')
const c = await registeredCustomer(app, tenant)
const h = bearer(c.access)
const gql = async (query: string, variables: Record<string, unknown> = {}) =>
  (await app.inject({ method: 'POST', url: '/graphql', headers: h, payload: { query, variables } })).json() as { data?: any; errors?: { extensions: { code: string } }[] }

const LINK = 'mutation($i: AccountLinkInput!) { linkAccount(input: $i) { id number role balance { accountId } } }'

t.test('link, use, unlink', async (t) => {
  const wrong = await gql(LINK, { i: { kind: 'residential', accountNumber: mine.number, surname: 'Иванова' } })
  const unknown = await gql(LINK, { i: { kind: 'residential', accountNumber: 'GQ-404', surname: 'Елкина' } })
  t.same(wrong.errors?.[0]?.extensions.code, 'account_not_matched')
  t.same(unknown.errors?.[0], { ...wrong.errors?.[0], extensions: { ...wrong.errors?.[0]?.extensions, requestId: (unknown.errors?.[0]?.extensions as any).requestId } },
    'a wrong pair and an unknown account: the same error')
  const linked = await gql(LINK, { i: { kind: 'residential', accountNumber: mine.number, surname: 'елкина ' } })
  t.same(linked.data?.linkAccount, { id: mine.account, number: mine.number, role: 'manage', balance: { accountId: mine.account } })
  t.equal((await gql(LINK, { i: { kind: 'residential', accountNumber: mine.number } })).errors?.[0]?.extensions.code, 'validation_error')

  const range = '(from: "2026-01-01", to: "2026-12-31")'
  t.equal((await gql(`{ statement(accountId: "${mine.account}", ${range.slice(1, -1)}) { accountId } }`)).data.statement.accountId, mine.account)
  t.equal((await gql(`{ reconciliationAct(accountId: "${mine.account}", ${range.slice(1, -1)}) { closingBalance } }`)).data.reconciliationAct.closingBalance, '10.00')
  t.equal((await gql(`{ statement(accountId: "${theirs.account}", ${range.slice(1, -1)}) { accountId } }`)).data.statement, null, 'another\'s: null')

  const SUBMIT = 'mutation($i: ReadingInput!) { submitReading(input: $i) { verdict reading { source } } }'
  const ok = await gql(SUBMIT, { i: { meterId: mine.meter, readAt: '2026-11-24', index: '9', source: 'mobile' } })
  t.same(ok.data?.submitReading, { verdict: 'accepted', reading: { source: 'mobile' } })
  const other = await gql(SUBMIT, { i: { meterId: theirs.meter, readAt: '2026-11-24', index: '9', source: 'mobile' } })
  const missing = await gql(SUBMIT, { i: { meterId: '00000000-0000-4000-8000-000000000000', readAt: '2026-11-24', index: '9', source: 'mobile' } })
  t.equal(other.errors?.[0]?.extensions.code, 'not_found')
  t.equal(missing.errors?.[0]?.extensions.code, 'not_found', 'another\'s meter = a missing one')
  const history = await gql('{ me { accounts { meters { readings(last: 10) { value } } } } }')
  t.same(history.data.me.accounts[0].meters[0].readings.map((r: { value: string }) => Number(r.value)), [9, 5])

  t.equal((await gql(`mutation { unlinkAccount(accountId: "${theirs.account}") }`)).errors?.[0]?.extensions.code, 'not_found')
  t.equal((await gql(`mutation { unlinkAccount(accountId: "${mine.account}") }`)).data?.unlinkAccount, true)
  t.same((await gql('{ me { accounts { id } } }')).data.me.accounts, [], 'gone at once')
  const key = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.admin), payload: { query: LINK, variables: { i: { kind: 'residential', accountNumber: mine.number, surname: 'x' } } } })
  t.equal(key.json().errors[0].extensions.code, 'forbidden', 'API keys do not link')
})
