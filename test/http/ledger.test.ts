import t from 'tap'
import { postEntries } from '../../src/app/ledger/post-entries.ts'
import { bearer, testApp } from '../helpers/app.ts'
import { insertBill, monthBill, newAccount } from './ledger-fixtures.ts'

const { app, db, tenant, other } = await testApp(t)
const acc = bearer(tenant.keys.accounting)
const get = (url: string, key = tenant.keys.portal) => app.inject({ method: 'GET', url, headers: bearer(key) })
const pay = (body: unknown) => app.inject({ method: 'POST', url: '/v1/payments', headers: acc, payload: body as any })

t.test('statement and reconciliation act between two dates', async (t) => {
  const account = await newAccount(app, tenant.keys.accounting)
  await insertBill(db, tenant.id, account, monthBill('S-1', '2026-01', '100.00')) // booked 2026-02-01
  await pay({ externalId: 's-p1', accountId: account, amount: '60', paidOn: '2026-02-10', source: 'bank' })
  await insertBill(db, tenant.id, account, monthBill('S-2', '2026-02', '120.00')) // booked 2026-03-01
  await postEntries(db, tenant.id, [{ accountId: account, kind: 'adjustment', amount: '-10', bookedOn: '2026-03-05', description: 'recalculation' },
    { accountId: account, kind: 'penalty', amount: '1.25', bookedOn: '2026-03-20', description: 'penalty' }])
  await pay({ externalId: 's-p2', accountId: account, amount: '100', paidOn: '2026-03-25', source: 'provider' })
  const p3 = (await pay({ externalId: 's-p3', accountId: account, amount: '30', paidOn: '2026-03-26', source: 'cash' })).json()
  await app.inject({ method: 'POST', url: `/v1/payments/${p3.id}/reverse`, headers: acc, payload: { reason: 'counterfeit', reversedOn: '2026-03-27' } })
  await pay({ externalId: 's-p4', accountId: account, amount: '5', paidOn: '2026-04-02', source: 'cash' })

  const s = await get(`/v1/accounts/${account}/statement?from=2026-03-01&to=2026-03-31`)
  t.equal(s.statusCode, 200, s.body)
  // opening: 100 − 60 = 40; March: +120 −10 +1.25 −100 −30 +30 = 11.25; closing 51.25
  t.match(s.json(), { openingBalance: '40.00', closingBalance: '51.25', currency: 'RUB' })
  t.same(s.json().entries.map((e: any) => [e.bookedOn, e.kind, e.amount, e.balance]), [
    ['2026-03-01', 'charge', '120.00', '160.00'], ['2026-03-05', 'adjustment', '-10.00', '150.00'], ['2026-03-20', 'penalty', '1.25', '151.25'],
    ['2026-03-25', 'payment', '-100.00', '51.25'], ['2026-03-26', 'payment', '-30.00', '21.25'], ['2026-03-27', 'payment_reversal', '30.00', '51.25'],
  ])
  const r = await get(`/v1/accounts/${account}/reconciliation?from=2026-02-01&to=2026-03-31`)
  t.equal(r.statusCode, 200, r.body)
  // charges 220, payments 60 + 100 + 30 − 30 = 160, adjustments −10, penalties 1.25: 0 + 220 − 160 − 10 + 1.25 = 51.25
  t.match(r.json(), { openingBalance: '0.00', charges: '220.00', payments: '160.00', adjustments: '-10.00', penalties: '1.25', closingBalance: '51.25' })
  t.equal(r.json().rows.length, 8)
  t.match(r.json().rows[1], { date: '2026-02-10', kind: 'payment', debit: '0.00', credit: '60.00' })
  const bal = (await get(`/v1/accounts/${account}/balance`)).json()
  t.equal(bal.balance, '46.25', 'the balance is the sum of every entry (April payment included)')

  const gql = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.readonly), payload: { query:
    `{ statement(accountId: "${account}", from: "2026-03-01", to: "2026-03-31") { openingBalance closingBalance entries { kind } }
       reconciliationAct(accountId: "${account}", from: "2026-02-01", to: "2026-03-31") { charges payments closingBalance } }` } })
  t.match(gql.json().data, { statement: { openingBalance: '40.00', closingBalance: '51.25' }, reconciliationAct: { charges: '220.00', payments: '160.00', closingBalance: '51.25' } })

  const bad = await get(`/v1/accounts/${account}/statement?from=2026-04-01&to=2026-03-01`)
  t.equal(bad.statusCode, 400)
  t.equal((await get(`/v1/accounts/${account}/statement?from=2026-13-01&to=2026-03-01`)).statusCode, 400)
  t.equal((await get(`/v1/accounts/${account}/reconciliation?from=2026-01-01&to=2026-03-01`, other.keys.admin)).statusCode, 404)
})

t.test('penalties: off by default, then posted once per account and day', async (t) => {
  const account = await newAccount(app, tenant.keys.accounting)
  // due 2024-01-10 (monthBill of 2023-12): day 31 = 2024-02-10
  await insertBill(db, tenant.id, account, { ...monthBill('PN-1', '2023-12', '1000'), dueOn: '2024-01-10' })
  const accrue = (asOf: string) => app.inject({ method: 'POST', url: `/v1/accounts/${account}/penalties/accrue`, headers: acc, payload: { asOf } })
  const off = await accrue('2024-04-19')
  t.equal(off.statusCode, 422)
  t.equal(off.json().code, 'penalties_disabled')
  const put = await app.inject({ method: 'PUT', url: '/v1/penalty-terms', headers: bearer(tenant.keys.admin),
    payload: { enabled: true, keyRates: [{ from: '2023-01-01', rate: '16' }] } })
  t.equal(put.statusCode, 200, put.body)
  t.match(put.json(), { enabled: true, caps: [{ rate: '9.5' }], moratoria: [{ from: '2020-04-06' }, { from: '2022-03-31' }] })
  // capped at 9.5%: as in the core table, 19.00 through day 90 and 26.31 through day 100
  const a = await accrue('2024-04-09')
  t.equal(a.statusCode, 200, a.body)
  t.match(a.json(), { total: '19.00', posted: '19.00' })
  const b = await accrue('2024-04-19')
  t.match(b.json(), { total: '26.31', posted: '7.31' })
  const again = await accrue('2024-04-19')
  t.match(again.json(), { total: '26.31', posted: '7.31' }, 'a repeat returns the stored accrual')
  const penalties = await db.selectFrom('ledgerEntries').select('amount').where('accountId', '=', account).where('kind', '=', 'penalty').orderBy('entryId').execute()
  t.same(penalties.map((p) => p.amount), ['19.00', '7.31'])
  t.match((await get(`/v1/accounts/${account}/balance`)).json(), { balance: '1026.31' })
  t.equal((await app.inject({ method: 'POST', url: `/v1/accounts/${account}/penalties/accrue`, headers: bearer(other.keys.admin), payload: { asOf: '2024-04-19' } })).statusCode, 422,
    'the other tenant has penalties off')
  t.equal((await app.inject({ method: 'POST', url: `/v1/accounts/${account}/penalties/accrue`, headers: bearer(tenant.keys.portal), payload: { asOf: '2024-04-19' } })).statusCode, 403)
})

t.test('disconnection candidates: 3 unpaid periods, 3 periods without a reading', async (t) => {
  const debtor = await newAccount(app, tenant.keys.accounting, 'DC-1')
  const payer = await newAccount(app, tenant.keys.accounting, 'DC-2')
  for (const [n, month] of ['2025-10', '2025-11', '2025-12'].entries()) {
    await insertBill(db, tenant.id, debtor, monthBill(`DC1-${n}`, month, '50'))
    await insertBill(db, tenant.id, payer, monthBill(`DC2-${n}`, month, '50'))
  }
  await pay({ externalId: 'dc-p', accountId: payer, amount: '50', paidOn: '2026-01-20', source: 'bank' }) // pays October only
  // the unpaid periods count after a written warning (warnings.test.ts has the cases without one)
  const warned = await app.inject({ method: 'POST', url: `/v1/accounts/${debtor}/warnings`, headers: acc, payload: { kind: 'nonpayment', issuedOn: '2025-10-01', channel: 'post' } })
  t.equal(warned.statusCode, 201, warned.body)
  // the silent account: a meter and no reading in Nov, Dec, Jan
  const silent = await newAccount(app, tenant.keys.accounting, 'DC-3')
  const sp = await app.inject({ method: 'POST', url: '/v1/service-points', headers: acc, payload: { accountId: silent, resource: 'cold_water' } })
  t.equal(sp.statusCode, 201, sp.body)
  const m = await app.inject({ method: 'POST', url: '/v1/meters', headers: acc, payload: { servicePointId: sp.json().id, serial: 'DC-M', digits: 5 } })
  t.equal(m.statusCode, 201, m.body)
  const r = await get('/v1/disconnection-candidates?asOf=2026-02-10', tenant.keys.accounting)
  t.equal(r.statusCode, 200, r.body)
  const mine = r.json().items.filter((i: any) => i.accountNumber.startsWith('DC-'))
  t.same(mine.map((i: any) => [i.accountNumber, i.reasons.map((x: any) => x.code)]), [['DC-1', ['unpaid_periods']], ['DC-3', ['no_readings']]])
  t.same(mine[0].reasons[0].periods.map((p: any) => p.periodStart), ['2025-10-01', '2025-11-01', '2025-12-01'])
  t.same(mine[1].reasons[0].periods.map((p: any) => p.periodStart), ['2025-11-01', '2025-12-01', '2026-01-01'])
  const early = await get('/v1/disconnection-candidates?asOf=2026-01-10', tenant.keys.accounting)
  t.notOk(early.json().items.some((i: any) => i.accountNumber === 'DC-1'), 'December is not overdue yet')
  t.equal((await get('/v1/disconnection-candidates')).statusCode, 403, 'portal keys do not list candidates')
})
