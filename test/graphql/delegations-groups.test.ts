// Issue 10 §5 over GraphQL, the seed 001 "Administration" journeys: the
// holder invites (the token through the outbox), the invitee accepts and
// sees the account on its home screen, the holder sees and revokes the
// delegation at once; an admin key lists and revokes; a customer groups its
// facilities and reads each group's balances and bills in one request.
import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'
import { linkResidential, registeredCustomer } from '../helpers/customers.ts'
import { invitationToken } from '../helpers/delegations.ts'
import { estate } from '../helpers/estates.ts'

const { app, db, tenant } = await testApp(t)
const mine = await estate(app, db, tenant, 'Holder', 'GQ')
const theirs = await estate(app, db, tenant, 'Someone', 'GQ')
const holder = await registeredCustomer(app, tenant, 'Hilda Holder')
const invitee = await registeredCustomer(app, tenant, 'Ivar Invitee')
const someone = await registeredCustomer(app, tenant, 'Sam Someone')
for (const [c, e, s] of [[holder, mine, 'Holder'], [someone, theirs, 'Someone']] as const) {
  const r = await linkResidential(app, c, e.number, s)
  if (r.statusCode !== 201) throw new Error(r.body)
}

async function gql(who: { access: string } | string, query: string, variables: Record<string, unknown> = {}) {
  const headers = typeof who === 'string' ? bearer(who) : bearer(who.access)
  const r = await app.inject({ method: 'POST', url: '/graphql', headers, payload: { query, variables } })
  return r.json() as { data?: any; errors?: { message: string; extensions: { code: string } }[] }
}

const INVITE = `mutation($input: DelegationInvitationInput!) { inviteDelegate(input: $input) { id status role email accounts { id number } expiresAt grantedBy { name } } }`
const ACCEPT = `mutation($token: String!) { acceptDelegation(token: $token) { id status delegate { id name } } }`
const REVOKE = `mutation($id: ID!) { revokeDelegation(id: $id) { id status } }`
const HOME = `{ me { accounts { id role via expiresAt balance { balance } } delegations { id status delegate { name } } } }`

t.test('invite, accept, see on the home screen, revoke at once', async (t) => {
  const i = await gql(holder, INVITE, { input: { email: invitee.email, role: 'submit_readings', accountIds: [mine.account], expiresAt: '2027-03-01T00:00:00Z' } })
  t.notOk(i.errors, JSON.stringify(i.errors))
  t.match(i.data.inviteDelegate, { status: 'pending', role: 'submit_readings', accounts: [{ id: mine.account }], grantedBy: { name: 'Hilda Holder' } })
  const a = await gql(invitee, ACCEPT, { token: await invitationToken(app, tenant, invitee.email) })
  t.notOk(a.errors, JSON.stringify(a.errors))
  t.match(a.data.acceptDelegation, { status: 'active', delegate: { id: invitee.userId, name: 'Ivar Invitee' } })

  const home = await gql(invitee, HOME)
  t.notOk(home.errors, JSON.stringify(home.errors))
  t.match(home.data.me.accounts, [{ id: mine.account, role: 'submit_readings', via: 'delegation', expiresAt: '2027-03-01T00:00:00.000Z', balance: { balance: '10.00' } }])
  t.same(home.data.me.delegations, [], 'a submit_readings delegate manages nothing, so lists nothing')
  const held = await gql(holder, HOME)
  t.match(held.data.me.delegations, [{ id: i.data.inviteDelegate.id, status: 'active', delegate: { name: 'Ivar Invitee' } }])

  t.same(await gql(someone, REVOKE, { id: i.data.inviteDelegate.id }), { data: { revokeDelegation: null } }, 'another\'s delegation is null, as a missing one')
  t.equal((await gql(tenant.keys.readonly, REVOKE, { id: i.data.inviteDelegate.id })).errors?.[0]?.extensions.code, 'forbidden')
  const r = await gql(holder, REVOKE, { id: i.data.inviteDelegate.id })
  t.equal(r.data.revokeDelegation.status, 'revoked')
  const after = await gql(invitee, HOME)
  t.same(after.data.me.accounts, [], 'at once')
  t.same(await gql(invitee, `query($id: ID!) { balance(accountId: $id) { balance } }`, { id: mine.account }), { data: { balance: null } })
})

t.test('admin keys list and revoke; customers cannot use the admin list, keys cannot invite', async (t) => {
  const i = await gql(holder, INVITE, { input: { email: invitee.email, role: 'view', allAccounts: true } })
  await gql(invitee, ACCEPT, { token: await invitationToken(app, tenant, invitee.email) })
  const list = await gql(tenant.keys.admin, `{ delegations(status: active) { items { id accounts { id } } nextCursor } }`)
  t.notOk(list.errors, JSON.stringify(list.errors))
  t.ok(list.data.delegations.items.some((d: { id: string }) => d.id === i.data.inviteDelegate.id))
  t.equal((await gql(holder, '{ delegations { items { id } } }')).errors?.[0]?.extensions.code, 'forbidden')
  t.equal((await gql(tenant.keys.admin, INVITE, { input: { email: 'x@example.org', role: 'view', allAccounts: true } })).errors?.[0]?.extensions.code, 'forbidden')
  t.equal((await gql(tenant.keys.admin, REVOKE, { id: i.data.inviteDelegate.id })).data.revokeDelegation.status, 'revoked')
  t.same((await gql(invitee, HOME)).data.me.accounts, [])
  const bad = await gql(invitee, ACCEPT, { token: 'aqi_nonsense' })
  t.equal(bad.errors?.[0]?.extensions.code, 'invalid_token')
})

t.test('facility groups: create, read with balances and bills in one request, rename, delete', async (t) => {
  const c = await gql(holder, `mutation($input: FacilityGroupInput!) { createFacilityGroup(input: $input) { id name servicePoints { id accountNumber resource } } }`,
    { input: { name: 'Villa', premisesIds: [mine.premises] } })
  t.notOk(c.errors, JSON.stringify(c.errors))
  t.match(c.data.createFacilityGroup, { name: 'Villa', servicePoints: [{ id: mine.servicePoint, accountNumber: mine.number, resource: 'cold_water' }] })
  const id = c.data.createFacilityGroup.id
  const read = await gql(holder, `{ me { facilityGroups { id name accountIds balances { currency total { balance amountDue } items { accountId } }
    bills(last: 5) { groupCharges bill { id number documentUrl } } } } }`)
  t.notOk(read.errors, JSON.stringify(read.errors))
  t.match(read.data.me.facilityGroups, [{ id, name: 'Villa', accountIds: [mine.account], balances: { currency: 'RUB', total: { balance: '10.00', amountDue: '10.00' } },
    bills: [{ groupCharges: '0.00', bill: { id: mine.bill, documentUrl: `/v1/bills/${mine.bill}/document` } }] }])
  const theirsGroup = await gql(holder, `mutation($input: FacilityGroupInput!) { createFacilityGroup(input: $input) { id } }`, { input: { name: 'X', servicePointIds: [theirs.servicePoint] } })
  t.equal(theirsGroup.errors?.[0]?.extensions.code, 'not_found', 'another\'s service point: not_found')
  const u = await gql(holder, `mutation($id: ID!) { updateFacilityGroup(id: $id, input: { name: "Villa Nord" }) { name } }`, { id })
  t.equal(u.data?.updateFacilityGroup.name, 'Villa Nord', JSON.stringify(u.errors))
  t.same((await gql(someone, `query($id: ID!) { me { facilityGroup(id: $id) { id } } }`, { id })).data.me.facilityGroup, null, 'another\'s group: null')
  t.equal((await gql(someone, `mutation($id: ID!) { deleteFacilityGroup(id: $id) }`, { id })).errors?.[0]?.extensions.code, 'not_found')
  t.equal((await gql(tenant.keys.admin, `mutation($id: ID!) { deleteFacilityGroup(id: $id) }`, { id })).errors?.[0]?.extensions.code, 'forbidden')
  t.equal((await gql(holder, `mutation($id: ID!) { deleteFacilityGroup(id: $id) }`, { id })).data.deleteFacilityGroup, true)
  t.same((await gql(holder, '{ me { facilityGroups { id } } }')).data.me.facilityGroups, [])
})
