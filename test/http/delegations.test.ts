// Issue 10 §5 through REST: the holder invites by e-mail with a role and an
// end, the invitee accepts with its own user, roles are enforced, the holder
// or an admin lists and revokes, revocation and the end take effect on the
// very next request, a delegate never grants more than it holds, and an
// organization's signatory gives a colleague several accounts at once.
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { bearer, TEST_CONFIG, testApp } from '../helpers/app.ts'
import { clockOn } from '../helpers/clock.ts'
import { linkResidential, registeredCustomer } from '../helpers/customers.ts'
import { accept, delegate, invitationToken, invite } from '../helpers/delegations.ts'
import { estate } from '../helpers/estates.ts'

const { app, db, tenant } = await testApp(t)
const admin = bearer(tenant.keys.admin)
const mine = await estate(app, db, tenant, 'Holder', 'DG')
const theirs = await estate(app, db, tenant, 'Stranger', 'DG')
const holder = await registeredCustomer(app, tenant, 'Hanna Holder')
const stranger = await registeredCustomer(app, tenant, 'Sven Stranger')
for (const [c, e, s] of [[holder, mine, 'Holder'], [stranger, theirs, 'Stranger']] as const) {
  const r = await linkResidential(app, c, e.number, s)
  if (r.statusCode !== 201) throw new Error(r.body)
}
const get = (who: { access: string }, url: string) => app.inject({ method: 'GET', url, headers: bearer(who.access) })
const submit = (who: { access: string }, meterId: string, index: string, key: string) => app.inject({ method: 'POST', url: '/v1/readings',
  headers: { ...bearer(who.access), 'idempotency-key': key }, payload: { meterId, readAt: '2026-11-22', index, source: 'portal' } })

t.test('invite → outbox (token hashed) → accept: a view delegate sees, cannot submit or invite', async (t) => {
  const viewer = await registeredCustomer(app, tenant, 'Vera Viewer')
  const i = await invite(app, holder, { email: viewer.email, role: 'view', accountIds: [mine.account], expiresAt: '2027-01-01T00:00:00Z' })
  t.equal(i.statusCode, 201, i.body)
  t.match(i.json(), { status: 'pending', role: 'view', email: viewer.email, accounts: [{ id: mine.account, number: mine.number }], delegate: null,
    grantedBy: { id: holder.userId, name: 'Hanna Holder' }, expiresAt: '2027-01-01T00:00:00.000Z' })
  const token = await invitationToken(app, tenant, viewer.email)
  const row = await db.selectFrom('delegations').select('tokenHash').where('delegationId', '=', i.json().id).executeTakeFirstOrThrow()
  // the secret is everything after the 32-hex id: base64url may itself hold '_' (split('_')[2] gave a 1–2 character piece, found in the hash by chance)
  const secret = /^aqi_[0-9a-f]{32}_(.+)$/.exec(token)![1]!
  t.equal(secret.length, 43)
  t.notOk(row.tokenHash.includes(secret), 'only a hash of the token is stored')
  t.equal((await get(viewer, `/v1/accounts/${mine.account}/balance`)).statusCode, 404, 'nothing before accepting')

  const a = await accept(app, viewer, token)
  t.equal(a.statusCode, 200, a.body)
  t.match(a.json(), { status: 'active', delegate: { id: viewer.userId, name: 'Vera Viewer' } })
  const again = await accept(app, viewer, token)
  const unknown = await accept(app, viewer, `aqi_${'0'.repeat(32)}_${'A'.repeat(43)}`)
  t.equal(again.statusCode, 422, 'single use')
  t.same([again.json().code, again.json().detail], [unknown.json().code, unknown.json().detail], 'used and unknown answer alike')

  const accounts = (await get(viewer, '/v1/me/accounts')).json().items
  t.match(accounts, [{ id: mine.account, role: 'view', via: 'delegation', expiresAt: '2027-01-01T00:00:00.000Z' }])
  t.equal((await get(viewer, `/v1/accounts/${mine.account}/balance`)).statusCode, 200)
  t.equal((await get(viewer, `/v1/bills/${mine.bill}`)).statusCode, 200)
  const s = await submit(viewer, mine.meter, '7', 'v-1')
  t.same([s.statusCode, s.json().code], [403, 'forbidden'], 'view does not include submit_readings: 403, the account is known to it')
  t.equal((await invite(app, viewer, { email: 'x@example.org', role: 'view', accountIds: [mine.account] })).statusCode, 403, 'view cannot invite')
  t.same((await get(viewer, '/v1/delegations')).json().items, [], 'view lists nothing: listing needs manage')
  t.equal((await get(viewer, `/v1/accounts/${theirs.account}/balance`)).statusCode, 404, 'others\' accounts stay unseen')

  const log = await db.selectFrom('auditLog').select(['action', 'subject']).where('tenantId', '=', tenant.id).where('subject', '=', i.json().id).orderBy('at').execute()
  t.same(log.map((l) => l.action).sort(), ['delegation.accept_failed', 'delegation.accepted', 'delegation.invited'])
  const events = await db.selectFrom('events').select('type').where('tenantId', '=', tenant.id).where('objectId', '=', i.json().id).execute()
  t.same(events.map((e) => e.type).sort(), ['delegation.accepted', 'delegation.invited'])
})

t.test('a submit_readings delegate submits; a manage delegate also invites, never past its own end', async (t) => {
  const reader = await registeredCustomer(app, tenant, 'Rolf Reader')
  await delegate(app, tenant, holder, reader, { role: 'submit_readings', accountIds: [mine.account] })
  t.equal((await submit(reader, mine.meter, '8', 'r-1')).statusCode, 201)
  t.equal((await invite(app, reader, { email: 'y@example.org', role: 'view', accountIds: [mine.account] })).statusCode, 403)

  const manager = await registeredCustomer(app, tenant, 'Maja Manager')
  await delegate(app, tenant, holder, manager, { role: 'manage', accountIds: [mine.account], expiresAt: '2026-12-31T00:00:00Z' })
  const over = await invite(app, manager, { email: 'z@example.org', role: 'view', accountIds: [mine.account], expiresAt: '2027-06-01T00:00:00Z' })
  t.same([over.statusCode, over.json().code], [422, 'exceeds_own_access'])
  const dflt = await invite(app, manager, { email: 'z@example.org', role: 'view', accountIds: [mine.account] })
  t.equal(dflt.statusCode, 201)
  t.equal(dflt.json().expiresAt, '2026-12-31T00:00:00.000Z', 'a delegate\'s end is the default')
  t.equal((await invite(app, manager, { email: 'z@example.org', role: 'view', accountIds: [theirs.account] })).statusCode, 404, 'another\'s account: 404')
  t.equal((await invite(app, manager, { email: 'z@example.org', role: 'view', accountIds: [mine.account], expiresAt: '2026-11-01T00:00:00Z' })).statusCode, 400, 'an end in the past')
  t.equal((await invite(app, manager, { email: 'z@example.org', role: 'view' })).statusCode, 400, 'accountIds or allAccounts')
  const listed = (await get(manager, '/v1/delegations')).json().items as { grantedBy: { id: string }; status: string }[]
  t.ok(listed.some((d) => d.grantedBy.id === holder.userId && d.status === 'active'), 'a manage delegate sees the holder\'s delegations too')
  t.equal((await get(holder, `/v1/delegations?status=pending`)).json().items.length, 1, 'the pending invitation')
})

t.test('revocation takes effect on the next request; stranger and other tenants see nothing', async (t) => {
  const guest = await registeredCustomer(app, tenant, 'Gustav Guest')
  const id = await delegate(app, tenant, holder, guest, { role: 'view', accountIds: [mine.account] })
  t.equal((await get(guest, `/v1/accounts/${mine.account}/balance`)).statusCode, 200)
  t.equal((await get(stranger, `/v1/delegations/${id}`)).statusCode, 404, 'a stranger does not see it')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/delegations/${id}`, headers: bearer(stranger.access) })).statusCode, 404, 'nor revokes it')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/delegations/${id}`, headers: bearer(tenant.keys.readonly) })).statusCode, 403)
  const r = await app.inject({ method: 'DELETE', url: `/v1/delegations/${id}`, headers: bearer(holder.access) })
  t.equal(r.statusCode, 200, r.body)
  t.equal(r.json().status, 'revoked')
  t.equal((await get(guest, `/v1/accounts/${mine.account}/balance`)).statusCode, 404, 'at once: the same token, the next request')
  t.same((await get(guest, '/v1/me/accounts')).json().items, [])
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/delegations/${id}`, headers: bearer(holder.access) })).json().status, 'revoked', 'again: nothing changes')

  // An admin key revokes too, and sees every delegation of the tenant.
  const id2 = await delegate(app, tenant, holder, guest, { role: 'view', accountIds: [mine.account] })
  t.ok((await app.inject({ method: 'GET', url: '/v1/delegations', headers: admin })).json().items.some((d: { id: string }) => d.id === id2))
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/delegations/${id2}`, headers: admin })).statusCode, 200)
  t.equal((await get(guest, `/v1/accounts/${mine.account}/balance`)).statusCode, 404)
  const log = await db.selectFrom('auditLog').select('actor').where('action', '=', 'delegation.revoked').where('subject', '=', id2).execute()
  t.match(log, [{ actor: /^api_key:/ }])

  // A pending invitation revoked cannot be accepted.
  const p = await invite(app, holder, { email: guest.email, role: 'view', accountIds: [mine.account] })
  await app.inject({ method: 'DELETE', url: `/v1/delegations/${p.json().id}`, headers: bearer(holder.access) })
  t.equal((await accept(app, guest, await invitationToken(app, tenant, guest.email))).statusCode, 422)
})

t.test('the end takes effect by the app\'s clock, and invitations lapse', async (t) => {
  const temp = await registeredCustomer(app, tenant, 'Tove Temp')
  await delegate(app, tenant, holder, temp, { role: 'view', accountIds: [mine.account], expiresAt: '2026-12-01T00:00:00Z' })
  t.equal((await get(temp, `/v1/accounts/${mine.account}/balance`)).statusCode, 200)
  const later = await buildApp({ db, clock: clockOn('2026-12-02'), config: TEST_CONFIG })
  t.teardown(() => later.close())
  // A fresh token on the later day: the session is live, the delegation is not.
  const s = await later.inject({ method: 'POST', url: `/v1/tenants/${tenant.id}/customer-auth/sign-in`, payload: { email: temp.email, password: temp.password } })
  const tempLater = { access: s.json().accessToken as string }
  t.equal((await later.inject({ method: 'GET', url: `/v1/accounts/${mine.account}/balance`, headers: bearer(tempLater.access) })).statusCode, 404)
  t.same((await later.inject({ method: 'GET', url: '/v1/me/accounts', headers: bearer(tempLater.access) })).json().items, [])
  const holderLater = (await later.inject({ method: 'POST', url: `/v1/tenants/${tenant.id}/customer-auth/sign-in`, payload: { email: holder.email, password: holder.password } })).json().accessToken
  const listed = (await later.inject({ method: 'GET', url: '/v1/delegations?status=expired', headers: bearer(holderLater) })).json().items
  t.ok(listed.length >= 1 && listed.every((d: { status: string }) => d.status === 'expired'))

  // An invitation lives 7 days.
  const late = await registeredCustomer(app, tenant, 'Lars Late')
  await invite(app, holder, { email: late.email, role: 'view', accountIds: [mine.account] })
  const token = await invitationToken(app, tenant, late.email)
  const week = await buildApp({ db, clock: clockOn('2026-12-03'), config: TEST_CONFIG })
  t.teardown(() => week.close())
  const lateAccess = (await week.inject({ method: 'POST', url: `/v1/tenants/${tenant.id}/customer-auth/sign-in`, payload: { email: late.email, password: late.password } })).json().accessToken
  t.equal((await accept(week, { access: lateAccess }, token)).statusCode, 422, 'past its 7 days')
})

t.test('an organization\'s signatory gives a colleague all its contracts; revoked per account', async (t) => {
  const org = await app.inject({ method: 'POST', url: '/v1/customers', headers: admin, payload: { kind: 'organization', name: 'AB Vatten', inn: '7707083893' } })
  const contracts: string[] = []
  for (const number of ['ORG-1', 'ORG-2']) {
    const a = await app.inject({ method: 'POST', url: '/v1/accounts', headers: admin,
      payload: { customerId: org.json().id, kind: 'non_residential', number, contractInn: '7707083893', openedOn: '2024-01-01', usageType: 'non_residential' } })
    contracts.push(a.json().id)
  }
  const signatory = await registeredCustomer(app, tenant, 'Signe Signatory')
  for (const number of ['ORG-1', 'ORG-2']) {
    const r = await app.inject({ method: 'POST', url: '/v1/me/accounts', headers: bearer(signatory.access), payload: { kind: 'non_residential', contractNumber: number, inn: '7707083893' } })
    t.equal(r.statusCode, 201, r.body)
  }
  const colleague = await registeredCustomer(app, tenant, 'Kalle Colleague')
  const id = await delegate(app, tenant, signatory, colleague, { role: 'submit_readings', allAccounts: true })
  const held = (await get(colleague, '/v1/me/accounts')).json().items.map((a: { id: string }) => a.id).sort()
  t.same(held, [...contracts].sort(), 'one invitation, every contract')
  const r = await app.inject({ method: 'DELETE', url: `/v1/delegations/${id}?accountId=${contracts[0]}`, headers: bearer(signatory.access) })
  t.equal(r.json().status, 'active', 'still active on the other contract')
  t.same((await get(colleague, '/v1/me/accounts')).json().items.map((a: { id: string }) => a.id), [contracts[1]])
  t.equal((await invite(app, holder, { email: 'q@example.org', role: 'view', accountIds: [contracts[1]!] })).statusCode, 404, 'the org\'s contract is not the holder\'s')
})

t.test('what the inviter no longer manages is not passed on', async (t) => {
  const manager = await registeredCustomer(app, tenant, 'Mikael Middle')
  const id = await delegate(app, tenant, holder, manager, { role: 'manage', accountIds: [mine.account] })
  const friend = await registeredCustomer(app, tenant, 'Frida Friend')
  t.equal((await invite(app, manager, { email: friend.email, role: 'view', accountIds: [mine.account] })).statusCode, 201)
  await app.inject({ method: 'DELETE', url: `/v1/delegations/${id}`, headers: bearer(holder.access) })
  t.equal((await accept(app, friend, await invitationToken(app, tenant, friend.email))).statusCode, 422)
  t.same((await get(friend, '/v1/me/accounts')).json().items, [])
})
