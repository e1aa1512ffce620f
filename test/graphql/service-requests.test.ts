// Issue 12 §4 through GraphQL: staff make a request for an account, move it
// and note it; the customer reads its own; the fee quote.
import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'
import { estate } from '../helpers/estates.ts'
import { linkResidential, registeredCustomer } from '../helpers/customers.ts'

const { app, db, tenant } = await testApp(t)
const mine = await estate(app, db, tenant, 'Nilsson', 'GQ')
const theirs = await estate(app, db, tenant, 'Berg', 'GQ')
const owner = await registeredCustomer(app, tenant)
t.equal((await linkResidential(app, owner, mine.number, 'Nilsson')).statusCode, 201)
const gql = (headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}) =>
  app.inject({ method: 'POST', url: '/graphql', headers, payload: { query, variables } }).then((r) => r.json())
const acc = bearer(tenant.keys.accounting)
const FIELDS = 'id accountId type status details fee { amount trace postedOn } history { from to by note } notes { body visibility by }'

t.test('staff create, move and note; the customer reads its own', async (t) => {
  const created = await gql(acc, `mutation($input: ServiceRequestInput!) { createServiceRequest(input: $input) { ${FIELDS} } }`,
    { input: { accountId: mine.account, type: 'contact', details: { caseType: 'waste', subject: 'Missed pickup', message: 'The bin was not emptied', contactBack: false } } })
  t.notOk(created.errors, JSON.stringify(created.errors))
  const id = created.data.createServiceRequest.id
  t.match(created.data.createServiceRequest, { type: 'contact', status: 'submitted', history: [{ to: 'submitted', by: 'staff' }] })
  const bad = await gql(acc, 'mutation($input: ServiceRequestInput!) { createServiceRequest(input: $input) { id } }',
    { input: { accountId: mine.account, type: 'contact', details: { subject: 'x' } } })
  t.equal(bad.errors[0].extensions.code, 'validation_error')
  t.ok(bad.errors[0].extensions.errors.some((e: { path: string }) => e.path === 'input.message'), 'names the missing field')
  const moved = await gql(acc, 'mutation($id: ID!) { transitionServiceRequest(id: $id, input: { to: in_review, note: "looking" }) { status } }', { id })
  t.equal(moved.data.transitionServiceRequest.status, 'in_review')
  const wrong = await gql(acc, 'mutation($id: ID!) { transitionServiceRequest(id: $id, input: { to: submitted }) { status } }', { id })
  t.equal(wrong.errors[0].extensions.code, 'transition_not_allowed')
  await gql(acc, 'mutation($id: ID!) { addServiceRequestNote(id: $id, body: "We will call", visibility: customer) { id } }', { id })
  await gql(acc, 'mutation($id: ID!) { addServiceRequestNote(id: $id, body: "route 12 late", visibility: internal) { id } }', { id })
  const seen = await gql(bearer(owner.access), `query($id: ID!, $a: ID!) { serviceRequest(id: $id) { ${FIELDS} } serviceRequests(accountId: $a) { items { id } } }`, { id, a: mine.account })
  t.notOk(seen.errors, JSON.stringify(seen.errors))
  t.same(seen.data.serviceRequest.notes.map((n: { body: string }) => n.body), ['We will call'])
  t.same(seen.data.serviceRequests.items.map((i: { id: string }) => i.id), [mine.serviceRequest, id])
  const others = await gql(bearer(owner.access), 'query($a: ID!, $id: ID!) { serviceRequests(accountId: $a) { items { id } } serviceRequest(id: $id) { id } }', { a: theirs.account, id: theirs.serviceRequest })
  t.same(others.data, { serviceRequests: null, serviceRequest: null })
  const queue = await gql(acc, 'query { serviceRequestQueue(status: in_review) { items { id status } } }')
  t.same(queue.data.serviceRequestQueue.items, [{ id, status: 'in_review' }])
})

t.test('the connection-fee quote', async (t) => {
  const q = await gql(acc, 'query { connectionFeeQuote(input: { usage: "residential", units: 3 }) { waterFee wastewaterFee amount trace } }')
  t.match(q.data.connectionFeeQuote, { waterFee: '1500000', wastewaterFee: '1050000', amount: '2550000' })
  const dry = await gql(acc, 'query { connectionFeeQuote(input: { usage: "residential", units: 3, wastewater: false }) { amount } }')
  t.equal(dry.data.connectionFeeQuote.amount, '1500000')
})

t.test('the pickup schedule of an address', async (t) => {
  const rule = await app.inject({ method: 'POST', url: `/v1/premises/${mine.premises}/pickup-rules`, headers: acc,
    payload: { fraction: 'paper', weekday: 1, everyWeeks: 4, validFrom: '2026-11-01', basis: 'plan' } })
  t.equal(rule.statusCode, 201, rule.body)
  const q = 'query($p: ID!) { pickupSchedule(premisesId: $p, to: "2026-12-31") { from pickups { date fraction reliability why } rules { id anchor } } }'
  const s = await gql(bearer(owner.access), q, { p: mine.premises })
  t.notOk(s.errors, JSON.stringify(s.errors))
  t.same(s.data.pickupSchedule.pickups.map((p: { date: string; reliability: string }) => [p.date, p.reliability]), [['2026-11-30', 'planned'], ['2026-12-28', 'planned']])
  t.equal((await gql(bearer(owner.access), q, { p: theirs.premises })).data.pickupSchedule, null, 'another\'s address')
})
