// Bulk readings: JSON arrays and NDJSON streams with bad rows among good
// ones, retries that add nothing, Idempotency-Key replays.
import t from 'tap'
import { sql } from 'kysely'
import { bearer, testApp } from '../helpers/app.ts'
import { makeMeter } from './readings-fixtures.ts'

const { app, db, tenant, other } = await testApp(t)
const acc = bearer(tenant.keys.accounting)

const meters = await Promise.all(Array.from({ length: 40 }, () => makeMeter(app, tenant, { decimals: 0 })))
const foreign = await makeMeter(app, other)

/** 40 meters × days readings, one a day, 2 m³ a day. */
function rows(days: number, startDay = 0) {
  const out: Record<string, unknown>[] = []
  for (let d = startDay; d < startDay + days; d++) {
    const at = new Date(Date.UTC(2026, 0, 1 + d)).toISOString()
    for (const m of meters) out.push({ meterId: m.id, readAt: at, index: String(100 + 2 * d), source: 'accounting' })
  }
  return out
}

const count = async () => Number((await sql<{ n: string }>`select count(*) as n from readings where tenant_id = ${tenant.id}`.execute(db)).rows[0]!.n)

t.test('a JSON array of 3,000 rows with bad rows among them', async (t) => {
  const body: unknown[] = rows(75)
  body.splice(10, 0, { meterId: meters[0]!.id, readAt: 'soon', index: '1', source: 'accounting' })
  body.splice(20, 0, { meterId: foreign.id, readAt: '2026-01-01', index: '1', source: 'accounting' })
  body.splice(30, 0, 42)
  body.push({ meterId: meters[1]!.id, readAt: '2026-06-01T00:00:00Z', index: '5', source: 'accounting' }) // lower than 248
  body.push({ meterId: meters[1]!.id, readAt: '2026-06-01T00:00:00Z', index: '5', source: 'accounting' }) // the same again
  const before = await count()
  const r = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers: { ...acc, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
  t.equal(r.statusCode, 200, r.body.slice(0, 500))
  const res = r.json()
  t.same(res.counts, { received: 3005, accepted: 3000, flagged: 0, rejected: 4, duplicate: 1 })
  t.equal(res.rows.length, 3005)
  t.same(res.rows[10], { row: 11, status: 'rejected', readingId: null, reasons: ['invalid_row'], errors: [{ path: 'readAt', message: res.rows[10].errors[0].message }] })
  t.same(res.rows[20].reasons, ['unknown_meter'], 'another tenant\'s meter is unknown')
  t.same(res.rows[30].reasons, ['invalid_row'])
  t.same(res.rows[3003].reasons, ['lower_index'])
  t.equal(res.rows[3004].status, 'duplicate')
  t.equal(res.rows[3004].readingId, res.rows[3003].readingId)
  t.equal(await count(), before + 3001, 'accepted rows and the rejected (known meter) one are stored')

  const again = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers: { ...acc, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
  t.equal(again.statusCode, 200)
  t.same(again.json().counts, { received: 3005, accepted: 0, flagged: 0, rejected: 3, duplicate: 3002 })
  t.equal(again.json().rows[0].readingId, res.rows[0].readingId, 'a duplicate names the stored reading')
  t.equal(await count(), before + 3001, 'a retried upload adds nothing')
})

t.test('NDJSON, with a malformed line and blank lines', async (t) => {
  const lines = rows(25, 100).map((r) => JSON.stringify(r))
  lines.splice(5, 0, '{"meterId": broken', '')
  const before = await count()
  const r = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers: { ...acc, 'content-type': 'application/x-ndjson' }, payload: lines.join('\n') + '\n' })
  t.equal(r.statusCode, 200, r.body.slice(0, 500))
  t.same(r.json().counts, { received: 1001, accepted: 1000, flagged: 0, rejected: 1, duplicate: 0 })
  t.same(r.json().rows[5], { row: 6, status: 'rejected', readingId: null, reasons: ['invalid_row'], errors: [{ path: '(row)', message: 'not valid JSON' }] })
  t.equal(await count(), before + 1000)
})

t.test('Idempotency-Key on a bulk upload replays the stored answer', async (t) => {
  const payload = rows(5, 200).map((r) => JSON.stringify(r)).join('\n')
  const headers = { ...acc, 'content-type': 'application/x-ndjson', 'idempotency-key': 'bulk-200' }
  const first = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers, payload })
  t.equal(first.statusCode, 200, first.body.slice(0, 300))
  t.equal(first.json().counts.accepted, 200)
  const n = await count()
  const replay = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers, payload })
  t.equal(replay.headers['idempotent-replayed'], 'true')
  t.same(replay.json(), first.json(), 'the same answer, not 200 duplicates')
  t.equal(await count(), n)
  const otherBody = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers, payload: payload + '\n' + payload })
  t.equal(otherBody.statusCode, 422)
  t.equal(otherBody.json().code, 'idempotency_key_reused')
  const jsonKey = { ...acc, 'content-type': 'application/json', 'idempotency-key': 'bulk-json' }
  const j1 = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers: jsonKey, payload: JSON.stringify(rows(1, 300)) })
  const j2 = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers: jsonKey, payload: JSON.stringify(rows(1, 300)) })
  t.equal(j1.json().counts.accepted, 40)
  t.equal(j2.headers['idempotent-replayed'], 'true')
  t.same(j2.json(), j1.json())
})

t.test('a body that is not an array is refused whole, and nothing is stored', async (t) => {
  const n = await count()
  for (const payload of ['{"meterId": 1}', '"rows"', `[${JSON.stringify(rows(1, 400)[0])}] trailing`, '[{"a":1}']) {
    const r = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers: { ...acc, 'content-type': 'application/json' }, payload })
    t.equal(r.statusCode, 400, payload)
    t.equal(r.json().code, 'validation_error')
  }
  t.equal(await count(), n, 'the transaction rolled back')
  const empty = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers: { ...acc, 'content-type': 'application/json' }, payload: '[]' })
  t.same(empty.json(), { counts: { received: 0, accepted: 0, flagged: 0, rejected: 0, duplicate: 0 }, rows: [] })
  const portal = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers: { ...bearer(tenant.keys.portal), 'content-type': 'application/json' }, payload: '[]' })
  t.equal(portal.statusCode, 403, 'bulk uploads are the utility\'s')
})

t.test('out-of-order rows meet their real predecessor', async (t) => {
  const m = await makeMeter(app, tenant, { decimals: 0 })
  const body = [
    { meterId: m.id, readAt: '2026-03-01T00:00:00Z', index: '300', source: 'telemetry' },
    { meterId: m.id, readAt: '2026-01-01T00:00:00Z', index: '100', source: 'telemetry' },
    { meterId: m.id, readAt: '2026-02-01T00:00:00Z', index: '50', source: 'telemetry' },
  ]
  const r = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers: { ...acc, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
  t.same(r.json().rows.map((x: any) => x.status), ['accepted', 'accepted', 'rejected'])
  const late = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers: { ...acc, 'content-type': 'application/json' },
    payload: JSON.stringify([{ meterId: m.id, readAt: '2026-01-15T00:00:00Z', index: '90', source: 'inspector' },
      { meterId: m.id, readAt: '2026-01-20T00:00:00Z', index: '150', source: 'inspector' }]) })
  t.same(late.json().rows.map((x: any) => x.reasons), [['lower_index'], []], 'a late row is judged against the reading before it')
})

t.test('the readings counter of /metrics adds a bulk upload\'s counts (and a single submission)', async (t) => {
  const counter = async (status: string) => {
    const body = (await app.inject({ method: 'GET', url: '/metrics' })).body
    return Number(new RegExp(`aqualedger_readings_total\\{status="${status}"\\} (\\d+)`).exec(body)?.[1] ?? NaN)
  }
  const [accepted, rejected] = [await counter('accepted'), await counter('rejected')]
  const m = await makeMeter(app, tenant, { decimals: 0 })
  const body = [
    { meterId: m.id, readAt: '2026-03-01T00:00:00Z', index: '300', source: 'telemetry' },
    { meterId: m.id, readAt: '2026-04-01T00:00:00Z', index: '3.5', source: 'telemetry' },
    { meterId: m.id, readAt: '2026-05-01T00:00:00Z', index: '310', source: 'telemetry' },
  ]
  const r = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers: { ...acc, 'content-type': 'application/x-ndjson' },
    payload: body.map((x) => JSON.stringify(x)).join('\n') })
  t.same(r.json().counts, { received: 3, accepted: 2, flagged: 0, rejected: 1, duplicate: 0 })
  t.equal(await counter('accepted'), accepted + 2)
  t.equal(await counter('rejected'), rejected + 1)
  const one = await app.inject({ method: 'POST', url: '/v1/readings', headers: acc,
    payload: { meterId: m.id, readAt: '2026-06-01T00:00:00Z', index: '320', source: 'telemetry' } })
  t.equal(one.statusCode, 201)
  t.equal(await counter('accepted'), accepted + 3)
  const again = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers: { ...acc, 'content-type': 'application/x-ndjson' },
    payload: body.map((x) => JSON.stringify(x)).join('\n') })
  t.equal(again.json().counts.duplicate, 3, 'the rejected row was stored too')
  t.equal(await counter('accepted'), accepted + 3, 'duplicates are not counted again')
})

t.test('an offset Postgres cannot store (past ±15:59) rejects its row, not the upload', async (t) => {
  const m = await makeMeter(app, tenant, { decimals: 0 })
  const body = [
    { meterId: m.id, readAt: '2026-03-01T00:00:00+16:00', index: '300', source: 'telemetry' },
    { meterId: m.id, readAt: '2026-03-02T00:00:00+15:59', index: '301', source: 'telemetry' },
    { meterId: m.id, readAt: '2026-03-03T00:00:00-12:60', index: '302', source: 'telemetry' },
  ]
  const r = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers: { ...acc, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  t.same(r.json().rows.map((x: any) => [x.status, x.reasons]), [['rejected', ['invalid_row']], ['accepted', []], ['rejected', ['invalid_row']]])
  const one = await app.inject({ method: 'POST', url: '/v1/readings', headers: acc, payload: body[0] })
  t.equal(one.statusCode, 400, 'one reading: a validation error')
})

t.test('the history average of a consumption meter (sum of its use) flags a spike, with or without index meters in the upload', async (t) => {
  const hot = await makeMeter(app, tenant, { readingKind: 'consumption', decimals: 0 })
  const cold = await makeMeter(app, tenant, { decimals: 0 })
  const day = (d: number) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString()
  const history = Array.from({ length: 70 }, (_, d) => ({ meterId: hot.id, readAt: day(d), consumption: '1', source: 'telemetry' }))
  const ndjson = (rows: unknown[]) => ({ method: 'POST' as const, url: '/v1/readings/bulk', headers: { ...acc, 'content-type': 'application/x-ndjson' },
    payload: rows.map((r) => JSON.stringify(r)).join('\n') })
  t.same((await app.inject(ndjson(history))).json().counts.accepted, 70)
  const mixed = await app.inject(ndjson([
    { meterId: cold.id, readAt: day(70), index: '10', source: 'telemetry' },
    { meterId: hot.id, readAt: day(70), consumption: '50', source: 'telemetry' },
    { meterId: hot.id, readAt: day(71), consumption: '5', source: 'telemetry' },
  ]))
  t.same(mixed.json().rows.map((r: any) => r.reasons), [[], ['spike'], []], '50 a day against 1 a day; 5 is within ten times')
  const alone = await app.inject(ndjson([{ meterId: hot.id, readAt: day(72), consumption: '40', source: 'telemetry' }]))
  t.same(alone.json().rows[0].reasons, ['spike'], 'an upload of consumption meters only')
  const indexOnly = await app.inject(ndjson([{ meterId: cold.id, readAt: day(71), index: '12', source: 'telemetry' }]))
  t.same(indexOnly.json().rows[0].status, 'accepted', 'an upload of index meters only')
})

t.test('repeats within an upload: the same meter, instant, value (12.50 is 12.5) and source; the first in upload order is stored', async (t) => {
  const m = await makeMeter(app, tenant, { decimals: 2 })
  const n = await makeMeter(app, tenant, { decimals: 2 })
  const at = '2026-02-01T10:00:00Z'
  const body = [
    { meterId: m.id, readAt: '2026-02-01T13:00:00+03:00', index: '12.5', source: 'accounting' }, // 1: stored
    { meterId: m.id, readAt: at, index: '12.50', source: 'accounting' }, // 2: repeat of 1 (same instant, same value)
    { meterId: m.id, readAt: at, index: '12.5', source: 'telemetry' }, // 3: another source
    { meterId: m.id, readAt: '2026-01-01T10:00:00Z', index: '10', source: 'accounting' }, // 4: earlier, out of order
    { meterId: n.id, readAt: at, index: '12.5', source: 'accounting' }, // 5: another meter
    { meterId: m.id, readAt: at, index: '13', source: 'accounting' }, // 6: another value at the same instant
    { meterId: m.id, readAt: at, index: '012.500', source: 'accounting' }, // 7: repeat of 1
    { meterId: m.id, readAt: at, index: '12.5', source: 'telemetry' }, // 8: repeat of 3
  ]
  const r = await app.inject({ method: 'POST', url: '/v1/readings/bulk', headers: { ...acc, 'content-type': 'application/json' }, payload: JSON.stringify(body) })
  const rows = r.json().rows
  t.same(rows.map((x: any) => x.status === 'duplicate'), [false, true, false, false, false, false, true, true])
  t.equal(rows[1].readingId, rows[0].readingId)
  t.equal(rows[6].readingId, rows[0].readingId)
  t.equal(rows[7].readingId, rows[2].readingId)
  t.equal(new Set(rows.filter((x: any) => x.status !== 'duplicate').map((x: any) => x.readingId)).size, 5, 'five readings stored')
  t.equal(r.json().counts.duplicate, 3)
})
