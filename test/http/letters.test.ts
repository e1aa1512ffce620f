// Seed 001 "Mina dokument": the letters and documents sent to a customer
// (bills, correction and final bills, written warnings), listed per customer
// and per account, filterable by kind and date, paginated, each downloadable
// as a PDF; a customer token sees only its own accounts' letters.
import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'
import { insertBill, monthBill, newAccount } from './ledger-fixtures.ts'
import { linkResidential, registeredCustomer } from '../helpers/customers.ts'

const { app, db, tenant, other } = await testApp(t)
const get = (url: string, key: string = tenant.keys.readonly) => app.inject({ method: 'GET', url, headers: bearer(key) })
const acc = bearer(tenant.keys.accounting)

const mine = await newAccount(app, tenant.keys.accounting, 'LT-1')
const theirs = await newAccount(app, tenant.keys.accounting, 'LT-2')
const b1 = await insertBill(db, tenant.id, mine, monthBill('LB-1', '2026-08', '100.00'))
const b2 = await insertBill(db, tenant.id, mine, monthBill('LB-2', '2026-09', '120.50'))
const b3 = await insertBill(db, tenant.id, mine, { ...monthBill('LB-3', '2026-09', '-20.50'), kind: 'correction', issuedOn: '2026-10-20', dueOn: '2026-11-05' })
const b4 = await insertBill(db, tenant.id, mine, monthBill('LB-4', '2026-10', '90.00'))
await insertBill(db, tenant.id, theirs, monthBill('LB-9', '2026-10', '50.00'))
const w1 = (await app.inject({ method: 'POST', url: `/v1/accounts/${mine}/warnings`, headers: acc,
  payload: { kind: 'nonpayment', issuedOn: '2026-10-10', deliveredOn: '2026-10-12', channel: 'registered_mail', reference: 'ИСХ-77' } })).json().id as string
const w2 = (await app.inject({ method: 'POST', url: `/v1/accounts/${mine}/warnings`, headers: acc,
  payload: { kind: 'missing_readings', issuedOn: '2026-07-15', channel: 'post' } })).json().id as string
await app.inject({ method: 'POST', url: `/v1/accounts/${theirs}/warnings`, headers: acc, payload: { kind: 'nonpayment', issuedOn: '2026-11-01', channel: 'post' } })

t.test('every letter of an account, newest first, with kind, date, period, title and a download', async (t) => {
  const r = await get(`/v1/accounts/${mine}/letters`)
  t.equal(r.statusCode, 200, r.body)
  const items = r.json().items as any[]
  t.same(items.map((i) => [i.kind, i.date, i.id]), [
    ['payment_document', '2026-11-01', b4], ['correction', '2026-10-20', b3], ['nonpayment_warning', '2026-10-10', w1],
    ['payment_document', '2026-10-01', b2], ['payment_document', '2026-09-01', b1], ['missing_readings_notice', '2026-07-15', w2],
  ])
  t.match(items[0], { accountNumber: 'LT-1', period: { start: '2026-10-01', end: '2026-11-01' }, reference: 'LB-4', amount: '90.00', currency: 'RUB',
    title: 'Payment document LB-4 for 2026-10', document: { url: `/v1/letters/${b4}/document`, mediaType: 'application/pdf' } })
  t.match(items[2], { period: null, reference: 'ИСХ-77', channel: 'registered_mail', deliveredOn: '2026-10-12', amount: null })
})

t.test('filter by several kinds and by date; pages by cursor', async (t) => {
  const kinds = (await get(`/v1/accounts/${mine}/letters?kind=nonpayment_warning&kind=correction`)).json().items.map((i: any) => i.kind)
  t.same(kinds, ['correction', 'nonpayment_warning'])
  const dated = (await get(`/v1/accounts/${mine}/letters?from=2026-09-01&to=2026-10-10`)).json().items.map((i: any) => i.date)
  t.same(dated, ['2026-10-10', '2026-10-01', '2026-09-01'])
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const p: any = (await get(`/v1/accounts/${mine}/letters?limit=4${cursor ? `&cursor=${cursor}` : ''}`)).json()
    seen.push(...p.items.map((i: any) => i.id))
    cursor = p.nextCursor
  } while (cursor)
  t.equal(seen.length, 6)
  t.equal(new Set(seen).size, 6, 'no letter twice across pages')
  t.equal((await get(`/v1/accounts/${mine}/letters?kind=telegram`)).statusCode, 400)
  t.equal((await get(`/v1/accounts/${mine}/letters?cursor=xyz`)).statusCode, 400)
  t.equal((await get(`/v1/accounts/${mine}/letters?from=2026-10-01&to=2026-09-01`)).statusCode, 400)
})

t.test('the final bill of a closed account', async (t) => {
  const closing = await newAccount(app, tenant.keys.accounting, 'LT-3')
  await insertBill(db, tenant.id, closing, monthBill('LB-30', '2026-09', '10.00'))
  const last = await insertBill(db, tenant.id, closing, { ...monthBill('LB-31', '2026-10', '4.00'), periodEnd: '2026-10-16' })
  const p = await app.inject({ method: 'PATCH', url: `/v1/accounts/${closing}`, headers: acc, payload: { closedOn: '2026-10-15' } })
  t.equal(p.statusCode, 200, p.body)
  const items = (await get(`/v1/accounts/${closing}/letters`)).json().items
  t.same(items.map((i: any) => [i.kind, i.id === last]), [['final_bill', true], ['payment_document', false]])
})

t.test('per customer (API key) and the whole tenant', async (t) => {
  const customerId = (await get(`/v1/accounts/${mine}`)).json().customerId
  const r = await get(`/v1/letters?customerId=${customerId}&limit=200`)
  t.equal(r.statusCode, 200, r.body)
  t.ok(r.json().items.every((i: any) => i.accountId === mine))
  t.equal(r.json().items.length, 6)
  const all = (await get('/v1/letters?limit=200')).json().items
  t.ok(all.some((i: any) => i.accountId === theirs) && all.some((i: any) => i.accountId === mine))
  t.same((await get('/v1/letters', other.keys.readonly)).json().items, [], 'another tenant sees none')
})

t.test('the PDFs: a bill\'s payment document and the warning letter', async (t) => {
  for (const id of [b2, w1, w2]) {
    const r = await get(`/v1/letters/${id}/document`)
    t.equal(r.statusCode, 200, r.body.slice(0, 200))
    t.equal(r.headers['content-type'], 'application/pdf')
    t.ok(r.rawPayload.subarray(0, 5).toString() === '%PDF-')
  }
  const warning = await get(`/v1/letters/${w1}/document?lang=en`)
  if (process.env.LETTER_PDF) (await import('node:fs')).writeFileSync(process.env.LETTER_PDF, warning.rawPayload)
  t.match(warning.headers['content-disposition'], /warning-LT-1-2026-10-10-en\.pdf/)
  t.equal((await get(`/v1/letters/00000000-0000-4000-8000-000000000000/document`)).statusCode, 404)
  t.equal((await get(`/v1/letters/${w1}/document`, other.keys.readonly)).statusCode, 404, 'another tenant\'s letter is missing')
})

t.test('a customer sees only its own accounts\' letters', async (t) => {
  const c = await registeredCustomer(app, tenant)
  t.equal((await linkResidential(app, c, 'LT-1', 'Petrov')).statusCode, 201)
  const own = await get('/v1/letters?limit=200', c.access)
  t.equal(own.statusCode, 200, own.body)
  t.equal(own.json().items.length, 6)
  t.ok(own.json().items.every((i: any) => i.accountId === mine))
  t.same((await get(`/v1/letters?accountId=${theirs}`, c.access)).json().items, [], 'another\'s account lists nothing')
  t.equal((await get(`/v1/accounts/${theirs}/letters`, c.access)).statusCode, 404)
  t.equal((await get(`/v1/accounts/${mine}/letters?kind=nonpayment_warning`, c.access)).json().items.length, 1)
  const theirLetter = (await get(`/v1/accounts/${theirs}/letters`)).json().items[0].id
  t.equal((await get(`/v1/letters/${theirLetter}/document`, c.access)).statusCode, 404, 'another\'s letter answers as a missing one')
  t.equal((await get(`/v1/letters/${w1}/document`, c.access)).statusCode, 200)
  const q = 'query($a: ID!) { letters(accountId: $a) { items { id accountId } } }'
  const gql = (a: string) => app.inject({ method: 'POST', url: '/graphql', headers: bearer(c.access), payload: { query: q, variables: { a } } })
  t.equal((await gql(mine)).json().data.letters.items.length, 6, 'GraphQL: its own account\'s letters')
  t.same((await gql(theirs)).json(), { data: { letters: null } }, 'GraphQL: another\'s account answers as a missing one')
})

t.test('GraphQL: letters of an account', async (t) => {
  const q = 'query($a: ID!, $k: [LetterKind!]) { letters(accountId: $a, kind: $k) { items { id kind date title period { start end } document { url } } nextCursor } }'
  const r = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.readonly), payload: { query: q, variables: { a: mine, k: ['nonpayment_warning', 'payment_document'] } } })
  t.equal(r.statusCode, 200, r.body)
  t.same(r.json().data.letters.items.map((i: any) => i.kind), ['payment_document', 'nonpayment_warning', 'payment_document', 'payment_document'])
})
