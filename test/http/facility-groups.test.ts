// Issue 10 §5, facility groups through REST: a customer groups premises and
// service points of the accounts it holds (its own and delegated ones), sees
// what a group covers, the balances with their total and the bills with each
// one's share; another's facility cannot be added (404), another's group is
// a missing one, and a revoked delegation leaves every group at once.
import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'
import { linkResidential, registeredCustomer } from '../helpers/customers.ts'
import { delegate } from '../helpers/delegations.ts'
import { estate } from '../helpers/estates.ts'
import { servicePointsOfGroup } from '../../src/app/customer-auth/facility-groups.ts'
import { testClock } from '../helpers/clock.ts'

const { app, db, tenant } = await testApp(t)
const admin = bearer(tenant.keys.admin)
const home = await estate(app, db, tenant, 'Grouper', 'FG')
const cabin = await estate(app, db, tenant, 'Cabinowner', 'FG')
const stranger = await estate(app, db, tenant, 'Outsider', 'FG')
// A second service point at the home account (hot water) and a line per service point on its bill.
const hot = (await app.inject({ method: 'POST', url: '/v1/service-points', headers: admin, payload: { accountId: home.account, resource: 'hot_water' } })).json().id as string
const line = (lineNo: number, servicePointId: string, amount: string) => ({ tenantId: tenant.id, billId: home.bill, lineNo, servicePointId, service: 'water', kind: 'volume',
  line: 'x', method: 'meter', intervalFrom: '2026-09-01', intervalTo: '2026-10-01', volume: '1', rate: amount, amount, correctsPeriodStart: null, trace: JSON.stringify({ rule: 't', inputs: {}, formula: 'f' }) })
await db.insertInto('billLines').values([line(1, home.servicePoint, '6.00'), line(2, hot, '4.00')]).execute()

const me = await registeredCustomer(app, tenant, 'Greta Grouper')
const cabinOwner = await registeredCustomer(app, tenant, 'Carl Cabin')
for (const [c, e, s] of [[me, home, 'Grouper'], [cabinOwner, cabin, 'Cabinowner']] as const) {
  const r = await linkResidential(app, c, e.number, s)
  if (r.statusCode !== 201) throw new Error(r.body)
}
const cabinDelegation = await delegate(app, tenant, cabinOwner, me, { role: 'view', accountIds: [cabin.account] })
const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, who = me) =>
  app.inject({ method, url, headers: bearer(who.access), ...(payload ? { payload } : {}) })

t.test('create, read, rename, replace, delete; reach is checked', async (t) => {
  const g = await call('POST', '/v1/facility-groups', { name: 'Everything', premisesIds: [home.premises], servicePointIds: [cabin.servicePoint] })
  t.equal(g.statusCode, 201, g.body)
  t.same(g.json().servicePoints.map((s: { id: string }) => s.id).sort(), [home.servicePoint, hot, cabin.servicePoint].sort(), 'the premises\' two and the delegated one')
  t.same(g.json().accountIds.sort(), [home.account, cabin.account].sort())
  t.equal((await call('POST', '/v1/facility-groups', { name: 'everything' })).statusCode, 409, 'one name per customer, any case')
  const other = await call('POST', '/v1/facility-groups', { name: 'Theirs', servicePointIds: [stranger.servicePoint] })
  const missing = await call('POST', '/v1/facility-groups', { name: 'Theirs', servicePointIds: ['00000000-0000-4000-8000-000000000000'] })
  t.same([other.statusCode, other.json().detail], [missing.statusCode, missing.json().detail], 'another\'s service point answers as a missing one')
  t.equal((await call('POST', '/v1/facility-groups', { name: 'Theirs', premisesIds: [stranger.premises] })).statusCode, 404)
  const id = g.json().id
  const p = await call('PATCH', `/v1/facility-groups/${id}`, { name: 'Home only', servicePointIds: [] })
  t.same([p.statusCode, p.json().name, p.json().servicePoints.length], [200, 'Home only', 2])
  t.same((await call('GET', '/v1/facility-groups')).json().items.map((x: { name: string }) => x.name), ['Home only'])
  t.equal((await call('GET', `/v1/facility-groups/${id}`, undefined, cabinOwner)).statusCode, 404, 'another\'s group: 404')
  t.equal((await call('DELETE', `/v1/facility-groups/${id}`, undefined, cabinOwner)).statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: '/v1/facility-groups', headers: admin })).statusCode, 403, 'customers only')
  const support = await app.inject({ method: 'GET', url: `/v1/customer-users/${me.userId}/facility-groups`, headers: admin })
  t.same([support.statusCode, support.json().items.map((x: { id: string }) => x.id)], [200, [id]], 'an admin key reads a customer\'s groups')
  t.equal((await app.inject({ method: 'GET', url: `/v1/customer-users/${me.userId}/facility-groups`, headers: bearer(tenant.keys.portal) })).statusCode, 403)
  t.equal((await app.inject({ method: 'GET', url: '/v1/customer-users/00000000-0000-4000-8000-000000000000/facility-groups', headers: admin })).statusCode, 404)
  t.equal((await call('DELETE', `/v1/facility-groups/${id}`)).statusCode, 200)
  t.equal((await call('GET', `/v1/facility-groups/${id}`)).statusCode, 404)
})

t.test('balances with their total, bills with the group\'s share and their documents', async (t) => {
  const g = (await call('POST', '/v1/facility-groups', { name: 'Hot water', servicePointIds: [hot, cabin.servicePoint] })).json()
  const b = await call('GET', `/v1/facility-groups/${g.id}/balances`)
  t.equal(b.statusCode, 200, b.body)
  t.same(b.json().items.map((i: { accountId: string }) => i.accountId).sort(), [home.account, cabin.account].sort())
  t.match(b.json(), { currency: 'RUB', total: { balance: '20.00', amountDue: '20.00', credit: '0.00' } }, 'two bills of 10.00')
  const bills = await call('GET', `/v1/facility-groups/${g.id}/bills`)
  t.equal(bills.statusCode, 200, bills.body)
  const homeBill = bills.json().items.find((x: { id: string }) => x.id === home.bill)
  t.match(homeBill, { payable: '10.00', groupCharges: '4.00', documentUrl: `/v1/bills/${home.bill}/document` }, 'only the hot water line is the group\'s')
  t.equal((await call('GET', homeBill.documentUrl)).statusCode, 200, 'the payment document opens with the same token')
  t.same((await call('GET', `/v1/facility-groups/${g.id}/bills?from=2026-10-01`)).json().items, [], 'by period')

  // The cabin's delegation is revoked: the group loses it on the next request.
  await app.inject({ method: 'DELETE', url: `/v1/delegations/${cabinDelegation}`, headers: bearer(cabinOwner.access) })
  t.same((await call('GET', `/v1/facility-groups/${g.id}/balances`)).json().items.map((i: { accountId: string }) => i.accountId), [home.account])
  t.same((await call('GET', `/v1/facility-groups/${g.id}/bills`)).json().items.map((i: { id: string }) => i.id), [home.bill])
  const sp = await servicePointsOfGroup(db, tenant.id, me.userId, g.id, testClock)
  t.same(sp.map((s) => s.id), [hot], 'servicePointsOfGroup: the one resolution, reusable')
  await t.rejects(servicePointsOfGroup(db, tenant.id, cabinOwner.userId, g.id, testClock), { code: 'not_found' })
})

t.test('consumption per group: the series over the service points the group covers now (issue 12 §2)', async (t) => {
  for (const [e, index] of [[home, '8'], [cabin, '7']] as const) {
    const r = await app.inject({ method: 'POST', url: '/v1/readings', headers: admin, payload: { meterId: e.meter, readAt: '2026-11-21', index, source: 'accounting' } })
    t.equal(r.statusCode, 201, r.body)
  }
  const mine = (await call('POST', '/v1/facility-groups', { name: 'Cold water', servicePointIds: [home.servicePoint] })).json()
  const q = 'granularity=month&from=2026-11-01&to=2026-11-30'
  const group = await call('GET', `/v1/facility-groups/${mine.id}/consumption?${q}`)
  t.equal(group.statusCode, 200, group.body)
  t.match(group.json(), { scope: { kind: 'facility_group', id: mine.id } })
  const single = await app.inject({ method: 'GET', url: `/v1/service-points/${home.servicePoint}/consumption?${q}`, headers: admin })
  t.same(group.json().series.map((s: { totals: unknown }) => s.totals), single.json().series.map((s: { totals: unknown }) => s.totals),
    'a group of one service point: that point\'s figures')
  t.ok(group.json().series.every((s: { servicePointIds: string[] }) => s.servicePointIds.every((id) => id === home.servicePoint)), 'nothing outside the group')
  t.equal((await call('GET', `/v1/facility-groups/${mine.id}/consumption?${q}`, undefined, cabinOwner)).statusCode, 404, 'another\'s group: 404')
  t.equal((await app.inject({ method: 'GET', url: `/v1/facility-groups/${mine.id}/consumption?${q}`, headers: admin })).statusCode, 403, 'customers only')
})
