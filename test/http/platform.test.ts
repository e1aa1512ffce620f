// Issue 10 §7 and §2: the platform operator credential creates, lists and
// reads tenants and rotates the signing keys; it reaches nothing of a tenant,
// and nothing of a tenant reaches its operations.
import t from 'tap'
import { decodeProtectedHeader } from 'jose'
import { buildApp } from '../../src/app.ts'
import type { Clock } from '../../src/app/clock.ts'
import { newOperatorToken } from '../../src/app/auth/operator.ts'
import { loadConfig } from '../../src/config.ts'
import { bearer, TEST_CONFIG, TEST_OPERATOR_TOKEN, testApp } from '../helpers/app.ts'
import { registeredCustomer, signIn } from '../helpers/customers.ts'

const { app, db, tenant } = await testApp(t)
const operator = bearer(TEST_OPERATOR_TOKEN)
const create = (payload: object, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/v1/platform/tenants', headers: { ...operator, ...headers }, payload })

t.test('the operator creates a tenant; its first admin key works at once, once shown', async (t) => {
  const r = await create({ name: 'Ab-e Tehran', currency: 'IRR', timeZone: 'Asia/Tehran' })
  t.equal(r.statusCode, 201, r.body)
  const { tenant: created, adminApiKey } = r.json()
  t.match(created, { name: 'Ab-e Tehran', currency: 'IRR', minorUnits: 0, calendar: 'solar_hijri', locale: 'fa-IR', billingPeriodMonths: 2, timeZone: 'Asia/Tehran' },
    'unsaid settings follow the currency, as key:create does')
  t.same(adminApiKey.scopes, ['admin'])
  const own = await app.inject({ method: 'GET', url: '/v1/tenant', headers: bearer(adminApiKey.apiKey) })
  t.equal(own.json().id, created.id, 'the key is the new tenant\'s admin')
  const keys = await app.inject({ method: 'GET', url: '/v1/api-keys', headers: bearer(adminApiKey.apiKey) })
  t.notMatch(keys.body, adminApiKey.apiKey.slice(-43), 'the secret is not kept')
  const got = await app.inject({ method: 'GET', url: `/v1/platform/tenants/${created.id}`, headers: operator })
  t.same(got.json(), created)
  t.equal((await app.inject({ method: 'GET', url: '/v1/platform/tenants/00000000-0000-4000-8000-000000000000', headers: operator })).statusCode, 404)

  const sek = await create({ name: 'Kommunen Vatten', currency: 'SEK', timeZone: 'Europe/Stockholm', locale: 'sv-SE', adminKeyName: 'bootstrap' })
  t.match(sek.json(), { tenant: { minorUnits: 2, calendar: 'gregorian', billingPeriodMonths: 1, locale: 'sv-SE' }, adminApiKey: { name: 'bootstrap' } })
})

t.test('bad input changes nothing', async (t) => {
  const before = (await app.inject({ method: 'GET', url: '/v1/platform/tenants?limit=500', headers: operator })).json().items.length
  for (const body of [{}, { name: 'x', currency: 'XXX', timeZone: 'Europe/Stockholm' }, { name: 'x', currency: 'SEK', timeZone: 'Mars/Olympus' },
    { name: 'x', currency: 'SEK', timeZone: 'Europe/Stockholm', policy: { nope: 1 } }, { name: 'x', currency: 'SEK', timeZone: 'Europe/Stockholm', extra: 1 }]) {
    const r = await create(body)
    t.equal(r.statusCode, 400, JSON.stringify(body))
    t.equal(r.json().code, 'validation_error')
  }
  t.equal((await app.inject({ method: 'GET', url: '/v1/platform/tenants?limit=500', headers: operator })).json().items.length, before)
})

t.test('Idempotency-Key: a retry makes no second tenant, and still hands over a working admin key', async (t) => {
  const body = { name: 'Vodokanal Irkutsk', currency: 'RUB', timeZone: 'Asia/Irkutsk' }
  const key = { 'idempotency-key': 'create-irkutsk-1' }
  const [a, b] = await Promise.all([create(body, key), create(body, key)])
  t.same([a.statusCode, b.statusCode], [201, 201])
  t.equal(a.json().tenant.id, b.json().tenant.id, 'one tenant, concurrent retries included')
  t.same([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].filter(Boolean), ['true'], 'one of them is the replay')
  t.not(a.json().adminApiKey.apiKey, b.json().adminApiKey.apiKey, 'the replay issues a new key: the first secret is not stored')
  for (const r of [a, b]) t.equal((await app.inject({ method: 'GET', url: '/v1/tenant', headers: bearer(r.json().adminApiKey.apiKey) })).statusCode, 200, 'both keys work')
  const reused = await create({ ...body, name: 'Another' }, key)
  t.equal(reused.statusCode, 422)
  t.equal(reused.json().code, 'idempotency_key_reused')
  const all = (await app.inject({ method: 'GET', url: '/v1/platform/tenants?limit=500', headers: operator })).json().items as { name: string }[]
  t.equal(all.filter((x) => x.name === 'Vodokanal Irkutsk').length, 1)
  t.equal(all.filter((x) => x.name === 'Another').length, 0)
})

t.test('the list pages through every tenant, oldest first', async (t) => {
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const r = await app.inject({ method: 'GET', url: `/v1/platform/tenants?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: operator })
    t.equal(r.statusCode, 200)
    const page = r.json() as { items: { id: string }[]; nextCursor: string | null }
    seen.push(...page.items.map((x) => x.id))
    cursor = page.nextCursor
  } while (cursor)
  const count = (await db.selectFrom('tenants').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n
  t.equal(seen.length, Number(count), 'every tenant once')
  t.same(seen, [...seen].sort(), 'in id (creation) order')
  t.ok(seen.includes(tenant.id))
})

t.test('the operator reaches nothing of a tenant; nothing of a tenant reaches the operator\'s routes', async (t) => {
  const r = await app.inject({ method: 'GET', url: '/v1/tenant', headers: operator })
  t.equal(r.statusCode, 403)
  t.match(r.json().detail ?? r.json().title, /platform/)
  const g = await app.inject({ method: 'POST', url: '/graphql', headers: operator, payload: { query: '{ tenant { id } }' } })
  t.equal(g.json().errors[0].extensions.code, 'forbidden')
  const customer = await registeredCustomer(app, tenant)
  for (const h of [bearer(tenant.keys.admin), bearer(customer.access)]) {
    t.equal((await app.inject({ method: 'GET', url: '/v1/platform/tenants', headers: h })).statusCode, 403)
    t.equal((await app.inject({ method: 'POST', url: '/v1/platform/tenants', headers: h, payload: { name: 'x', currency: 'SEK', timeZone: 'Europe/Stockholm' } })).statusCode, 403)
  }
  t.equal((await app.inject({ method: 'GET', url: '/v1/platform/tenants' })).statusCode, 401)
  const wrong = newOperatorToken().token
  t.equal((await app.inject({ method: 'GET', url: '/v1/platform/tenants', headers: bearer(wrong) })).statusCode, 401, 'another operator token: 401')
  t.equal((await app.inject({ method: 'GET', url: '/v1/tenant', headers: bearer(wrong) })).statusCode, 401)
})

t.test('without the configuration there is no operator', async (t) => {
  const { AQUALEDGER_OPERATOR_TOKEN_SHA256: _, ...rest } = TEST_CONFIG
  const bare = await buildApp({ db, clock: { now: () => new Date('2026-11-25T12:00:00Z') }, config: rest })
  t.teardown(() => bare.close())
  t.equal((await bare.inject({ method: 'GET', url: '/v1/platform/tenants', headers: operator })).statusCode, 401)
  t.throws(() => loadConfig({ AQUALEDGER_OPERATOR_TOKEN_SHA256: 'secret' }), /AQUALEDGER_OPERATOR_TOKEN_SHA256/, 'only a digest is configured')
  t.equal(loadConfig({}).AQUALEDGER_OPERATOR_TOKEN_SHA256, undefined, 'no default secret')
})

t.test('signing-key rotation: old tokens verify until they expire, new ones carry the new kid, then the old key is gone', async (t) => {
  let at = new Date('2026-11-25T12:00:00Z').getTime()
  const clock: Clock = { now: () => new Date(at) }
  const moving = await buildApp({ db, clock, config: TEST_CONFIG })
  t.teardown(() => moving.close())
  const customer = await registeredCustomer(moving, tenant)
  const before = (await signIn(moving, tenant.id, customer.email, customer.password)).json().accessToken as string
  const oldKid = decodeProtectedHeader(before).kid!

  const rot = await moving.inject({ method: 'POST', url: '/v1/platform/signing-keys/rotate', headers: operator })
  t.equal(rot.statusCode, 201, rot.body)
  const { kid: newKid, retired } = rot.json()
  t.not(newKid, oldKid)
  t.ok(retired.includes(oldKid))
  t.match(rot.json().keys.find((k: { kid: string }) => k.kid === newKid), { signing: true, retiredAt: null })
  t.match(rot.json().keys.find((k: { kid: string }) => k.kid === oldKid), { signing: false, publishedUntil: '2026-11-25T12:30:00.000Z' })

  at += 5 * 60_000
  t.equal((await moving.inject({ method: 'GET', url: '/v1/me', headers: bearer(before) })).statusCode, 200, 'a token signed before the rotation still verifies')
  const after = (await signIn(moving, tenant.id, customer.email, customer.password)).json().accessToken as string
  t.equal(decodeProtectedHeader(after).kid, newKid, 'new tokens carry the new kid')
  const jwks = (await moving.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys.map((k: { kid: string }) => k.kid)
  t.ok(jwks.includes(oldKid) && jwks.includes(newKid), 'the JWKS lists both')

  at += 26 * 60_000 // 31 minutes after the rotation: every token of the old key has expired (15 min), and its publication ended (30 min)
  const later = (await moving.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys.map((k: { kid: string }) => k.kid)
  t.notOk(later.includes(oldKid), 'the retired key is gone')
  t.ok(later.includes(newKid))
  const listed = (await moving.inject({ method: 'GET', url: '/v1/platform/signing-keys', headers: operator })).json().items
  t.same(listed.map((k: { kid: string }) => k.kid), [newKid])
})
