import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'

const { app, tenant, other } = await testApp(t)
const acc = bearer(tenant.keys.accounting)

async function post(url: string, body: unknown, headers: Record<string, string> = acc) {
  return app.inject({ method: 'POST', url, headers, payload: body as any })
}

t.test('customer → premises → account → service point → meter → event, read back over REST', async (t) => {
  const c = await post('/v1/customers', { kind: 'organization', name: 'OOO Vodokanal Client', inn: '1234567894' })
  t.equal(c.statusCode, 201, c.body)
  const customer = c.json()
  const p = await post('/v1/premises', { customerId: customer.id, kind: 'building', address: 'ul. Lenina 1', city: 'Irkutsk', areaM2: '120.5' })
  t.equal(p.statusCode, 201, p.body)
  t.equal(p.json().areaM2, '120.5')
  const a = await post('/v1/accounts', { customerId: customer.id, premisesId: p.json().id, kind: 'non_residential', number: 'D-1001',
    contractInn: '1234567894', usageType: 'non_residential', openedOn: '2024-01-01' })
  t.equal(a.statusCode, 201, a.body)
  const sp = await post('/v1/service-points', { accountId: a.json().id, resource: 'cold_water', diameterMm: '15', usageType: 'non_residential',
    guaranteedVolume: '3', guaranteedVolumePer: 'day' })
  t.equal(sp.statusCode, 201, sp.body)
  t.equal(sp.json().unit, 'm3')
  const m = await post('/v1/meters', { servicePointId: sp.json().id, serial: 'SN-001', digits: 5, decimals: 3, maxFlowM3h: '3', verificationDue: '2030-01-01' })
  t.equal(m.statusCode, 201, m.body)
  const e = await post('/v1/meter-events', { meterId: m.json().id, kind: 'verified', occurredOn: '2026-01-10', nextVerificationDue: '2032-01-10' })
  t.equal(e.statusCode, 201, e.body)
  const meter = await app.inject({ method: 'GET', url: `/v1/meters/${m.json().id}`, headers: acc })
  t.equal(meter.json().verificationDue, '2032-01-10', 'a verification moves the due date')

  const list = await app.inject({ method: 'GET', url: `/v1/accounts?customerId=${customer.id}`, headers: bearer(tenant.keys.readonly) })
  t.equal(list.statusCode, 200)
  t.same(list.json().items.map((x: any) => x.number), ['D-1001'])

  const patch = await app.inject({ method: 'PATCH', url: `/v1/customers/${customer.id}`, headers: acc, payload: { email: 'client@example.org' } })
  t.equal(patch.json().email, 'client@example.org')

  const act = await post('/v1/acts', { servicePointId: sp.json().id, meterId: m.json().id, drawnUpOn: '2026-03-15', number: 'A-7',
    details: { kind: 'failure', failedOn: '2026-03-15', reason: 'mechanical_damage', meterIndex: '1234.5' } })
  t.equal(act.statusCode, 201, act.body)
  const events = await app.inject({ method: 'GET', url: `/v1/meter-events?meterId=${m.json().id}&kind=failed`, headers: acc })
  t.equal(events.json().items.length, 1, 'a failure act records the meter event')
  t.equal(events.json().items[0].meterIndex, '1234.5')

  // another tenant sees nothing, not even existence
  const foreign = await app.inject({ method: 'GET', url: `/v1/customers/${customer.id}`, headers: bearer(other.keys.admin) })
  t.equal(foreign.statusCode, 404)
  const foreignRef = await post('/v1/premises', { customerId: customer.id, kind: 'flat', address: 'x' }, bearer(other.keys.accounting))
  t.equal(foreignRef.statusCode, 422)
  t.equal(foreignRef.json().code, 'reference_not_found')
})

t.test('pagination walks every row once', async (t) => {
  for (let i = 0; i < 7; i++) await post('/v1/customers', { kind: 'person', name: `P${i}`, surname: 'Page' })
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const url: string = `/v1/customers?q=Page&limit=3${cursor ? `&cursor=${cursor}` : ''}`
    const r = await app.inject({ method: 'GET', url, headers: acc })
    t.equal(r.statusCode, 200, r.body)
    seen.push(...r.json().items.map((x: any) => x.name))
    cursor = r.json().nextCursor
  } while (cursor)
  t.same(seen, ['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6'])
})

t.test('auth and scopes', async (t) => {
  t.equal((await app.inject({ method: 'GET', url: '/v1/customers' })).statusCode, 401)
  t.equal((await app.inject({ method: 'GET', url: '/v1/customers', headers: bearer('aql_nope') })).statusCode, 401)
  const ro = await post('/v1/customers', { kind: 'person', name: 'X', surname: 'Y' }, bearer(tenant.keys.readonly))
  t.equal(ro.statusCode, 403)
  t.equal(ro.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(ro.json().code, 'forbidden')
})

t.test('bad input is a 4xx problem and changes nothing', async (t) => {
  const before = (await app.inject({ method: 'GET', url: '/v1/customers?limit=500', headers: acc })).json().items.length
  const cases: [string, unknown, number][] = [
    ['{not json', undefined, 400],
    [JSON.stringify({ kind: 'alien', name: 'x' }), undefined, 400],
    [JSON.stringify({ kind: 'organization', name: 'x', inn: '1234567895' }), undefined, 400],
    [JSON.stringify({ kind: 'organization', name: 'x', extra: 1 }), undefined, 400],
    [JSON.stringify({ kind: 'organization', name: 'x'.repeat(2_000_000) }), undefined, 413],
  ]
  for (const [payload, , status] of cases) {
    const r = await app.inject({ method: 'POST', url: '/v1/customers', headers: { ...acc, 'content-type': 'application/json' }, payload })
    t.equal(r.statusCode, status, `${payload.slice(0, 60)} → ${r.body.slice(0, 200)}`)
    t.match(r.json(), { type: /^https:\/\//, status, code: String, requestId: String })
  }
  const huge = await post('/v1/premises', { customerId: '00000000-0000-0000-0000-000000000000', kind: 'flat', address: 'x', areaM2: 1e300 })
  t.equal(huge.statusCode, 400)
  t.match(huge.json().errors, [{ path: 'body.areaM2' }])
  const badDate = await post('/v1/accounts', { customerId: '00000000-0000-0000-0000-000000000000', kind: 'residential', number: '1', ownerSurname: 'A', openedOn: '2026-02-30' })
  t.equal(badDate.statusCode, 400)
  t.match(badDate.json().errors, [{ path: 'body.openedOn' }])
  const after = (await app.inject({ method: 'GET', url: '/v1/customers?limit=500', headers: acc })).json().items.length
  t.equal(after, before)
})

t.test('Idempotency-Key: replay, conflict, and one row', async (t) => {
  const h = { ...acc, 'idempotency-key': 'k-1' }
  const body = { kind: 'person', name: 'Anna', surname: 'Idem' }
  const a = await post('/v1/customers', body, h)
  const b = await post('/v1/customers', body, h)
  t.equal(a.statusCode, 201)
  t.equal(b.statusCode, 201)
  t.equal(b.headers['idempotent-replayed'], 'true')
  t.equal(b.json().id, a.json().id)
  const c = await post('/v1/customers', { ...body, name: 'Other' }, h)
  t.equal(c.statusCode, 422)
  t.equal(c.json().code, 'idempotency_key_reused')
  const list = await app.inject({ method: 'GET', url: '/v1/customers?q=Idem', headers: acc })
  t.equal(list.json().items.length, 1)
  // concurrent duplicates: one write, the others replay it
  const hh = { ...acc, 'idempotency-key': 'k-2' }
  const body2 = { kind: 'person', name: 'Boris', surname: 'Race' }
  const all = await Promise.all([1, 2, 3, 4].map(() => post('/v1/customers', body2, hh)))
  t.same(new Set(all.map((r) => r.json().id)).size, 1)
  t.equal((await app.inject({ method: 'GET', url: '/v1/customers?q=Race', headers: acc })).json().items.length, 1)
})
