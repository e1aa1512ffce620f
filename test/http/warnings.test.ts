// Written warnings (seed 002 item 4) over REST and GraphQL, and the
// disconnection candidates that depend on them: 3 unpaid periods count only
// after a nonpayment warning; 3 periods without a reading need none.
import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'
import { insertBill, monthBill, newAccount } from './ledger-fixtures.ts'
import { warningInput } from '../../src/app/ledger/warnings.ts'

const { app, db, tenant, other } = await testApp(t)
const acc = bearer(tenant.keys.accounting)
const warn = (accountId: string, body: Record<string, unknown>, headers: Record<string, string> = acc) =>
  app.inject({ method: 'POST', url: `/v1/accounts/${accountId}/warnings`, headers, payload: body })
const get = (url: string, key = tenant.keys.accounting) => app.inject({ method: 'GET', url, headers: bearer(key) })
const gql = (query: string, variables: Record<string, unknown> = {}, key = tenant.keys.accounting) =>
  app.inject({ method: 'POST', url: '/graphql', headers: bearer(key), payload: { query, variables } })

t.test('record and list warnings', async (t) => {
  const a = await newAccount(app, tenant.keys.accounting, 'W-1')
  const r = await warn(a, { kind: 'nonpayment', issuedOn: '2026-01-20', deliveredOn: '2026-01-24', channel: 'registered_mail', reference: 'RR123456785RU', note: 'second notice' })
  t.equal(r.statusCode, 201, r.body)
  t.match(r.json(), { accountId: a, kind: 'nonpayment', issuedOn: '2026-01-20', deliveredOn: '2026-01-24', channel: 'registered_mail', reference: 'RR123456785RU', note: 'second notice' })
  await warn(a, { kind: 'missing_readings', issuedOn: '2025-12-01', channel: 'post' })

  const list = await get(`/v1/accounts/${a}/warnings`, tenant.keys.portal)
  t.equal(list.statusCode, 200)
  t.same(list.json().items.map((w: any) => [w.kind, w.issuedOn, w.deliveredOn, w.reference]),
    [['missing_readings', '2025-12-01', null, null], ['nonpayment', '2026-01-20', '2026-01-24', 'RR123456785RU']], 'oldest first')
  t.same((await get(`/v1/accounts/${a}/warnings?kind=nonpayment`)).json().items.map((w: any) => w.kind), ['nonpayment'])

  // retry-safe with Idempotency-Key
  const body = { kind: 'nonpayment', issuedOn: '2026-02-01', channel: 'email' }
  const first = await warn(a, body, { ...acc, 'idempotency-key': 'warn-1' })
  const again = await warn(a, body, { ...acc, 'idempotency-key': 'warn-1' })
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(again.json().id, first.json().id)
  t.equal((await get(`/v1/accounts/${a}/warnings`)).json().items.length, 3, 'recorded once')
})

t.test('bad warnings are refused', async (t) => {
  const a = await newAccount(app, tenant.keys.accounting, 'W-2')
  const bad = await warn(a, { kind: 'nonpayment', issuedOn: '2026-01-20', channel: 'carrier_pigeon', extra: 1 })
  t.equal(bad.statusCode, 400)
  t.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.same(bad.json().errors.map((e: any) => e.path).sort(), ['body', 'body.channel'], 'an unknown channel, an unknown field')
  const early = await warn(a, { kind: 'nonpayment', issuedOn: '2026-01-20', deliveredOn: '2026-01-19', channel: 'post' })
  t.equal(early.statusCode, 400)
  t.same(early.json().errors.map((e: any) => e.path), ['body.deliveredOn'], 'delivered before issued')
  const future = await warn(a, { kind: 'nonpayment', issuedOn: '2199-01-01', channel: 'post' })
  t.equal(future.statusCode, 422)
  t.equal(future.json().code, 'warning_in_future')
  t.equal((await warn(a, { kind: 'nonpayment', issuedOn: '2026-01-20', channel: 'post' }, bearer(tenant.keys.readonly))).statusCode, 403)
  t.equal((await warn(a, { kind: 'nonpayment', issuedOn: '2026-01-20', channel: 'post' }, bearer(other.keys.accounting))).statusCode, 404,
    'another tenant\'s account is not found')
  t.equal((await get(`/v1/accounts/${a}/warnings`, other.keys.accounting)).statusCode, 404)
})

t.test('unpaid periods make a candidate only after a nonpayment warning', async (t) => {
  // Oct 2025 – Jan 2026 unpaid (4 periods, each due the 15th of the next month); as of 2026-03-01 all are overdue
  const debtor = async (number: string) => {
    const id = await newAccount(app, tenant.keys.accounting, number)
    for (const [n, month] of ['2025-10', '2025-11', '2025-12', '2026-01'].entries()) await insertBill(db, tenant.id, id, monthBill(`${number}-${n}`, month, '50.00'))
    return id
  }
  const none = await debtor('U-NONE')
  const stale = await debtor('U-STALE')
  await warn(stale, { kind: 'nonpayment', issuedOn: '2025-09-20', channel: 'post' }) // before the run began: answered an earlier debt
  const late = await debtor('U-LATE')
  await warn(late, { kind: 'nonpayment', issuedOn: '2025-11-20', channel: 'post' }) // only December and January follow it
  const wrongKind = await debtor('U-KIND')
  await warn(wrongKind, { kind: 'missing_readings', issuedOn: '2025-10-01', channel: 'post' })
  const warned = await debtor('U-OK')
  await warn(warned, { kind: 'nonpayment', issuedOn: '2025-10-05', channel: 'post' })
  const second = (await warn(warned, { kind: 'nonpayment', issuedOn: '2025-11-01', channel: 'hand_delivery', reference: 'L-77' })).json()
  await warn(warned, { kind: 'nonpayment', issuedOn: '2025-12-10', channel: 'post' }) // too late to have 3 periods after it

  const r = await get('/v1/disconnection-candidates?asOf=2026-03-01')
  t.equal(r.statusCode, 200, r.body)
  const mine = r.json().items.filter((i: any) => i.accountNumber.startsWith('U-'))
  t.same(mine.map((i: any) => i.accountNumber), ['U-OK'], 'no warning, a stale one, a late one or one of another kind: not a candidate')
  const reason = mine[0].reasons[0]
  t.equal(reason.code, 'unpaid_periods')
  t.same(reason.periods.map((p: any) => p.periodStart), ['2025-10-01', '2025-11-01', '2025-12-01', '2026-01-01'])
  t.same(reason.warning, second, 'the latest warning at least 3 unpaid periods follow')

  const atStart = await debtor('U-START')
  await warn(atStart, { kind: 'nonpayment', issuedOn: '2025-11-01', channel: 'post' })
  const early = await get('/v1/disconnection-candidates?asOf=2026-02-10')
  t.notOk(early.json().items.some((i: any) => i.accountNumber === 'U-START'), 'January is not overdue yet: only 2 periods after the warning')
  const later = await get('/v1/disconnection-candidates?asOf=2026-02-16')
  t.ok(later.json().items.some((i: any) => i.accountNumber === 'U-START'), 'a warning at the start of the first of the 3 periods counts')
})

t.test('3 periods without a reading need no warning; a missing-readings warning is shown', async (t) => {
  const silent = async (number: string) => {
    const id = await newAccount(app, tenant.keys.accounting, number)
    const sp = await app.inject({ method: 'POST', url: '/v1/service-points', headers: acc, payload: { accountId: id, resource: 'cold_water' } })
    const m = await app.inject({ method: 'POST', url: '/v1/meters', headers: acc, payload: { servicePointId: sp.json().id, serial: `${number}-M`, digits: 5 } })
    t.equal(m.statusCode, 201, m.body)
    return id
  }
  await silent('S-PLAIN')
  const told = await silent('S-TOLD')
  const w = (await warn(told, { kind: 'missing_readings', issuedOn: '2025-12-05', channel: 'sms' })).json()
  await warn(told, { kind: 'nonpayment', issuedOn: '2025-12-06', channel: 'post' })

  const r = await get('/v1/disconnection-candidates?asOf=2026-02-10')
  const mine = r.json().items.filter((i: any) => i.accountNumber.startsWith('S-'))
  t.same(mine.map((i: any) => [i.accountNumber, i.reasons.map((x: any) => x.code)]), [['S-PLAIN', ['no_readings']], ['S-TOLD', ['no_readings']]])
  t.equal(mine[0].reasons[0].warning, null)
  t.same(mine[1].reasons[0].warning, w, 'the missing-readings warning, not the nonpayment one')
  t.same(mine[1].reasons[0].periods.map((p: any) => p.periodStart), ['2025-11-01', '2025-12-01', '2026-01-01'])
})

t.test('GraphQL: issueWarning, warnings, and the warning behind a candidate', async (t) => {
  const schema = app.graphql.schema
  const fields = Object.keys((schema.getType('WarningInput') as any).getFields()).sort()
  t.same(fields, Object.keys(warningInput.shape).sort(), 'WarningInput names the REST body\'s fields')

  const a = await newAccount(app, tenant.keys.accounting, 'G-1')
  for (const [n, month] of ['2025-10', '2025-11', '2025-12'].entries()) await insertBill(db, tenant.id, a, monthBill(`G-1-${n}`, month, '10'))
  const issued = await gql(`mutation($a: ID!, $i: WarningInput!) { issueWarning(accountId: $a, input: $i) { id kind issuedOn deliveredOn channel reference } }`,
    { a, i: { kind: 'nonpayment', issuedOn: '2025-10-01', channel: 'registered_mail', reference: 'G-77' } })
  t.same(issued.json().errors, undefined, issued.body)
  t.match(issued.json().data.issueWarning, { kind: 'nonpayment', issuedOn: '2025-10-01', deliveredOn: null, channel: 'registered_mail', reference: 'G-77' })
  const id = issued.json().data.issueWarning.id

  const list = await gql('query($a: ID!) { warnings(accountId: $a) { id kind } }', { a }, tenant.keys.readonly)
  t.same(list.json().data.warnings, [{ id, kind: 'nonpayment' }])
  const missing = await gql('query($a: ID!) { warnings(accountId: $a) { id } }', { a }, other.keys.readonly)
  t.equal(missing.json().data.warnings, null, 'another tenant\'s account: null')

  const c = await gql('{ disconnectionCandidates(asOf: "2026-02-01") { accountNumber reasons { code warning { id reference } } } }')
  const g = c.json().data.disconnectionCandidates.find((x: any) => x.accountNumber === 'G-1')
  t.same(g.reasons, [{ code: 'unpaid_periods', warning: { id, reference: 'G-77' } }])

  const ro = await gql('mutation($a: ID!) { issueWarning(accountId: $a, input: {kind: nonpayment, issuedOn: "2025-10-01", channel: post}) { id } }', { a }, tenant.keys.readonly)
  t.equal(ro.json().errors[0].extensions.code, 'forbidden')
  const bad = await gql('mutation($a: ID!) { issueWarning(accountId: $a, input: {kind: nonpayment, issuedOn: "2025-10-01", deliveredOn: "2025-09-01", channel: post}) { id } }', { a })
  t.equal(bad.json().errors[0].extensions.code, 'validation_error')
  t.match(bad.json().errors[0].extensions.errors, [{ path: 'input.deliveredOn' }])
})
