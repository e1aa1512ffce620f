// Issue 12 §4: a completed moving notice records the handover reading,
// closes the account from the move-out day and opens the new one at the new
// address; the bill run of the period bills the closed account to that day.
import t from 'tap'
import { bearer } from '../helpers/app.ts'
import { addAccounts, addSettlementData, billingTest } from '../app/billing/fixture.ts'
import { registeredCustomer } from '../helpers/customers.ts'
import { buildApp } from '../../src/app.ts'
import { TEST_CONFIG } from '../helpers/app.ts'
import { clockOn } from '../helpers/clock.ts'

const { app, db, tenant, drain } = await billingTest(t)
await addSettlementData(db, tenant.id)
const acc = await addAccounts(db, tenant.id, 'MV')
const staff = bearer(tenant.keys.accounting)
const admin = bearer(tenant.keys.admin)
const meter = (await db.selectFrom('meters as m').innerJoin('servicePoints as s', 's.servicePointId', 'm.servicePointId')
  .select('m.meterId').where('s.accountId', '=', acc.metered).executeTakeFirstOrThrow()).meterId
// the account's customer user, linked as the owner
const owner = await registeredCustomer(app, tenant)
t.equal((await app.inject({ method: 'POST', url: '/v1/me/accounts', headers: bearer(owner.access), payload: { kind: 'residential', accountNumber: 'MV-1', surname: 'Petrov' } })).statusCode, 201)
const me = bearer(owner.access)
const move = (id: string, payload: unknown) => app.inject({ method: 'POST', url: `/v1/service-requests/${id}/transitions`, headers: staff, payload: payload as object })

t.test('the customer reports the move; staff complete it', async (t) => {
  const bad = await app.inject({ method: 'POST', url: '/v1/service-requests', headers: me, payload: { accountId: acc.metered, type: 'moving_notice', moveOutOn: '2026-11-16', moveInOn: '2026-11-16' } })
  t.equal(bad.statusCode, 400)
  t.match(bad.json().errors, [{ path: 'body.newAddress' }])
  const r = await app.inject({ method: 'POST', url: '/v1/service-requests', headers: me, payload: {
    accountId: acc.metered, type: 'moving_notice', moveOutOn: '2026-11-16', moveInOn: '2026-11-16',
    newAddress: { address: 'Arvikagatan 1', city: 'Åmål', country: 'SE' } } })
  t.equal(r.statusCode, 201, r.body)
  const id = r.json().id
  t.equal((await move(id, { to: 'in_review' })).statusCode, 200)
  // no handover reading yet: the final bill needs one per meter
  const noReading = await move(id, { to: 'done' })
  t.equal(noReading.statusCode, 422)
  t.equal(noReading.json().code, 'handover_reading_missing')
  t.match(noReading.json().detail, /MV/)
  const lower = await move(id, { to: 'done', handoverReadings: [{ meterId: meter, index: '100' }] })
  t.equal(lower.statusCode, 422, 'an index below the last accepted one is not accepted by the intake')
  t.equal(lower.json().code, 'handover_reading_not_accepted')
  const done = await move(id, { to: 'done', handoverReadings: [{ meterId: meter, index: '112' }], note: 'handover read by the inspector' })
  t.equal(done.statusCode, 200, done.body)
  const out = done.json().outcome
  t.match(out, { closedAccount: { accountId: acc.metered, closedOn: '2026-11-16' }, handoverReadings: [{ meterId: meter, status: 'accepted' }],
    openedAccount: { number: 'MV-1-20261116', openedOn: '2026-11-16' } })
  const old = (await app.inject({ method: 'GET', url: `/v1/accounts/${acc.metered}`, headers: admin })).json()
  t.equal(old.closedOn, '2026-11-16')
  const opened = (await app.inject({ method: 'GET', url: `/v1/accounts/${out.openedAccount.accountId}`, headers: me }))
  t.equal(opened.statusCode, 200, 'the customer reaches its new account')
  t.match(opened.json(), { customerId: old.customerId, openedOn: '2026-11-16', closedOn: null })
  const premises = (await app.inject({ method: 'GET', url: `/v1/premises/${out.openedAccount.premisesId}`, headers: me })).json()
  t.match(premises, { address: 'Arvikagatan 1', city: 'Åmål', country: 'SE' })
  t.equal((await move(id, { to: 'done' })).statusCode, 409, 'completed once')
})

t.test('the bill run of the period bills the closed account to the move-out day', async (t) => {
  // in December, once November is over
  const december = await buildApp({ db, clock: clockOn('2026-12-02'), config: TEST_CONFIG })
  t.teardown(() => december.close())
  const start = await december.inject({ method: 'POST', url: '/v1/bill-runs', headers: admin, payload: { periodStart: '2026-11-01' } })
  t.equal(start.statusCode, 202, start.body)
  await drain()
  const bills = (await app.inject({ method: 'GET', url: `/v1/bills?period=2026-11-01&accountId=${acc.metered}`, headers: admin })).json().items
  const final = bills.find((b: { accountId: string }) => b.accountId === acc.metered)
  t.ok(final, 'a final bill')
  const bill = (await app.inject({ method: 'GET', url: `/v1/bills/${final.id}`, headers: admin })).json()
  t.ok(bill.lines.length > 0)
  t.same(bill.lines.map((l: { intervalFrom: string; intervalTo: string; volume: string }) => [l.intervalFrom, l.intervalTo, l.volume]), [['2026-11-01', '2026-11-16', '3.75']],
    'from the interpolated 1 November index to the handover reading (112) at the start of the move-out day')
  t.ok(bill.lines.every((l: { intervalTo: string }) => l.intervalTo <= '2026-11-16'), `lines end by the move-out day: ${bill.lines.map((l: { intervalFrom: string; intervalTo: string; volume: string }) => `${l.intervalFrom}..${l.intervalTo} ${l.volume}`).join(', ')}`)
})

t.test('a move back-dated into a billed period: the correction re-settles it to the move-out day', async (t) => {
  const run = await app.inject({ method: 'POST', url: '/v1/bill-runs', headers: admin, payload: { periodStart: '2026-10-01' } })
  t.equal(run.statusCode, 202, run.body)
  await drain()
  const october = (await app.inject({ method: 'GET', url: `/v1/bills?period=2026-10-01&accountId=${acc.normative}`, headers: admin })).json().items
    .find((b: { accountId: string }) => b.accountId === acc.normative)
  t.equal(october.charges, '773.88', 'a full October by the norm (memo 003)')
  const r = await app.inject({ method: 'POST', url: '/v1/service-requests', headers: staff, payload: { accountId: acc.normative, type: 'moving_notice', moveOutOn: '2026-10-16' } })
  t.equal(r.statusCode, 201, r.body)
  t.equal((await move(r.json().id, { to: 'in_review' })).statusCode, 200)
  const done = await move(r.json().id, { to: 'done' })
  t.equal(done.statusCode, 200, done.body)
  t.equal(done.json().outcome.openedAccount, null, 'no new address: nothing opened')
  const fix = await app.inject({ method: 'POST', url: `/v1/accounts/${acc.normative}/recalculations`, headers: staff, payload: { period: '2026-10-01' } })
  t.equal(fix.statusCode, 200, fix.body)
  t.ok(fix.json().bill, 'a correction bill')
  // 15 of 31 days: 773.88 × 15 / 31 ≈ 374.46, so about −399.42
  t.ok(Number(fix.json().bill.charges) < -390 && Number(fix.json().bill.charges) > -410, `the correction takes back the days after the move: ${fix.json().bill.charges}`)
})
