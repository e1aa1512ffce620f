// Issue 10 §7: sign-ins, failed attempts and links are written to an audit
// log that a tenant admin reads (REST and GraphQL), filtered and paged.
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import type { Clock } from '../../src/app/clock.ts'
import { bearer, TEST_CONFIG, TEST_OPERATOR_TOKEN, testApp } from '../helpers/app.ts'
import { linkResidential, registeredCustomer, signIn } from '../helpers/customers.ts'
import { estate } from '../helpers/estates.ts'

const { db, tenant, other } = await testApp(t)
let at = new Date('2026-11-25T08:00:00Z').getTime()
const clock: Clock = { now: () => new Date(at) }
const app = await buildApp({ db, clock, config: TEST_CONFIG })
t.teardown(() => app.close())
const admin = bearer(tenant.keys.admin)
type Entry = { id: string; at: string; actor: string; action: string; subject: string | null; detail: Record<string, unknown> }
const read = async (query = '', headers = admin) => {
  const r = await app.inject({ method: 'GET', url: `/v1/audit-log${query}`, headers })
  if (r.statusCode !== 200) throw new Error(r.body)
  return r.json() as { items: Entry[]; nextCursor: string | null }
}

/** Setup steps: a wrong status stops the file (tap assertions belong in the tests). */
function expect(r: { statusCode: number; body: string }, status: number) {
  if (r.statusCode !== status) throw new Error(`expected ${status}, got ${r.statusCode} ${r.body}`)
}

const anna = await registeredCustomer(app, tenant)
const boris = await registeredCustomer(app, tenant)
await registeredCustomer(app, other)
const mine = await estate(app, db, tenant, 'Ivanova', 'AU')
at += 3_600_000 // 09:00: the attempts
expect(await signIn(app, tenant.id, anna.email, 'wrong password'), 401)
expect(await signIn(app, tenant.id, 'nobody@example.org', 'whatever'), 401)
// access tokens live 15 minutes: each hour's steps sign in afresh
const fresh = async (c: typeof anna) => {
  const r = await signIn(app, tenant.id, c.email, c.password)
  expect(r, 200)
  return { ...c, access: r.json().accessToken as string }
}
const anna9 = await fresh(anna)
expect(await linkResidential(app, anna9, mine.number, 'Petrova'), 422)
expect(await linkResidential(app, anna9, mine.number, 'Ivanova'), 201)
at += 3_600_000 // 10:00
expect(await app.inject({ method: 'DELETE', url: `/v1/me/accounts/${mine.account}`, headers: bearer((await fresh(anna)).access) }), 200)
expect(await app.inject({ method: 'POST', url: '/v1/me/sign-out', headers: bearer((await fresh(boris)).access) }), 200)

t.test('sign-ins, failed attempts, links and sign-outs are there, newest first', async (t) => {
  const { items } = await read('?limit=500')
  const actions = items.map((e) => e.action)
  for (const a of ['customer_user.registered', 'session.signed_in', 'session.sign_in_failed', 'account_link.failed', 'account_link.created', 'account_link.removed', 'session.signed_out_everywhere']) {
    t.ok(actions.includes(a), a)
  }
  t.same(items.map((e) => e.at), items.map((e) => e.at).sort().reverse(), 'newest first')
  const failed = items.filter((e) => e.action === 'session.sign_in_failed')
  t.same(failed.map((e) => e.detail.reason).sort(), ['unknown_email', 'wrong_password'])
  t.match(failed.find((e) => e.detail.reason === 'wrong_password'), { actor: `customer:${anna.userId}`, subject: anna.userId, detail: { email: anna.email.toLowerCase() } })
  t.match(failed.find((e) => e.detail.reason === 'unknown_email'), { actor: 'ip:127.0.0.1', subject: null, detail: { email: 'nobody@example.org' } })
  t.notOk(JSON.stringify(items).includes(anna.password), 'no password')
  const theirs = await read('?limit=500', bearer(other.keys.admin))
  t.notOk(theirs.items.some((e) => e.actor === `customer:${anna.userId}`), 'another tenant sees none of it')
})

t.test('filters: action, kind, customer user, time range', async (t) => {
  t.same((await read('?action=session.sign_in_failed')).items.length, 2)
  t.same([...new Set((await read('?kind=account_link')).items.map((e) => e.action))].sort(), ['account_link.created', 'account_link.failed', 'account_link.removed'])
  const annas = (await read(`?customerUserId=${anna.userId}&limit=500`)).items
  t.ok(annas.length >= 5)
  t.ok(annas.every((e) => e.actor === `customer:${anna.userId}` || e.subject === anna.userId), 'only Anna\'s')
  t.notOk(annas.some((e) => e.action === 'session.signed_out_everywhere'), 'not Boris\'s')
  const nine = (await read(`?from=${encodeURIComponent('2026-11-25T09:00:00Z')}&to=${encodeURIComponent('2026-11-25T10:00:00Z')}&limit=500`)).items
  t.same([...new Set(nine.map((e) => e.action))].sort(), ['account_link.created', 'account_link.failed', 'session.sign_in_failed', 'session.signed_in'])
  t.equal((await read('?action=no.such')).items.length, 0)
})

t.test('keyset pages: every entry once, ties at one instant included', async (t) => {
  const all = (await read('?limit=500')).items
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const page = await read(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
    seen.push(...page.items.map((e) => e.id))
    cursor = page.nextCursor
  } while (cursor)
  t.same(seen, all.map((e) => e.id))
  t.equal((await app.inject({ method: 'GET', url: '/v1/audit-log?cursor=bogus', headers: admin })).statusCode, 400)
  t.equal((await app.inject({ method: 'GET', url: '/v1/audit-log', headers: bearer(tenant.keys.accounting) })).statusCode, 403, 'admin keys only')
  t.equal((await app.inject({ method: 'GET', url: '/v1/audit-log', headers: bearer((await fresh(anna)).access) })).statusCode, 403, 'not customers')
})

t.test('GraphQL auditLog, and the operator\'s tenant creation in the new tenant\'s log', async (t) => {
  const q = 'query($f: AuditLogFilter) { auditLog(filter: $f, limit: 10) { items { action actor detail } nextCursor } }'
  const g = await app.inject({ method: 'POST', url: '/graphql', headers: admin, payload: { query: q, variables: { f: { action: 'session.sign_in_failed' } } } })
  t.equal(g.json().data.auditLog.items.length, 2, g.body)
  const created = await app.inject({ method: 'POST', url: '/v1/platform/tenants', headers: bearer(TEST_OPERATOR_TOKEN), payload: { name: 'Audited', currency: 'SEK', timeZone: 'Europe/Stockholm' } })
  const key = bearer(created.json().adminApiKey.apiKey)
  const log = await app.inject({ method: 'POST', url: '/graphql', headers: key, payload: { query: q } })
  t.match(log.json().data.auditLog.items, [{ action: 'tenant.created', actor: 'operator' }])
})
