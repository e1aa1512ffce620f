// Issue 12 §4 through REST: a customer uploads documents and makes requests
// for its own account; types seed 002 says need a settled account are
// refused while it owes; staff move the workflow, add notes; a connection
// request's fee is quoted, then posted to the ledger once on acceptance.
import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'
import { estate } from '../helpers/estates.ts'
import { linkResidential, registeredCustomer } from '../helpers/customers.ts'

const { app, db, tenant } = await testApp(t)
const admin = bearer(tenant.keys.admin)
const acc = bearer(tenant.keys.accounting)
const mine = await estate(app, db, tenant, 'Karimi', 'SR')
const theirs = await estate(app, db, tenant, 'Other', 'SR')
const owner = await registeredCustomer(app, tenant)
t.equal((await linkResidential(app, owner, mine.number, 'Karimi')).statusCode, 201)
const me = bearer(owner.access)

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
const upload = (accountId: string, documentType: string, body: Buffer = PDF, type = 'application/pdf', headers = me) =>
  app.inject({ method: 'POST', url: `/v1/accounts/${accountId}/request-attachments?documentType=${documentType}`, headers: { ...headers, 'content-type': type }, payload: body })
const create = (payload: unknown, headers = me) => app.inject({ method: 'POST', url: '/v1/service-requests', headers, payload: payload as object })
const move = (id: string, payload: unknown) => app.inject({ method: 'POST', url: `/v1/service-requests/${id}/transitions`, headers: acc, payload: payload as object })

t.test('a contact form: fields by type, a 400 naming what is missing', async (t) => {
  const bad = await create({ accountId: mine.account, type: 'contact', caseType: 'billing', subject: 'Bill too high', contactBack: true })
  t.equal(bad.statusCode, 400)
  const paths = bad.json().errors.map((e: { path: string }) => e.path)
  t.ok(paths.includes('body.message'), 'names the message')
  const noHow = await create({ accountId: mine.account, type: 'contact', caseType: 'billing', subject: 'Bill', message: 'Why?', contactBack: true })
  t.equal(noHow.statusCode, 400)
  t.match(noHow.json().errors, [{ path: 'body.contactBy' }])
  const ok = await create({ accountId: mine.account, type: 'contact', caseType: 'billing', subject: 'Bill', message: 'Why is it high?', contactBack: true, contactBy: 'phone', phone: '+98 913 000 0000' })
  t.equal(ok.statusCode, 201, ok.body)
  t.match(ok.json(), { type: 'contact', status: 'submitted', fee: null, history: [{ from: null, to: 'submitted', by: 'customer' }] })
  // Someone else's account answers as a missing one.
  const other = await create({ accountId: theirs.account, type: 'contact', caseType: 'other', subject: 'x', message: 'y', contactBack: false })
  t.equal(other.statusCode, 404)
})

t.test('attachments: type and size limits, stored and downloadable', async (t) => {
  t.equal((await upload(mine.account, 'water_bill', PDF, 'text/plain')).statusCode, 415)
  const fake = await upload(mine.account, 'water_bill', Buffer.from('not a pdf at all'), 'application/pdf')
  t.equal(fake.statusCode, 422)
  t.equal(fake.json().code, 'attachment_type_mismatch')
  t.equal((await upload(mine.account, 'water_bill', Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]))).statusCode, 413)
  t.equal((await upload(theirs.account, 'water_bill')).statusCode, 404, 'another\'s account')
  const up = await upload(mine.account, 'id_card', PNG, 'image/png')
  t.equal(up.statusCode, 201, up.body)
  const got = await app.inject({ method: 'GET', url: up.json().url, headers: me })
  t.equal(got.statusCode, 200)
  t.equal(got.headers['content-type'], 'image/png')
  t.same(got.rawPayload, PNG)
  t.equal((await app.inject({ method: 'GET', url: up.json().url, headers: bearer((await registeredCustomer(app, tenant)).access) })).statusCode, 404)
})

t.test('a meter test: documents required, then the workflow with notes', async (t) => {
  const form = (await upload(mine.account, 'form_qf7201')).json().id
  const missing = await create({ accountId: mine.account, type: 'meter_test', reason: 'runs fast', attachments: [form] })
  t.equal(missing.statusCode, 422)
  t.equal(missing.json().code, 'documents_missing')
  t.match(missing.json().detail, /subscriber's water bill/)
  t.match(missing.json().errors, [{ path: 'body.attachments', message: /water_bill/ }])
  const bill = (await upload(mine.account, 'water_bill')).json().id
  const r = await create({ accountId: mine.account, type: 'meter_test', meterId: mine.meter, reason: 'runs fast', attachments: [form, bill] })
  t.equal(r.statusCode, 201, r.body)
  t.equal(r.json().attachments.length, 2)
  // an attachment belongs to one request
  const again = await create({ accountId: mine.account, type: 'meter_test', reason: 'again', attachments: [form, bill] })
  t.equal(again.json().code, 'attachment_not_found')
  const id = r.json().id
  t.equal((await move(id, { to: 'done' })).statusCode, 409, 'submitted cannot jump to done')
  t.match((await move(id, { to: 'done' })).json().detail, /can move to in_review, rejected/)
  t.equal((await move(id, { to: 'in_review' })).statusCode, 200)
  await app.inject({ method: 'POST', url: `/v1/service-requests/${id}/notes`, headers: acc, payload: { body: 'Inspector visits Tuesday', visibility: 'customer' } })
  await app.inject({ method: 'POST', url: `/v1/service-requests/${id}/notes`, headers: acc, payload: { body: 'Meter from batch 7, suspect', visibility: 'internal' } })
  t.equal((await move(id, { to: 'site_visit', note: 'visit booked' })).statusCode, 200)
  const incomplete = await move(id, { to: 'done' })
  t.equal(incomplete.statusCode, 400, 'done needs the test\'s result')
  t.match(incomplete.json().errors, [{ path: 'body.completion.testedOn' }, { path: 'body.completion.result' }, { path: 'body.completion.labActNumber' }])
  const done = await move(id, { to: 'done', completion: { testedOn: '2026-11-20', result: 'passed', labActNumber: 'LAB-7', nextVerificationDue: '2032-11-20' } })
  t.equal(done.json().status, 'done', done.body)
  t.match(done.json().outcome, { effectiveOn: '2026-11-20', changes: [{ meterId: mine.meter, result: 'passed', labActNumber: 'LAB-7', nextVerificationDue: '2032-11-20' }] })
  t.equal((await move(id, { to: 'rejected' })).statusCode, 409, 'done is final')
  const seen = (await app.inject({ method: 'GET', url: `/v1/service-requests/${id}`, headers: me })).json()
  t.same(seen.history.map((h: { to: string }) => h.to), ['submitted', 'in_review', 'site_visit', 'done'])
  t.same(seen.notes.map((n: { body: string }) => n.body), ['Inspector visits Tuesday'], 'the customer sees only its notes')
  const staff = (await app.inject({ method: 'GET', url: `/v1/service-requests/${id}`, headers: admin })).json()
  t.equal(staff.notes.length, 2)
  t.equal((await app.inject({ method: 'POST', url: `/v1/service-requests/${id}/transitions`, headers: me, payload: { to: 'rejected' } })).statusCode, 403, 'customers do not move the workflow')
})

t.test('a name change needs a settled account: refused naming the debt, taken once paid', async (t) => {
  const docs = []
  for (const d of ['form_qf7201', 'id_card', 'ownership_deed', 'building_permit', 'water_bill']) docs.push((await upload(mine.account, d)).json().id)
  const body = { accountId: mine.account, type: 'name_change', newHolderName: 'Sara Karimi', attachments: docs }
  const refused = await create(body)
  t.equal(refused.statusCode, 422)
  t.equal(refused.json().code, 'account_not_settled')
  t.match(refused.json().detail, /owes 10\.00 RUB/)
  const paid = await app.inject({ method: 'POST', url: '/v1/payments', headers: acc, payload: { externalId: 'SR-pay-1', accountId: mine.account, amount: '10.00', paidOn: '2026-11-20', source: 'bank' } })
  t.equal(paid.statusCode, 201, paid.body)
  const ok = await create(body)
  t.equal(ok.statusCode, 201, ok.body)
  t.equal(ok.json().settledFirst, true)
})

t.test('a capacity change: the fee quoted, then posted once on acceptance', async (t) => {
  const connection = { usage: 'commercial', countyAdjustmentFactor: '1.2', contractCapacityM3: '2', wastewater: true }
  const quote = await app.inject({ method: 'POST', url: '/v1/connection-fees/quote', headers: me, payload: connection })
  t.equal(quote.statusCode, 200, quote.body)
  // 1.2 × 150000 × 30 × 2 = 10,800,000; + 600,000 = 11,400,000; wastewater 70% = 7,980,000
  t.match(quote.json(), { capacityFee: '10800000', commercialValue: '600000', waterFee: '11400000', wastewaterFee: '7980000', amount: '19380000' })
  const docs = []
  for (const d of ['form_qf7201', 'id_card', 'ownership_deed', 'building_permit', 'water_bill']) docs.push((await upload(mine.account, d)).json().id)
  const r = await create({ accountId: mine.account, type: 'capacity_change', currentCapacityM3: '1', requestedCapacityM3: '3', connection, attachments: docs })
  t.equal(r.statusCode, 201, r.body)
  t.match(r.json().fee, { amount: '19380000', postedOn: null })
  const id = r.json().id
  await move(id, { to: 'in_review' })
  const before = (await app.inject({ method: 'GET', url: `/v1/accounts/${mine.account}/balance`, headers: me })).json().balance
  const accepted = await move(id, { to: 'awaiting_payment' })
  t.equal(accepted.statusCode, 200, accepted.body)
  t.equal(accepted.json().fee.postedOn, '2026-11-25')
  const after = (await app.inject({ method: 'GET', url: `/v1/accounts/${mine.account}/balance`, headers: me })).json().balance
  t.equal(Number(after) - Number(before), 19380000, 'the fee entered the ledger')
  // a replayed acceptance changes nothing
  t.equal((await move(id, { to: 'awaiting_payment' })).statusCode, 409)
  const entries = await db.selectFrom('ledgerEntries').select('amount').where('tenantId', '=', tenant.id).where('accountId', '=', mine.account).where('description', 'like', `%${id}`).execute()
  t.equal(entries.length, 1)
})

t.test('lists: a customer sees its own; staff filter by status', async (t) => {
  const mineList = (await app.inject({ method: 'GET', url: '/v1/service-requests', headers: me })).json()
  t.ok(mineList.items.length >= 4)
  t.ok(mineList.items.every((i: { accountId: string }) => i.accountId === mine.account))
  const theirsReq = await create({ accountId: theirs.account, type: 'contact', caseType: 'other', subject: 'x', message: 'y', contactBack: false }, admin)
  t.equal(theirsReq.statusCode, 201)
  t.equal(theirsReq.json().history[0].by, 'staff')
  const all = (await app.inject({ method: 'GET', url: '/v1/service-requests?status=submitted', headers: acc })).json()
  t.ok(all.items.some((i: { accountId: string }) => i.accountId === theirs.account))
  t.ok(all.items.every((i: { status: string }) => i.status === 'submitted'))
  const events = (await app.inject({ method: 'GET', url: '/v1/events?types=service_request.status_changed', headers: admin })).json()
  t.ok(events.items.length >= 5, 'status changes are events')
})

t.test('retries and races add nothing twice', async (t) => {
  // a retried creation with its Idempotency-Key replays the stored answer
  const body = { accountId: mine.account, type: 'contact', caseType: 'other', subject: 'Retry', message: 'Sent twice', contactBack: false }
  const headers = { ...me, 'idempotency-key': 'sr-retry-1' }
  const a = await app.inject({ method: 'POST', url: '/v1/service-requests', headers, payload: body })
  const b = await app.inject({ method: 'POST', url: '/v1/service-requests', headers, payload: body })
  t.equal(a.statusCode, 201)
  t.equal(b.headers['idempotent-replayed'], 'true')
  t.equal(b.json().id, a.json().id)
  // two acceptances of one connection request at once: one moves it and posts the fee, the other is refused
  const docs = []
  for (const d of ['form_qf7201', 'id_card', 'ownership_deed', 'building_permit', 'neighbour_water_bill']) docs.push((await upload(mine.account, d)).json().id)
  const r = await create({ accountId: mine.account, type: 'connection_purchase', propertyAddress: 'Plot 7', connection: { usage: 'residential', units: 2 }, attachments: docs })
  t.equal(r.statusCode, 201, r.body)
  t.equal(r.json().fee.amount, '1700000', '2 × 500,000 + 70 %')
  await move(r.json().id, { to: 'in_review' })
  const both = await Promise.all([move(r.json().id, { to: 'awaiting_payment' }), move(r.json().id, { to: 'awaiting_payment' })])
  t.same(both.map((x) => x.statusCode).sort(), [200, 409])
  const fees = await db.selectFrom('serviceRequestFees').selectAll().where('requestId', '=', r.json().id).execute()
  t.equal(fees.length, 1)
  const entries = await db.selectFrom('ledgerEntries').select('amount').where('description', 'like', `%${r.json().id}`).execute()
  t.same(entries.map((e) => e.amount), ['1700000'])
})

t.test('uploads wait for a request, up to a cap', async (t) => {
  const fresh = await estate(app, db, tenant, 'Cap', 'SC')
  let last = 0
  for (let i = 0; i < 31; i++) last = (await upload(fresh.account, 'other', PDF, 'application/pdf', admin)).statusCode
  t.equal(last, 422)
})
