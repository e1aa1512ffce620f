// Seed 001 "Administration" (issue 10 §5, "Done when"): the journeys of a
// Swedish utility's Mina Sidor, end to end through REST as a portal would
// call them: let another user access the customer's pages (delegate,
// accept, use), take it back (revoke, at once), let it run out (expiry by
// the app's clock), add colleagues to an organization's contracts, and group
// facilities to see balances and documents per group.
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { bearer, TEST_CONFIG, testApp } from '../helpers/app.ts'
import { clockOn } from '../helpers/clock.ts'
import { lastMessage, linkResidential, registeredCustomer, signIn } from '../helpers/customers.ts'
import { invitationTokenIn } from '../helpers/delegations.ts'
import { estate } from '../helpers/estates.ts'

const { app, db, tenant } = await testApp(t)
const admin = bearer(tenant.keys.admin)
const villa = await estate(app, db, tenant, 'Lindqvist', 'S1')
const summer = await estate(app, db, tenant, 'Lindqvist', 'S1')
const anna = await registeredCustomer(app, tenant, 'Anna Lindqvist')
const erik = await registeredCustomer(app, tenant, 'Erik Lindqvist')
for (const e of [villa, summer]) {
  const r = await linkResidential(app, anna, e.number, 'lindqvist')
  if (r.statusCode !== 201) throw new Error(r.body)
}
const as = (who: { access: string }) => bearer(who.access)
const req = (who: { access: string }, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, extra: Record<string, string> = {}) =>
  app.inject({ method, url, headers: { ...as(who), ...extra }, ...(payload ? { payload } : {}) })

t.test('delegate → accept → use → revoke takes effect at once', async (t) => {
  // Anna lets Erik report readings for the villa until the end of March.
  const inv = await req(anna, 'POST', '/v1/delegations', { email: erik.email, role: 'submit_readings', accountIds: [villa.account], expiresAt: '2027-03-31T22:00:00Z' })
  t.equal(inv.statusCode, 201, inv.body)
  // The portal (or the SMTP sender) delivers the outbox message; Erik accepts with his own user.
  const message = await lastMessage(app, tenant, erik.email, 'delegation_invitation')
  t.match(message, /Anna Lindqvist invites you to S1-\d+ with the role submit_readings until 2027-03-31T22:00:00.000Z/)
  const acc = await req(erik, 'POST', '/v1/delegations/accept', { token: invitationTokenIn(message) })
  t.equal(acc.statusCode, 200, acc.body)
  // Erik uses it: the account in his list, its balance, bills and document, readings in and their history.
  t.match((await req(erik, 'GET', '/v1/me')).json().accounts, [{ id: villa.account, role: 'submit_readings', via: 'delegation' }])
  t.equal((await req(erik, 'GET', `/v1/accounts/${villa.account}/balance`)).json().balance, '10.00')
  t.same((await req(erik, 'GET', '/v1/bills')).json().items.map((b: { id: string }) => b.id), [villa.bill], 'the bills list holds the delegated account\'s only')
  t.equal((await req(erik, 'GET', `/v1/bills/${villa.bill}/document`)).statusCode, 200)
  t.equal((await req(erik, 'GET', `/v1/accounts/${villa.account}/statement?from=2026-01-01&to=2026-12-01`)).statusCode, 200)
  const reading = await req(erik, 'POST', '/v1/readings', { meterId: villa.meter, readAt: '2026-11-24', index: '9.5', source: 'portal' }, { 'idempotency-key': 'erik-1' })
  t.equal(reading.statusCode, 201, reading.body)
  t.equal((await req(erik, 'GET', `/v1/meters/${villa.meter}/readings`)).statusCode, 200)
  t.equal((await req(erik, 'GET', `/v1/accounts/${summer.account}/balance`)).statusCode, 404, 'the summer house was not shared')
  t.equal((await req(erik, 'POST', '/v1/delegations', { email: 'third@example.org', role: 'view', accountIds: [villa.account] })).statusCode, 403, 'only manage invites')
  // Anna sees who has access, and takes it back.
  const list = (await req(anna, 'GET', '/v1/delegations')).json().items
  t.match(list, [{ id: inv.json().id, status: 'active', delegate: { name: 'Erik Lindqvist' }, accounts: [{ id: villa.account }] }])
  t.equal((await req(anna, 'DELETE', `/v1/delegations/${inv.json().id}`)).json().status, 'revoked')
  t.equal((await req(erik, 'GET', `/v1/accounts/${villa.account}/balance`)).statusCode, 404, 'the next request with the same token')
  const late = await req(erik, 'POST', '/v1/readings', { meterId: villa.meter, readAt: '2026-11-25', index: '9.6', source: 'portal' }, { 'idempotency-key': 'erik-2' })
  t.equal(late.statusCode, 404)
  const actions = (await db.selectFrom('auditLog').select('action').where('subject', '=', inv.json().id).execute()).map((a) => a.action).sort()
  t.same(actions, ['delegation.accepted', 'delegation.invited', 'delegation.revoked'])
})

t.test('expiry: the access ends at expiresAt by the app\'s clock', async (t) => {
  const inv = await req(anna, 'POST', '/v1/delegations', { email: erik.email, role: 'view', accountIds: [summer.account], expiresAt: '2026-11-30T00:00:00Z' })
  await req(erik, 'POST', '/v1/delegations/accept', { token: invitationTokenIn(await lastMessage(app, tenant, erik.email, 'delegation_invitation')) })
  t.equal((await req(erik, 'GET', `/v1/accounts/${summer.account}/balance`)).statusCode, 200, 'on the 25th')
  const december = await buildApp({ db, clock: clockOn('2026-12-01'), config: TEST_CONFIG })
  t.teardown(() => december.close())
  const erikLater = (await signIn(december, tenant.id, erik.email, erik.password)).json().accessToken
  t.equal((await december.inject({ method: 'GET', url: `/v1/accounts/${summer.account}/balance`, headers: bearer(erikLater) })).statusCode, 404, 'on the 1st')
  const annaLater = (await signIn(december, tenant.id, anna.email, anna.password)).json().accessToken
  t.equal((await december.inject({ method: 'GET', url: `/v1/delegations/${inv.json().id}`, headers: bearer(annaLater) })).json().status, 'expired')
})

t.test('an organization\'s signatory adds a colleague to every contract at once', async (t) => {
  const org = (await app.inject({ method: 'POST', url: '/v1/customers', headers: admin, payload: { kind: 'organization', name: 'Fastighets AB Ek', inn: '7707083893' } })).json().id
  for (const number of ['EK-1', 'EK-2', 'EK-3']) {
    await app.inject({ method: 'POST', url: '/v1/accounts', headers: admin,
      payload: { customerId: org, kind: 'non_residential', number, contractInn: '7707083893', openedOn: '2024-01-01', usageType: 'non_residential' } })
  }
  const signatory = await registeredCustomer(app, tenant, 'Fastighets AB Ek')
  for (const number of ['EK-1', 'EK-2', 'EK-3']) {
    t.equal((await req(signatory, 'POST', '/v1/me/accounts', { kind: 'non_residential', contractNumber: number, inn: '7707083893' })).statusCode, 201)
  }
  const colleague = await registeredCustomer(app, tenant, 'Olle Ek')
  const inv = await req(signatory, 'POST', '/v1/delegations', { email: colleague.email, role: 'manage', allAccounts: true })
  t.equal(inv.json().accounts.length, 3)
  await req(colleague, 'POST', '/v1/delegations/accept', { token: invitationTokenIn(await lastMessage(app, tenant, colleague.email, 'delegation_invitation')) })
  t.same((await req(colleague, 'GET', '/v1/me/accounts')).json().items.map((a: { number: string }) => a.number), ['EK-1', 'EK-2', 'EK-3'])
  // The colleague (manage) adds another colleague the same way, to one contract.
  const second = await registeredCustomer(app, tenant, 'Lisa Ek')
  const ek1 = (await req(colleague, 'GET', '/v1/me/accounts')).json().items[0].id
  t.equal((await req(colleague, 'POST', '/v1/delegations', { email: second.email, role: 'view', accountIds: [ek1] })).statusCode, 201)
  await req(second, 'POST', '/v1/delegations/accept', { token: invitationTokenIn(await lastMessage(app, tenant, second.email, 'delegation_invitation')) })
  t.equal((await req(second, 'GET', `/v1/accounts/${ek1}/balance`)).statusCode, 200)
  // The signatory's link to EK-1 is removed (by an admin): every delegation on EK-1 ends with it.
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/customer-users/${signatory.userId}/accounts/${ek1}`, headers: admin })).statusCode, 200)
  t.equal((await req(second, 'GET', `/v1/accounts/${ek1}/balance`)).statusCode, 404)
  t.same((await req(colleague, 'GET', '/v1/me/accounts')).json().items.map((a: { number: string }) => a.number), ['EK-2', 'EK-3'])
})

t.test('group facilities; balances and documents per group', async (t) => {
  const g = await req(anna, 'POST', '/v1/facility-groups', { name: 'Sommarhus', premisesIds: [summer.premises] })
  t.equal(g.statusCode, 201, g.body)
  const both = await req(anna, 'POST', '/v1/facility-groups', { name: 'Alla', servicePointIds: [villa.servicePoint, summer.servicePoint] })
  t.same(both.json().accountIds.sort(), [villa.account, summer.account].sort())
  const balances = (await req(anna, 'GET', `/v1/facility-groups/${both.json().id}/balances`)).json()
  t.same([balances.items.length, balances.total.balance], [2, '20.00'])
  const bills = (await req(anna, 'GET', `/v1/facility-groups/${g.json().id}/bills`)).json().items
  t.same(bills.map((b: { id: string }) => b.id), [summer.bill])
  const pdf = await req(anna, 'GET', bills[0].documentUrl)
  t.same([pdf.statusCode, pdf.headers['content-type']], [200, 'application/pdf'])
  t.same((await req(anna, 'GET', '/v1/facility-groups')).json().items.map((x: { name: string }) => x.name), ['Alla', 'Sommarhus'])
  t.equal((await req(erik, 'GET', `/v1/facility-groups/${g.json().id}`)).statusCode, 404, 'another\'s group is a missing one')
})
