// Issue 12 §3 through REST: staff enter an address's pickup rules and
// exceptions; the customer reads the next pickups with how sure each one is,
// and orders an extra pickup as a service request.
import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'
import { estate } from '../helpers/estates.ts'
import { linkResidential, registeredCustomer } from '../helpers/customers.ts'

const { app, db, tenant } = await testApp(t)
const staff = bearer(tenant.keys.accounting)
const mine = await estate(app, db, tenant, 'Lind', 'PK')
const theirs = await estate(app, db, tenant, 'Holm', 'PK')
const owner = await registeredCustomer(app, tenant)
t.equal((await linkResidential(app, owner, mine.number, 'Lind')).statusCode, 201)
const me = bearer(owner.access)

t.test('rules and exceptions, then the next pickups with their reliability', async (t) => {
  const badAnchor = await app.inject({ method: 'POST', url: `/v1/premises/${mine.premises}/pickup-rules`, headers: staff,
    payload: { fraction: 'residual', weekday: 3, everyWeeks: 2, anchor: '2026-11-05', validFrom: '2026-01-01', basis: 'route' } })
  t.equal(badAnchor.statusCode, 400)
  t.match(badAnchor.json().errors, [{ path: 'body.anchor' }])
  const residual = await app.inject({ method: 'POST', url: `/v1/premises/${mine.premises}/pickup-rules`, headers: staff,
    payload: { fraction: 'residual', bin: '190 l', weekday: 3, everyWeeks: 2, anchor: '2026-11-04', validFrom: '2026-01-01', basis: 'route', confirmedThrough: '2026-12-02' } })
  t.equal(residual.statusCode, 201, residual.body)
  const food = await app.inject({ method: 'POST', url: `/v1/premises/${mine.premises}/pickup-rules`, headers: staff,
    payload: { fraction: 'food', weekday: 5, validFrom: '2026-11-01', basis: 'estimate' } })
  t.equal(food.json().anchor, '2026-11-06', 'the first Friday on or after validFrom')
  const ruleId = residual.json().id
  const notADate = await app.inject({ method: 'PUT', url: `/v1/pickup-rules/${ruleId}/exceptions`, headers: staff, payload: { date: '2026-12-09', kind: 'cancelled', basis: 'plan' } })
  t.equal(notADate.statusCode, 422)
  t.equal(notADate.json().code, 'not_a_pickup_date')
  t.equal((await app.inject({ method: 'PUT', url: `/v1/pickup-rules/${ruleId}/exceptions`, headers: staff,
    payload: { date: '2026-12-16', kind: 'moved', movedTo: '2026-12-17', basis: 'plan', reason: 'public holiday route' } })).statusCode, 200)

  const s = await app.inject({ method: 'GET', url: `/v1/premises/${mine.premises}/pickups?to=2026-12-20`, headers: me })
  t.equal(s.statusCode, 200, s.body)
  const body = s.json()
  t.equal(body.from, '2026-11-25', 'from today (the test clock)')
  t.same(body.pickups.map((p: { date: string; fraction: string; reliability: string }) => [p.date, p.fraction, p.reliability]), [
    ['2026-11-27', 'food', 'estimated'],
    ['2026-12-02', 'residual', 'confirmed'],
    ['2026-12-04', 'food', 'estimated'],
    ['2026-12-11', 'food', 'estimated'],
    ['2026-12-17', 'residual', 'planned'],
    ['2026-12-18', 'food', 'estimated'],
  ])
  t.equal(body.pickups[4].movedFrom, '2026-12-16')
  t.equal(body.rules.length, 2)
  // the route confirms further: the moved date stays planned (moved by the plan), later ones follow
  const patched = await app.inject({ method: 'PATCH', url: `/v1/pickup-rules/${ruleId}`, headers: staff, payload: { confirmedThrough: '2026-12-31' } })
  t.equal(patched.statusCode, 200)
  const again = (await app.inject({ method: 'GET', url: `/v1/premises/${mine.premises}/pickups?from=2026-12-25&to=2026-12-31`, headers: me })).json()
  t.same(again.pickups.map((p: { date: string; reliability: string }) => [p.date, p.reliability]), [['2026-12-25', 'estimated'], ['2026-12-30', 'confirmed']])
  t.equal((await app.inject({ method: 'GET', url: `/v1/premises/${theirs.premises}/pickups`, headers: me })).statusCode, 404, 'another\'s address')
  t.equal((await app.inject({ method: 'POST', url: `/v1/premises/${mine.premises}/pickup-rules`, headers: me, payload: { fraction: 'x', weekday: 1, validFrom: '2026-01-01', basis: 'plan' } })).statusCode, 403)
})

t.test('an extra pickup order appears beside the schedule', async (t) => {
  const foreign = await app.inject({ method: 'POST', url: '/v1/service-requests', headers: me,
    payload: { accountId: mine.account, type: 'extra_pickup', premisesId: theirs.premises, fraction: 'garden', wantedOn: '2026-12-08' } })
  t.equal(foreign.statusCode, 422, 'only the account customer\'s addresses')
  const r = await app.inject({ method: 'POST', url: '/v1/service-requests', headers: me,
    payload: { accountId: mine.account, type: 'extra_pickup', premisesId: mine.premises, fraction: 'garden', bins: 2, wantedOn: '2026-12-08' } })
  t.equal(r.statusCode, 201, r.body)
  const s = (await app.inject({ method: 'GET', url: `/v1/premises/${mine.premises}/pickups?from=2026-12-07&to=2026-12-09`, headers: me })).json()
  t.match(s.pickups, [{ date: '2026-12-08', fraction: 'garden', reliability: 'estimated', extraOrder: { requestId: r.json().id, status: 'submitted', bins: 2 } }])
  await app.inject({ method: 'POST', url: `/v1/service-requests/${r.json().id}/transitions`, headers: staff, payload: { to: 'in_review' } })
  const accepted = (await app.inject({ method: 'GET', url: `/v1/premises/${mine.premises}/pickups?from=2026-12-07&to=2026-12-09`, headers: me })).json()
  t.equal(accepted.pickups[0].reliability, 'planned')
})
