// Issue 11 §1 for customer access (issue 10): every message customer access
// writes to outbox_messages (e-mail confirmation, phone code, password reset)
// also writes customer_message.created in the same transaction, with the
// text a deliverer needs; the feed shows that type to admin keys only.
import t from 'tap'
import { bearer, testApp } from '../../helpers/app.ts'
import { registeredCustomer } from '../../helpers/customers.ts'

const { app, db, tenant } = await testApp(t)
const base = `/v1/tenants/${tenant.id}/customer-auth`

async function pairs() {
  const messages = await db.selectFrom('outboxMessages').selectAll().where('tenantId', '=', tenant.id).orderBy('messageId').execute()
  const events = await db.selectFrom('events').select(['objectType', 'objectId', 'payload', 'txid']).where('tenantId', '=', tenant.id)
    .where('type', '=', 'customer_message.created').orderBy('seq').execute()
  return { messages, events }
}

t.test('each outbox message has its customer_message.created, with the text', async (t) => {
  const c = await registeredCustomer(app, tenant)
  t.equal((await app.inject({ method: 'POST', url: `${base}/password-reset`, payload: { email: c.email } })).statusCode, 202)
  t.equal((await app.inject({ method: 'POST', url: `${base}/password-reset`, payload: { email: 'nobody@example.org' } })).statusCode, 202)
  const dup = await app.inject({ method: 'POST', url: `${base}/register`, payload: { kind: 'person', name: 'x', email: c.email, phone: '+79009998877', password: 'long enough pw' } })
  t.equal(dup.statusCode, 201, 'a taken e-mail answers as a new registration (no enumeration); its owner is told instead')

  const { messages, events } = await pairs()
  t.same(messages.map((m) => m.kind).sort(), ['email_confirmation', 'password_reset', 'phone_confirmation', 'registration_attempt'],
    'four messages: none for the unknown e-mail\'s reset, none of a new user for the taken e-mail, one to its owner')
  t.equal(events.length, messages.length, 'one event per message')
  const byId = new Map(events.map((e) => [e.objectId, e]))
  for (const m of messages) {
    const e = byId.get(m.messageId)
    t.match(e, { objectType: 'customer_message', payload: { messageId: m.messageId, channel: m.channel, purpose: m.kind, customerUserId: c.userId,
      recipient: m.recipient, subject: m.subject, body: m.body } }, `${m.kind}: the event names the message and carries its text`)
  }
  const reset = messages.find((m) => m.kind === 'password_reset')!
  t.match(reset.body, /aqp_/, 'the reset message carries its token, and so does its event')
})

t.test('the feed shows customer_message.created to admin keys only', async (t) => {
  const feed = async (key: string, q = '') => app.inject({ method: 'GET', url: `/v1/events?limit=500${q}`, headers: bearer(key) })
  const admin = (await feed(tenant.keys.admin)).json().items as { type: string }[]
  t.equal(admin.filter((e) => e.type === 'customer_message.created').length, 4, 'admin: all four')
  for (const scope of ['readonly', 'accounting', 'portal'] as const) {
    const r = await feed(tenant.keys[scope])
    t.equal(r.statusCode, 200)
    t.equal(r.json().items.filter((e: { type: string }) => e.type === 'customer_message.created').length, 0, `${scope}: left out`)
    t.equal((await feed(tenant.keys[scope], '&types=customer_message.created')).statusCode, 403, `${scope}: asking for it by name is forbidden`)
  }
  const onlyThem = (await feed(tenant.keys.admin, '&types=customer_message.created')).json().items
  t.equal(onlyThem.length, 4, 'admin: by name')
  const gql = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.readonly), payload: { query: '{ events(limit: 500) { items { type } } }' } })
  t.equal(gql.json().data.events.items.filter((e: { type: string }) => e.type === 'customer_message.created').length, 0, 'GraphQL: the same rule')
})
