// Issue 10 §6 through the API: readings without registration. An account
// number and the owner's surname (as people type it) or a meter's serial
// open a grant; the grant lists masked meters and takes readings, nothing
// else; a wrong pair, an unknown account and a wrong serial look alike in
// body and time; failures lock out per account number and per IP.
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { bearer, TEST_CONFIG, testApp } from '../helpers/app.ts'
import { clockOn } from '../helpers/clock.ts'

const { app, db, tenant, other } = await testApp(t)
const admin = bearer(tenant.keys.admin)

async function post(url: string, payload: unknown) {
  const r = await app.inject({ method: 'POST', url, headers: admin, payload: payload as object })
  if (r.statusCode !== 201) throw new Error(`${url}: ${r.body}`)
  return r.json()
}
/** An account of «Семёнова» with a cold- and a hot-water meter, and an earlier reading on the first. */
async function household(number: string) {
  const c = await post('/v1/customers', { kind: 'person', name: 'Семёнова Анна', surname: 'Семёнова' })
  const a = await post('/v1/accounts', { customerId: c.id, kind: 'residential', number, ownerSurname: 'Семёнова', openedOn: '2024-01-01' })
  const cold = await post('/v1/service-points', { accountId: a.id, resource: 'cold_water' })
  const hot = await post('/v1/service-points', { accountId: a.id, resource: 'hot_water' })
  const m1 = await post('/v1/meters', { servicePointId: cold.id, serial: `CW-${number}-0481`, digits: 5, decimals: 3 })
  const m2 = await post('/v1/meters', { servicePointId: hot.id, serial: `HW-${number}-7720`, digits: 5, decimals: 3 })
  await post('/v1/readings', { meterId: m1.id, readAt: '2026-10-25', index: '12.5', source: 'accounting' })
  return { accountId: a.id as string, meters: [m1, m2] as { id: string; serial: string }[] }
}
const open = (payload: unknown, ip = '127.0.0.1', tenantId = tenant.id) =>
  app.inject({ method: 'POST', url: `/v1/tenants/${tenantId}/reading-grants`, payload: payload as object, remoteAddress: ip })
/** What a caller can compare between two answers: the status and the body, less the request's own id. */
const seen = (r: { statusCode: number; json(): any }) => { const { instance: _i, requestId: _r, ...body } = r.json(); return { status: r.statusCode, body } }

const home = await household('LS-500')
const neighbour = await household('LS-501')

t.test('a surname as people type it, or a serial, opens a grant for that account alone', async (t) => {
  const bySurname = await open({ accountNumber: 'LS-500', surname: '  СЕМЕНОВА ' })
  t.equal(bySurname.statusCode, 201, bySurname.body)
  t.match(bySurname.json(), { tokenType: 'Bearer', expiresIn: 1800, grantToken: /^aqg_/ })
  const bySerial = await open({ accountNumber: 'LS-500', meterSerial: 'hw-ls-500-7720 ' })
  t.equal(bySerial.statusCode, 201, 'serial: case and spaces do not matter')
  const g = bearer(bySurname.json().grantToken)

  const meters = await app.inject({ method: 'GET', url: '/v1/reading-grant/meters', headers: g })
  t.equal(meters.statusCode, 200, meters.body)
  t.same(meters.json().items.map((m: any) => [m.id, m.serialMasked, m.resource, m.lastReadingOn]).sort(),
    [[home.meters[0]!.id, '****0481', 'cold_water', '2026-10-25'], [home.meters[1]!.id, '****7720', 'hot_water', null]].sort())
  t.notMatch(meters.body, /12\.5|CW-LS|HW-LS|Семёнова/, 'no values, no full serials, no names')

  const sent = await app.inject({ method: 'POST', url: '/v1/reading-grant/readings', headers: g,
    payload: { readings: [{ meterId: home.meters[0]!.id, readAt: '2026-11-25', index: '14.250' }, { meterId: home.meters[1]!.id, readAt: '2026-11-25', index: '3' }] } })
  t.equal(sent.statusCode, 201, sent.body)
  t.same(sent.json().items.map((i: any) => i.verdict), ['accepted', 'accepted'])
  const stored = await db.selectFrom('readings').select(['source', 'value']).where('meterId', '=', home.meters[0]!.id).orderBy('readAt', 'desc').executeTakeFirstOrThrow()
  t.same([stored.source, Number(stored.value)], ['reading_grant', 14.25], 'through the ordinary intake, the source recorded')
  const again = await app.inject({ method: 'POST', url: '/v1/reading-grant/readings', headers: g,
    payload: { readings: [{ meterId: home.meters[0]!.id, readAt: '2026-11-25', index: '14.250' }] } })
  t.equal(again.json().items[0].verdict, 'duplicate', 'a retry adds nothing')
  const back = await app.inject({ method: 'POST', url: '/v1/reading-grant/readings', headers: g,
    payload: { readings: [{ meterId: home.meters[0]!.id, readAt: '2026-11-26', index: '1' }] } })
  t.not(back.json().items[0].verdict, 'accepted', 'the intake\'s checks apply (an index going backwards)')
  t.ok(await db.selectFrom('auditLog').select('auditId').where('action', '=', 'reading_grant.readings_submitted').executeTakeFirst(), 'audited')

  const foreign = await app.inject({ method: 'POST', url: '/v1/reading-grant/readings', headers: g,
    payload: { readings: [{ meterId: neighbour.meters[0]!.id, readAt: '2026-11-25', index: '1' }] } })
  t.equal(foreign.statusCode, 404, 'a meter of another account is not found')
  t.equal(await db.selectFrom('readings').select('readingId').where('meterId', '=', neighbour.meters[0]!.id).where('source', '=', 'reading_grant').executeTakeFirst(), undefined)

  // Nothing else: REST and GraphQL answer 403 to a live grant.
  for (const [method, url] of [['GET', `/v1/accounts/${home.accountId}`], ['GET', `/v1/meters/${home.meters[0]!.id}/readings`], ['GET', '/v1/me'],
    ['POST', '/v1/readings'], ['GET', `/v1/accounts/${home.accountId}/balance`]] as const) {
    const r = await app.inject({ method, url, headers: g, ...(method === 'POST' ? { payload: { meterId: home.meters[0]!.id, readAt: '2026-11-25', index: '15', source: 'portal' } } : {}) })
    t.equal(r.statusCode, 403, `${method} ${url}`)
  }
  const gql = await app.inject({ method: 'POST', url: '/graphql', headers: g, payload: { query: '{ me { user { id } } }' } })
  t.equal(gql.json().errors[0].extensions.code, 'forbidden')
  t.equal((await app.inject({ method: 'GET', url: '/v1/reading-grant/meters', headers: bearer(tenant.keys.admin) })).statusCode, 403, 'an API key has its own routes')
  t.equal((await app.inject({ method: 'GET', url: '/v1/reading-grant/meters', headers: bearer(`${bySurname.json().grantToken.slice(0, -2)}xx`) })).statusCode, 401, 'a forged secret')

  const grants = await db.selectFrom('readingGrants').select('tokenHash').execute()
  t.notOk(grants.some((x) => bySurname.json().grantToken.includes(x.tokenHash)), 'stored hashed')
  const later = await buildApp({ db, clock: { now: () => new Date(clockOn('2026-11-25').now().getTime() + 31 * 60_000) }, config: TEST_CONFIG })
  t.teardown(() => later.close())
  t.equal((await later.inject({ method: 'GET', url: '/v1/reading-grant/meters', headers: g })).statusCode, 401, 'dead after 30 minutes')
  t.equal((await later.inject({ method: 'GET', url: `/v1/accounts/${home.accountId}`, headers: g })).statusCode, 401)
})

t.test('a wrong pair, an unknown account and a wrong serial: one body, one time', async (t) => {
  await db.deleteFrom('authAttempts').execute()
  const kinds = {
    wrongSurname: { accountNumber: 'LS-501', surname: 'Иванова' },
    unknownAccount: { accountNumber: 'LS-999', surname: 'Семёнова' },
    wrongSerial: { accountNumber: 'LS-501', meterSerial: 'CW-LS-500-0481' },
    otherTenant: { accountNumber: 'LS-501', surname: 'Семёнова' },
  } as const
  const answers = await Promise.all(Object.entries(kinds).map(([k, p]) => open(p, '10.0.0.1', k === 'otherTenant' ? other.id : tenant.id)))
  const bodies = answers.map(seen)
  for (const b of bodies.slice(1)) t.same(b, bodies[0])
  t.equal(bodies[0]!.status, 422)
  t.equal(bodies[0]!.body.code, 'no_match')
  const reasons = (await db.selectFrom('auditLog').select('detail').where('action', '=', 'reading_grant.failed').execute()).map((r) => (r.detail as { reason: string }).reason)
  t.same([...new Set(reasons)].sort(), ['serial_mismatch', 'surname_mismatch', 'unknown_account'], 'the audit knows why; the caller does not')

  // Time: interleaved samples, medians compared (the attempt table is cleared so the limits never answer instead).
  const times: Record<string, number[]> = { wrongSurname: [], unknownAccount: [], wrongSerial: [] }
  for (let i = 0; i < 15; i++) {
    for (const k of Object.keys(times)) {
      await db.deleteFrom('authAttempts').execute()
      const start = process.hrtime.bigint()
      const r = await open(kinds[k as keyof typeof kinds], '10.0.0.2')
      times[k]!.push(Number(process.hrtime.bigint() - start) / 1e6)
      t.equal(r.statusCode, 422)
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const medians = Object.values(times).map(median)
  const [lo, hi] = [Math.min(...medians), Math.max(...medians)]
  t.ok(hi - lo < Math.max(3, lo * 0.5), `medians ${medians.map((m) => m.toFixed(2)).join(' / ')} ms differ by less than 50% (or 3 ms)`)
})

t.test('failures lock out per account number and per IP, with audit entries', async (t) => {
  await db.deleteFrom('authAttempts').execute()
  for (let i = 0; i < 5; i++) t.equal((await open({ accountNumber: 'LS-501', surname: 'x' }, `10.1.0.${i}`)).statusCode, 422)
  const right = await open({ accountNumber: 'LS-501', surname: 'Семёнова' }, '10.1.0.9')
  t.equal(right.statusCode, 429, 'five failures on an account number lock it, even for the right pair from another IP')
  const unknown = await open({ accountNumber: 'LS-9999', surname: 'x' }, '10.1.1.0')
  for (let i = 0; i < 4; i++) await open({ accountNumber: 'LS-9999', surname: 'x' }, `10.1.1.${i + 1}`)
  t.same(seen(await open({ accountNumber: 'LS-9999', surname: 'x' }, '10.1.1.9')), seen(right), 'an unknown number locks the same way')
  t.equal(unknown.statusCode, 422)
  for (let i = 0; i < 20; i++) await open({ accountNumber: `NX-${i}`, surname: 'x' }, '10.2.0.1')
  t.equal((await open({ accountNumber: 'LS-500', surname: 'Семёнова' }, '10.2.0.1')).statusCode, 429, 'twenty failures from an IP lock it')
  t.equal((await open({ accountNumber: 'LS-500', surname: 'Семёнова' }, '10.2.0.2')).statusCode, 201, 'another IP is not locked')
  t.ok(await db.selectFrom('auditLog').select('auditId').where('action', '=', 'reading_grant.locked_out').executeTakeFirst(), 'the lockout is audited')
  const later = await buildApp({ db, clock: { now: () => new Date(clockOn('2026-11-25').now().getTime() + 16 * 60_000) }, config: TEST_CONFIG })
  t.teardown(() => later.close())
  t.equal((await later.inject({ method: 'POST', url: `/v1/tenants/${tenant.id}/reading-grants`, payload: { accountNumber: 'LS-501', surname: 'Семёнова' }, remoteAddress: '10.1.0.9' })).statusCode,
    201, 'the window passes')
})

t.test('bad input changes nothing', async (t) => {
  t.equal((await open({ accountNumber: 'LS-500' })).statusCode, 400)
  t.equal((await open({ accountNumber: 'LS-500', surname: 'a', meterSerial: 'b' })).statusCode, 400)
  t.equal((await open({ accountNumber: 'LS-500', surname: 'a' }, '127.0.0.1', '00000000-0000-4000-8000-000000000000')).statusCode, 404)
})
