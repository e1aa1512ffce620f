// Waste-collection subscriptions at an address (issue 12 §3) through REST and
// GraphQL: staff add them by key (GraphQL addWasteSubscription), a customer
// reads those of its own address, another's answers as a missing one.
import t from 'tap'
import { addTenant, bearer, testApp } from '../helpers/app.ts'
import { linkResidential, registeredCustomer } from '../helpers/customers.ts'
import { household } from '../http/consumption-fixtures.ts'

const { app, db } = await testApp(t)
const se = await addTenant(db, 'Arvika', { currency: 'SEK', timeZone: 'Europe/Stockholm', locale: 'sv-SE' })
const anna = await household(app, db, se, 'Andersson', 1)
const erik = await household(app, db, se, 'Eriksson', 2)
const key = bearer(se.keys.admin)
const gql = (headers: Record<string, string>, query: string, variables: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/graphql', headers, payload: { query, variables } }).then((r) => r.json())
const wastePoint = async (h: typeof anna) => {
  const r = await app.inject({ method: 'POST', url: '/v1/service-points', headers: key, payload: { accountId: h.account, premisesId: h.premises, resource: 'waste_collection' } })
  t.equal(r.statusCode, 201, r.body)
  return r.json().id as string
}
const ADD = 'mutation($sp: ID!, $i: WasteSubscriptionInput!) { addWasteSubscription(servicePointId: $sp, input: $i) { id servicePointId binLitres frequency validFrom validTo } }'
const LIST = 'query($p: ID!) { wasteSubscriptions(premisesId: $p) { servicePointId binLitres frequency validFrom validTo } }'

t.test('GraphQL: staff add, the address lists, as REST does', async (t) => {
  const sp = await wastePoint(anna)
  const first = await gql(key, ADD, { sp, i: { binLitres: 190, frequency: 'every_other_week', validFrom: '2026-01-05' } })
  t.match(first.data.addWasteSubscription, { servicePointId: sp, binLitres: 190, validTo: null })
  const second = await gql(key, ADD, { sp, i: { binLitres: 370, frequency: 'weekly', validFrom: '2026-06-01' } })
  t.equal(second.data.addWasteSubscription.binLitres, 370)
  const before = await gql(key, ADD, { sp, i: { binLitres: 140, frequency: 'weekly', validFrom: '2026-03-01' } })
  t.equal(before.errors[0].extensions.code, 'conflict', 'not before the last, as REST\'s 409')
  const bad = await gql(key, ADD, { sp, i: { binLitres: 140, frequency: 'daily', validFrom: '2026-09-01' } })
  t.equal(bad.errors[0].extensions.code, 'validation_error')
  const water = await gql(key, ADD, { sp: anna.points.cold_water, i: { binLitres: 140, frequency: 'weekly', validFrom: '2026-09-01' } })
  t.equal(water.errors[0].extensions.code, 'not_a_waste_point')
  const listed = (await gql(key, LIST, { p: anna.premises })).data.wasteSubscriptions
  t.same(listed.map((s: any) => [s.binLitres, s.validFrom, s.validTo]), [[190, '2026-01-05', '2026-06-01'], [370, '2026-06-01', null]])
  const rest = await app.inject({ method: 'GET', url: `/v1/premises/${anna.premises}/waste-subscriptions`, headers: key })
  t.equal(rest.statusCode, 200)
  t.same(rest.json().items.map((s: any) => [s.servicePointId, s.binLitres, s.frequency, s.validFrom, s.validTo]),
    listed.map((s: any) => [s.servicePointId, s.binLitres, s.frequency, s.validFrom, s.validTo]), 'REST and GraphQL agree')
  t.same((await gql(key, LIST, { p: erik.premises })).data.wasteSubscriptions, [], 'an address without waste points: none')
})

t.test('customers: their own address, another\'s as a missing one; no writes', async (t) => {
  const theirs = await wastePoint(erik)
  await gql(key, ADD, { sp: theirs, i: { binLitres: 140, frequency: 'every_four_weeks', validFrom: '2026-02-02' } })
  const c = await registeredCustomer(app, se)
  t.equal((await linkResidential(app, c, anna.number, 'Andersson')).statusCode, 201)
  const me = bearer(c.access)
  const mine = await gql(me, LIST, { p: anna.premises })
  t.same(mine.data.wasteSubscriptions.map((s: any) => s.binLitres), [190, 370])
  t.equal((await gql(me, LIST, { p: erik.premises })).data.wasteSubscriptions, null)
  t.equal((await app.inject({ method: 'GET', url: `/v1/premises/${anna.premises}/waste-subscriptions`, headers: me })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: `/v1/premises/${erik.premises}/waste-subscriptions`, headers: me })).statusCode, 404)
  const write = await gql(me, ADD, { sp: theirs, i: { binLitres: 140, frequency: 'weekly', validFrom: '2026-09-01' } })
  t.equal(write.errors[0].extensions.code, 'forbidden')
})
