// The same use-cases through GraphQL: nested reads in one round trip, tenant
// isolation, and the scope checks.
import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'

const { app, tenant, other } = await testApp(t)

async function gql(key: string, query: string, variables: Record<string, unknown> = {}) {
  const r = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(key), payload: { query, variables } })
  return r.json() as { data?: any; errors?: any[] }
}

const CREATE = `mutation($c: CustomerInput!) { createCustomer(input: $c) { id name } }`

t.test('create and read a customer tree', async (t) => {
  const c = await gql(tenant.keys.accounting, CREATE, { c: { kind: 'person', name: 'Olga', surname: 'Ivanova' } })
  t.notOk(c.errors, JSON.stringify(c.errors))
  const customerId = c.data.createCustomer.id
  const a = await gql(tenant.keys.accounting, `mutation($a: AccountInput!) { createAccount(input: $a) { id number } }`,
    { a: { customerId, kind: 'residential', number: '380001', ownerSurname: 'Ivanova', openedOn: '2020-05-01' } })
  t.notOk(a.errors, JSON.stringify(a.errors))
  const sp = await gql(tenant.keys.accounting, `mutation($s: ServicePointInput!) { createServicePoint(input: $s) { id unit } }`,
    { s: { accountId: a.data.createAccount.id, resource: 'cold_water', diameterMm: '15' } })
  t.notOk(sp.errors, JSON.stringify(sp.errors))
  const m = await gql(tenant.keys.accounting, `mutation($m: MeterInput!) { createMeter(input: $m) { id } }`,
    { m: { servicePointId: sp.data.createServicePoint.id, serial: 'GQL-1', digits: 5, decimals: 3 } })
  t.notOk(m.errors, JSON.stringify(m.errors))
  const tree = await gql(tenant.keys.readonly, `query($id: ID!) { customer(id: $id) { name accounts { number servicePoints { resource diameterMm meters { serial } } } } }`, { id: customerId })
  t.same(tree.data.customer, { name: 'Olga', accounts: [{ number: '380001', servicePoints: [{ resource: 'cold_water', diameterMm: '15', meters: [{ serial: 'GQL-1' }] }] }] })

  const foreign = await gql(other.keys.admin, `query($id: ID!) { customer(id: $id) { id } }`, { id: customerId })
  t.equal(foreign.data.customer, null, 'another tenant cannot see it')
  const list = await gql(other.keys.admin, `{ customers { items { id } } }`)
  t.same(list.data.customers.items, [])
})

t.test('scopes and validation', async (t) => {
  const ro = await gql(tenant.keys.readonly, CREATE, { c: { kind: 'person', name: 'X', surname: 'Y' } })
  t.equal(ro.errors?.[0].extensions.code, 'forbidden')
  const bad = await gql(tenant.keys.accounting, `mutation { createMeter(input: {servicePointId: "nope", serial: "x", digits: 99}) { id } }`)
  t.equal(bad.errors?.[0].extensions.code, 'validation_error')
  const badDecimal = await gql(tenant.keys.accounting, `mutation { createPremises(input: {customerId: "00000000-0000-0000-0000-000000000000", kind: flat, address: "x", areaM2: "1e400"}) { id } }`)
  t.ok(badDecimal.errors?.length, 'a malformed decimal is refused')
})
