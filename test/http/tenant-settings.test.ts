// Issue 10 §7: a tenant admin changes the tenant's settings (REST and
// GraphQL); currency only while nothing is in money; every change audited
// and visible at once.
import t from 'tap'
import { addTenant, bearer, testApp } from '../helpers/app.ts'
import { insertBill, monthBill, newAccount } from './ledger-fixtures.ts'

const { app, db } = await testApp(t)
const tenant = await addTenant(db, 'Settings vodokanal')
const admin = bearer(tenant.keys.admin)
const patch = (payload: unknown, headers = admin) => app.inject({ method: 'PATCH', url: '/v1/tenant', headers, payload: payload as object })
const auditOf = (action: string) => db.selectFrom('auditLog').selectAll().where('tenantId', '=', tenant.id).where('action', '=', action).orderBy('at').execute()

t.test('name, language, time zone and policy change at once, each change audited', async (t) => {
  await patch({ policy: { volumePlaces: 3 } })
  const r = await patch({ name: 'Kommunen Vatten AB', locale: 'sv-SE', timeZone: 'Europe/Stockholm' })
  t.equal(r.statusCode, 200, r.body)
  t.match(r.json(), { name: 'Kommunen Vatten AB', locale: 'sv-SE', timeZone: 'Europe/Stockholm', policy: { volumePlaces: 3 } }, 'a patch without policy keeps it')
  t.match((await app.inject({ method: 'GET', url: '/v1/tenant', headers: bearer(tenant.keys.readonly) })).json(), { name: 'Kommunen Vatten AB' })
  const entries = await auditOf('tenant.settings_changed')
  // the clock is pinned: both changes carry one instant, so find this one by what it changed
  const last = entries.find((e) => 'name' in (e.detail.changed as object))!
  t.match(last, { actor: /^api_key:/, subject: tenant.id })
  t.same(Object.keys(last.detail.changed as object).sort(), ['locale', 'name', 'timeZone'])
  t.same((last.detail.changed as Record<string, unknown>).name, { from: 'Settings vodokanal', to: 'Kommunen Vatten AB' })
  const again = await patch({ name: 'Kommunen Vatten AB' })
  t.equal(again.statusCode, 200)
  t.equal((await auditOf('tenant.settings_changed')).length, entries.length, 'no change, no entry')
})

t.test('bad input answers 400 and changes nothing', async (t) => {
  for (const body of [{ timeZone: 'Mars/Olympus' }, { currency: 'XXX' }, { minorUnits: 9 }, { locale: 'swedish' }, { billingPeriodMonths: 3 }, { name: '' }, { nope: 1 }, null]) {
    const r = await app.inject({ method: 'PATCH', url: '/v1/tenant', headers: { ...admin, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
    t.equal(r.statusCode, 400, JSON.stringify(body))
  }
  t.match((await app.inject({ method: 'GET', url: '/v1/tenant', headers: admin })).json(), { name: 'Kommunen Vatten AB', currency: 'RUB', minorUnits: 2 })
  t.equal((await patch({ name: 'x' }, bearer(tenant.keys.accounting))).statusCode, 403, 'admin keys only')
})

t.test('currency: free while nothing is in money, 409 naming why once there is', async (t) => {
  const account = await newAccount(app, tenant.keys.admin)
  const balance = async () => (await app.inject({ method: 'GET', url: `/v1/accounts/${account}/balance`, headers: admin })).json().currency
  t.equal(await balance(), 'RUB')
  const r = await patch({ currency: 'SEK' })
  t.equal(r.statusCode, 200, r.body)
  t.equal(await balance(), 'SEK', 'the balance reads the new currency at once')
  await insertBill(db, tenant.id, account, monthBill('S-1', '2026-09', '10.00'))
  const locked = await patch({ currency: 'EUR', name: 'Should not stick' })
  t.equal(locked.statusCode, 409)
  t.equal(locked.json().code, 'currency_locked')
  t.match(locked.json().detail, /bills in SEK/)
  t.match((await app.inject({ method: 'GET', url: '/v1/tenant', headers: admin })).json(), { currency: 'SEK', name: 'Kommunen Vatten AB' }, 'nothing changed')
  t.equal((await patch({ currency: 'SEK', name: 'Kommunen Vatten' })).statusCode, 200, 'the same currency is no change')
  t.equal((await patch({ minorUnits: 0 })).json().code, 'currency_locked')
})

t.test('GraphQL updateTenant: the same use-case', async (t) => {
  const m = 'mutation($input: TenantPatch!) { updateTenant(input: $input) { name locale currency } }'
  const ok = await app.inject({ method: 'POST', url: '/graphql', headers: admin, payload: { query: m, variables: { input: { name: 'Vatten i Kommunen', locale: 'sv-SE' } } } })
  t.same(ok.json().data.updateTenant, { name: 'Vatten i Kommunen', locale: 'sv-SE', currency: 'SEK' })
  const locked = await app.inject({ method: 'POST', url: '/graphql', headers: admin, payload: { query: m, variables: { input: { currency: 'EUR' } } } })
  t.equal(locked.json().errors[0].extensions.code, 'currency_locked')
  const bad = await app.inject({ method: 'POST', url: '/graphql', headers: admin, payload: { query: m, variables: { input: { timeZone: 'Nowhere' } } } })
  t.equal(bad.json().errors[0].extensions.code, 'validation_error')
  const ro = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.readonly), payload: { query: m, variables: { input: { name: 'x' } } } })
  t.equal(ro.json().errors[0].extensions.code, 'forbidden')
})
