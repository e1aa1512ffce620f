import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'
import { insertBill, monthBill, newAccount } from './ledger-fixtures.ts'

const { app, db, tenant, other } = await testApp(t)
const acc = bearer(tenant.keys.accounting)
const pay = (body: unknown, headers = acc) => app.inject({ method: 'POST', url: '/v1/payments', headers, payload: body as any })
const balanceOf = async (id: string) => (await app.inject({ method: 'GET', url: `/v1/accounts/${id}/balance`, headers: bearer(tenant.keys.portal) })).json()
const paidOf = async (billId: string) => (await db.selectFrom('bills').select('paid').where('billId', '=', billId).executeTakeFirstOrThrow()).paid

t.test('allocation to the oldest open bills, overpayment becomes credit', async (t) => {
  const account = await newAccount(app, tenant.keys.accounting)
  const feb = await insertBill(db, tenant.id, account, monthBill('P-2', '2026-02', '200.00'))
  const jan = await insertBill(db, tenant.id, account, monthBill('P-1', '2026-01', '100.00'))
  t.match(await balanceOf(account), { balance: '300.00', position: 'debt', amountDue: '300.00', dueOn: '2026-02-15', lastBill: { number: 'P-1', payable: '100.00' } }, 'the last bill is the last one posted')

  const r = await pay({ externalId: 'bank-1', accountId: account, amount: '150.00', paidOn: '2026-03-10', source: 'bank' })
  t.equal(r.statusCode, 201, r.body)
  t.same(r.json().allocations, [{ billId: jan, amount: '100' }, { billId: feb, amount: '50' }].sort((a, b) => a.billId.localeCompare(b.billId)))
  t.equal(await paidOf(jan), '100')
  t.equal(await paidOf(feb), '50')
  t.match(await balanceOf(account), { balance: '150.00', dueOn: '2026-03-15' }, 'the oldest unpaid bill is now February')

  const over = await pay({ externalId: 'bank-2', accountId: account, amount: '400', paidOn: '2026-03-11', source: 'provider' })
  t.equal(over.statusCode, 201)
  t.equal(over.json().unallocated, '250')
  t.match(await balanceOf(account), { balance: '-250.00', position: 'credit', amountDue: '0.00', credit: '250.00', dueOn: null })
  const entries = await db.selectFrom('ledgerEntries').select(['kind', 'amount']).where('accountId', '=', account).where('kind', '=', 'payment').execute()
  t.same(entries.map((e) => e.amount).sort(), ['-150', '-400'])
})

t.test('a named bill; idempotency by external id; conflict', async (t) => {
  const account = await newAccount(app, tenant.keys.accounting)
  await insertBill(db, tenant.id, account, monthBill('N-1', '2026-01', '100'))
  const feb = await insertBill(db, tenant.id, account, monthBill('N-2', '2026-02', '80'))
  const body = { externalId: 'prov-77', accountId: account, amount: '100', paidOn: '2026-03-02', source: 'provider', billId: feb }
  const a = await pay(body)
  t.equal(a.statusCode, 201)
  t.same(a.json().allocations, [{ billId: feb, amount: '80' }], 'only the named bill; the rest is credit')
  const again = await pay({ ...body, amount: '100.00' })
  t.equal(again.statusCode, 200, 'the same payment again')
  t.equal(again.json().id, a.json().id)
  const conflict = await pay({ ...body, amount: '101' })
  t.equal(conflict.statusCode, 409)
  t.equal(conflict.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(conflict.json().code, 'payment_conflict')
  t.equal(await paidOf(feb), '80')
  t.match(await balanceOf(account), { balance: '80.00' })

  // concurrent duplicates: one payment, one entry
  const body2 = { externalId: 'race-1', accountId: account, amount: '5', paidOn: '2026-03-03', source: 'cash' }
  const all = await Promise.all([1, 2, 3, 4, 5].map(() => pay(body2)))
  t.same(all.map((r) => r.statusCode).sort(), [200, 200, 200, 200, 201])
  t.equal(new Set(all.map((r) => r.json().id)).size, 1)
  const n = await db.selectFrom('ledgerEntries').select((eb) => eb.fn.countAll<string>().as('n')).where('paymentId', '=', all[0]!.json().id).executeTakeFirstOrThrow()
  t.equal(Number(n.n), 1)
  t.match(await balanceOf(account), { balance: '75.00' })
})

t.test('reversal reopens the bills; twice is a conflict', async (t) => {
  const account = await newAccount(app, tenant.keys.accounting)
  const jan = await insertBill(db, tenant.id, account, monthBill('R-1', '2026-01', '100'))
  const p = (await pay({ externalId: 'rev-1', accountId: account, amount: '130', paidOn: '2026-02-20', source: 'bank' })).json()
  t.match(await balanceOf(account), { balance: '-30.00' })
  const r = await app.inject({ method: 'POST', url: `/v1/payments/${p.id}/reverse`, headers: acc, payload: { reason: 'bank recall', reversedOn: '2026-02-25' } })
  t.equal(r.statusCode, 200, r.body)
  t.match(r.json(), { status: 'reversed', reversalReason: 'bank recall' })
  t.equal(await paidOf(jan), '0')
  t.match(await balanceOf(account), { balance: '100.00', dueOn: '2026-02-15' })
  const twice = await app.inject({ method: 'POST', url: `/v1/payments/${p.id}/reverse`, headers: acc, payload: { reason: 'again' } })
  t.equal(twice.statusCode, 409)
  t.equal(twice.json().code, 'payment_already_reversed')
  const list = await app.inject({ method: 'GET', url: `/v1/payments?accountId=${account}&status=reversed`, headers: bearer(tenant.keys.readonly) })
  t.same(list.json().items.map((x: any) => x.id), [p.id])
  const none = await app.inject({ method: 'GET', url: `/v1/payments?accountId=${account}&from=2026-03-01`, headers: acc })
  t.same(none.json().items, [])
})

t.test('bulk: thousands of rows, duplicates, conflicts and bad rows', async (t) => {
  const accounts = [await newAccount(app, tenant.keys.accounting), await newAccount(app, tenant.keys.accounting)]
  for (const [i, a] of accounts.entries()) await insertBill(db, tenant.id, a, monthBill(`B-${i}`, '2026-01', '1000'))
  const rows = Array.from({ length: 3000 }, (_, i) => ({ externalId: `bulk-${i}`, accountId: accounts[i % 2], amount: '1.01', paidOn: '2026-02-01', source: 'bank' }))
  const body = [...rows, rows[0], { ...rows[1], amount: '9' }, { externalId: 'x', amount: '-1' },
    { externalId: 'y', accountId: '00000000-0000-0000-0000-000000000000', amount: '1', paidOn: '2026-02-01', source: 'bank' }]
  const r = await app.inject({ method: 'POST', url: '/v1/payments/bulk', headers: acc, payload: body })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  t.same(r.json().counts, { received: 3004, created: 3000, duplicate: 1, conflict: 1, rejected: 2 })
  t.match(r.json().rows.slice(3000), [{ row: 3001, status: 'duplicate' }, { row: 3002, status: 'conflict', code: 'payment_conflict' },
    { row: 3003, status: 'rejected', code: 'validation_error' }, { row: 3004, status: 'rejected', code: 'account_not_found' }])
  // 1500 × 1.01 = 1515: the 1000 bill is paid, 515 is credit
  t.match(await balanceOf(accounts[0]!), { balance: '-515.00', position: 'credit' })
  const retry = await app.inject({ method: 'POST', url: '/v1/payments/bulk', headers: acc, payload: rows })
  t.same(retry.json().counts, { received: 3000, created: 0, duplicate: 3000, conflict: 0, rejected: 0 })
  t.match(await balanceOf(accounts[0]!), { balance: '-515.00' }, 'a retry changes nothing')
})

t.test('tenant isolation, scopes and bad input', async (t) => {
  const account = await newAccount(app, tenant.keys.accounting)
  const foreign = await pay({ externalId: 'f-1', accountId: account, amount: '1', paidOn: '2026-01-01', source: 'bank' }, bearer(other.keys.accounting))
  t.equal(foreign.statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: `/v1/accounts/${account}/balance`, headers: bearer(other.keys.admin) })).statusCode, 404)
  t.equal((await pay({ externalId: 'p-1', accountId: account, amount: '1', paidOn: '2026-01-01', source: 'bank' }, bearer(tenant.keys.portal))).statusCode, 403)
  const cases: [unknown, string][] = [
    [{ externalId: 'b1', accountId: account, amount: '0', paidOn: '2026-01-01', source: 'bank' }, 'body.amount'],
    [{ externalId: 'b2', accountId: account, amount: 1.5e300, paidOn: '2026-01-01', source: 'bank' }, 'body.amount'],
    [{ externalId: 'b3', accountId: account, amount: '1', paidOn: '2026-02-30', source: 'bank' }, 'body.paidOn'],
    [{ externalId: 'b4', accountId: account, amount: '1', paidOn: '2026-01-01', source: 'pigeon' }, 'body.source'],
    [{ externalId: 'b5', accountId: 'nope', amount: '1', paidOn: '2026-01-01', source: 'bank' }, 'body.accountId'],
  ]
  for (const [body, path] of cases) {
    const r = await pay(body)
    t.equal(r.statusCode, 400, r.body)
    t.match(r.json(), { status: 400, code: 'validation_error', errors: [{ path }] })
  }
  const currency = await pay({ externalId: 'c1', accountId: account, amount: '1', currency: 'SEK', paidOn: '2026-01-01', source: 'bank' })
  t.equal(currency.statusCode, 422)
  t.equal(currency.json().code, 'currency_mismatch')
  t.equal((await app.inject({ method: 'GET', url: '/v1/payments/00000000-0000-0000-0000-000000000000', headers: acc })).statusCode, 404)
})

t.test('GraphQL: balance, Account.balance, postPayment', async (t) => {
  const account = await newAccount(app, tenant.keys.accounting)
  await insertBill(db, tenant.id, account, monthBill('G-1', '2026-01', '42.50'))
  const gql = (query: string, key = tenant.keys.accounting) => app.inject({ method: 'POST', url: '/graphql', headers: bearer(key), payload: { query } })
  const m = await gql(`mutation { postPayment(input: {externalId: "g-1", accountId: "${account}", amount: "40", paidOn: "2026-02-01", source: portal}) { created payment { amount allocations { amount } } } }`)
  t.same(m.json().data.postPayment, { created: true, payment: { amount: '40', allocations: [{ amount: '40' }] } })
  const q = await gql(`{ balance(accountId: "${account}") { balance position amountDue dueOn lastBill { number } }
    account(id: "${account}") { number balance { balance } } }`, tenant.keys.portal)
  t.same(q.json().data, { balance: { balance: '2.50', position: 'debt', amountDue: '2.50', dueOn: '2026-02-15', lastBill: { number: 'G-1' } },
    account: { number: q.json().data.account.number, balance: { balance: '2.50' } } })
  const foreign = await gql(`{ balance(accountId: "${account}") { balance } }`, other.keys.admin)
  t.equal(foreign.json().data.balance, null)
})
