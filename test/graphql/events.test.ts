// Events and webhook endpoints over GraphQL: the same use-cases as REST.
import t from 'tap'
import { emitEvents } from '../../src/app/events/events.ts'
import { bearer, testApp } from '../helpers/app.ts'

const { app, db, tenant, other } = await testApp(t)

const gql = async (key: string, query: string, variables: Record<string, unknown> = {}) =>
  (await app.inject({ method: 'POST', url: '/graphql', headers: bearer(key), payload: { query, variables } })).json()

t.test('events(after, types, limit)', async (t) => {
  await db.transaction().execute((trx) => emitEvents(trx, tenant.id, [
    { type: 'warning.issued', objectType: 'warning', objectId: 'g1', data: { n: 1 } },
    { type: 'bill_run.cancelled', objectType: 'bill_run', objectId: 'g2', data: { n: 2 } }]))
  const q = 'query($after: String, $types: [String!], $limit: Int) { events(after: $after, types: $types, limit: $limit) { items { id type cursor object { type id } data } nextCursor } }'
  let items: { type: string; object: { id: string }; data: { n: number } }[] = []
  for (let i = 0; i < 400 && items.length === 0; i++) {
    const r = await gql(tenant.keys.readonly, q, { types: ['warning.issued'] })
    t.notOk(r.errors, JSON.stringify(r.errors))
    items = r.data.events.items
    if (!items.length) await new Promise((res) => setTimeout(res, 25))
  }
  t.match(items, [{ type: 'warning.issued', object: { id: 'g1' }, data: { n: 1 } }])
  t.same((await gql(other.keys.admin, q)).data.events.items, [], 'another tenant sees none')
  const bad = await gql(tenant.keys.readonly, q, { after: '!!' })
  t.equal(bad.errors[0].extensions.code, 'validation_error')
})

t.test('webhook endpoints: admins create (secret once), list, rotate, delete; others are refused', async (t) => {
  const created = await gql(tenant.keys.admin, 'mutation($input: WebhookEndpointInput!) { createWebhookEndpoint(input: $input) { id url types enabled secret } }',
    { input: { url: 'https://erp.example.org/hooks', types: ['bill.issued'] } })
  t.notOk(created.errors, JSON.stringify(created.errors))
  const ep = created.data.createWebhookEndpoint
  t.match(ep, { url: 'https://erp.example.org/hooks', types: ['bill.issued'], enabled: true, secret: /^whsec_/ })
  t.match((await gql(tenant.keys.admin, '{ webhookEndpoints { id url } }')).data.webhookEndpoints, [{ id: ep.id }])
  t.equal((await gql(other.keys.admin, 'query($id: ID!) { webhookEndpoint(id: $id) { id } }', { id: ep.id })).data.webhookEndpoint, null)
  t.equal((await gql(tenant.keys.accounting, '{ webhookEndpoints { id } }')).errors[0].extensions.code, 'forbidden')
  const rotated = await gql(tenant.keys.admin, 'mutation($id: ID!) { rotateWebhookSecret(id: $id, overlapSeconds: 60) { secret previousSecretExpiresAt } }', { id: ep.id })
  t.not(rotated.data.rotateWebhookSecret.secret, ep.secret)
  t.ok(rotated.data.rotateWebhookSecret.previousSecretExpiresAt)
  const patched = await gql(tenant.keys.admin, 'mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: false }) { enabled disabledReason } }', { id: ep.id })
  t.match(patched.data.updateWebhookEndpoint, { enabled: false, disabledReason: 'disabled by the tenant' })
  const badUrl = await gql(tenant.keys.admin, 'mutation { createWebhookEndpoint(input: { url: "ftp://x" }) { id } }')
  t.equal(badUrl.errors[0].extensions.code, 'validation_error')
  const deliveries = await gql(tenant.keys.admin, 'query($id: ID!) { webhookDeliveries(endpointId: $id) { items { id } nextCursor } }', { id: ep.id })
  t.same(deliveries.data.webhookDeliveries, { items: [], nextCursor: null })
  t.equal((await gql(tenant.keys.admin, 'mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: ep.id })).data.deleteWebhookEndpoint, true)
  t.equal((await gql(tenant.keys.admin, 'mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: ep.id })).errors[0].extensions.code, 'not_found')
})
