// Tariff versions, norms and coefficients: created and read, never edited;
// definitions checked with the calculation API's tariff schema.
import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'

const { app, tenant, other } = await testApp(t)
const post = (url: string, payload: object, key = tenant.keys.accounting) => app.inject({ method: 'POST', url, headers: bearer(key), payload: payload as Record<string, unknown> })
const get = (url: string, key = tenant.keys.readonly) => app.inject({ method: 'GET', url, headers: bearer(key) })

const flat = (rate: string) => ({ volume: { line: 'cold_water', price: { shape: 'flat', rate } } })

t.test('tariff versions: create, list, get; no overlap; a valid definition', async (t) => {
  const a = await post('/v1/tariffs', { service: 'cold_water', usageType: 'residential', validFrom: '2026-01-01', validTo: '2026-07-01', definition: flat('20.28') })
  t.equal(a.statusCode, 201, a.body)
  t.match(a.json(), { service: 'cold_water', usageType: 'residential', validTo: '2026-07-01', definition: flat('20.28') })
  const b = await post('/v1/tariffs', { service: 'cold_water', usageType: 'residential', validFrom: '2026-07-01', definition: flat('21.50'), source: 'order 7' })
  t.equal(b.statusCode, 201)
  const overlap = await post('/v1/tariffs', { service: 'cold_water', usageType: 'residential', validFrom: '2026-06-01', definition: flat('1') })
  t.equal(overlap.statusCode, 409)
  t.equal(overlap.headers['content-type'], 'application/problem+json; charset=utf-8')
  const bad = await post('/v1/tariffs', { service: 'cold_water', usageType: 'shop', validFrom: '2026-01-01', definition: { volume: { line: 'x', price: { shape: 'flat', rate: '-1' } } } })
  t.equal(bad.statusCode, 400)
  t.match(bad.json().errors, [{ path: /^body\.definition\.volume\.price/ }])
  const unknown = await post('/v1/tariffs', { service: 'cold_water', usageType: 'shop', validFrom: '2026-01-01', definition: { price: 1 } })
  t.equal(unknown.statusCode, 400)
  const dates = await post('/v1/tariffs', { service: 'cold_water', usageType: 'shop', validFrom: '2026-02-01', validTo: '2026-01-01', definition: flat('1') })
  t.equal(dates.statusCode, 400)
  t.equal((await get('/v1/tariffs')).json().items.length, 2)
  t.same((await get('/v1/tariffs?on=2026-08-01')).json().items.map((v: any) => v.id), [b.json().id])
  t.equal((await get(`/v1/tariffs/${a.json().id}`)).json().validFrom, '2026-01-01')
  t.equal((await get(`/v1/tariffs/${a.json().id}`, other.keys.readonly)).statusCode, 404, 'another tenant')
  t.equal((await post('/v1/tariffs', { service: 'cold_water', usageType: 'x', validFrom: '2026-01-01', definition: flat('1') }, tenant.keys.readonly)).statusCode, 403)
})

t.test('norms and coefficients', async (t) => {
  const n = await post('/v1/norms', { resource: 'cold_water', validFrom: '2018-01-01', value: '6.36' })
  t.equal(n.statusCode, 201, n.body)
  t.match(n.json(), { kind: 'per_person', value: '6.36', months: null, validTo: null })
  t.equal((await get(`/v1/norms/${n.json().id}`)).json().value, '6.36')
  t.equal((await get('/v1/norms?resource=cold_water')).json().items.length, 1)
  t.equal((await get('/v1/norms', other.keys.readonly)).json().items.length, 0)
  t.equal((await post('/v1/norms', { resource: 'gas', validFrom: '2018-01-01', value: '1' })).statusCode, 400)
  const k = await post('/v1/coefficients', { resource: 'cold_water', validFrom: '2025-12-06', value: '3' })
  t.equal(k.statusCode, 201)
  t.equal((await post('/v1/coefficients', { resource: 'cold_water', validFrom: '2025-12-06', value: '3' })).statusCode, 409, 'one value per day')
  t.equal((await post('/v1/coefficients', { resource: 'cold_water', validFrom: '2026-01-01', value: '0.5' })).statusCode, 400, 'K ≥ 1')
  t.same((await get('/v1/coefficients')).json().items, [{ resource: 'cold_water', validFrom: '2025-12-06', value: '3' }])
})
