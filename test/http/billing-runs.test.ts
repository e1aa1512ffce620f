// Bill runs end to end over REST, with graphile-worker's runOnce draining the
// queue: every account billed once with the expected amounts and traces,
// errors reported per service point without stopping the run, a second run
// adding nothing, gapless numbers, cancel, tenant isolation, bad input.
import { testClock } from '../helpers/clock.ts'
import t from 'tap'
import { bearer } from '../helpers/app.ts'
import { addAccounts, addSettlementData, billingTest } from '../app/billing/fixture.ts'
import { startBillRun } from '../../src/app/billing/bill-runs.ts'
import { billChunk } from '../../src/app/billing/bill-chunk.ts'

const { app, db, tenant, other, drain } = await billingTest(t)
await addSettlementData(db, tenant.id)
const acc = await addAccounts(db, tenant.id)
const admin = bearer(tenant.keys.admin)

const get = (url: string, key = tenant.keys.readonly) => app.inject({ method: 'GET', url, headers: bearer(key) })

t.test('a run bills every account once, with the expected amounts', async (t) => {
  const start = await app.inject({ method: 'POST', url: '/v1/bill-runs', headers: admin, payload: { periodStart: '2026-10-01' } })
  t.equal(start.statusCode, 202, start.body)
  const run = start.json()
  t.match(run, { status: 'queued', periodStart: '2026-10-01', periodEnd: '2026-11-01', total: 5, chunks: 1 })
  await drain()
  const done = (await get(`/v1/bill-runs/${run.id}`)).json()
  t.match(done, { status: 'completed', total: 5, done: 3, failed: 2, chunksDone: 1, etaSeconds: 0 })

  const bills = (await get('/v1/bills?period=2026-10-01')).json().items
  t.equal(bills.length, 3)
  const by = new Map(bills.map((b: any) => [b.accountId, b]))
  t.equal((by.get(acc.metered) as any).charges, '162.24', 'metered: 8 m³ × 20.28 (memo 003)')
  t.equal((by.get(acc.normative) as any).charges, '773.88', 'normative: 515.92 + 257.96 (memo 003)')
  t.ok(by.get(acc.failed), 'failed meter billed')
  t.same(bills.map((b: any) => b.number).sort(), ['00000001', '00000002', '00000003'], 'gapless numbers')

  const bill = (await get(`/v1/bills/${(by.get(acc.normative) as any).id}`)).json()
  t.equal(bill.lines.length, 2, 'base and surcharge')
  t.match(bill.lines[0], { method: 'normative', kind: 'volume', trace: { rule: /normative/, formula: String } })
  const failed = (await get(`/v1/bills/${(by.get(acc.failed) as any).id}`)).json()
  t.match(failed.lines[0], { method: 'averaged', trace: { rule: /averag/ } })

  const errors = (await get(`/v1/bill-runs/${run.id}/errors`)).json().items
  t.same(errors.map((e: any) => e.code).sort(), ['tariff_not_found', 'uncovered_days'])
  t.same(new Set(errors.map((e: any) => e.accountId)), new Set([acc.uncovered, acc.noTariff]))

  const balance = await db.selectFrom('accountBalances').select('balance').where('tenantId', '=', tenant.id).where('accountId', '=', acc.metered).executeTakeFirstOrThrow()
  t.equal(Number(balance.balance), 162.24, 'the charge is in the ledger')
})

t.test('a second run of the period adds nothing', async (t) => {
  const again = await app.inject({ method: 'POST', url: '/v1/bill-runs', headers: admin, payload: { periodStart: '2026-10-01' } })
  t.equal(again.statusCode, 202)
  await drain()
  const run = (await get(`/v1/bill-runs/${again.json().id}`)).json()
  t.match(run, { status: 'completed', done: 3, failed: 2 })
  t.equal((await get('/v1/bills?period=2026-10-01')).json().items.length, 3)
  const entries = await db.selectFrom('ledgerEntries').select('entryId').where('tenantId', '=', tenant.id).execute()
  t.equal(entries.length, 3, 'no second charge')
})

t.test('cancel stops the chunks not yet billed', async (t) => {
  const { run } = await startBillRun(db, tenant.id, { periodStart: '2026-09-01' }, testClock, { chunkSize: 1 })
  t.equal(run.chunks, 5)
  const first = await billChunk(db, { tenantId: tenant.id, billRunId: run.id, chunkNo: 0 })
  t.equal(first.status, 'done')
  const c = await app.inject({ method: 'POST', url: `/v1/bill-runs/${run.id}/cancel`, headers: admin })
  t.equal(c.statusCode, 200)
  t.match(c.json(), { status: 'cancelled', chunksDone: 5 })
  await drain()
  const billed = (await get('/v1/bills?period=2026-09-01')).json().items
  t.ok(billed.length <= 1, 'only the first chunk')
  const again = await app.inject({ method: 'POST', url: `/v1/bill-runs/${run.id}/cancel`, headers: admin })
  t.equal(again.statusCode, 409)
  t.equal(again.headers['content-type'], 'application/problem+json; charset=utf-8')
})

t.test('tenant isolation', async (t) => {
  const mine = (await get('/v1/bills?period=2026-10-01')).json().items[0]
  t.equal((await get(`/v1/bills/${mine.id}`, other.keys.readonly)).statusCode, 404)
  t.equal((await get('/v1/bills', other.keys.readonly)).json().items.length, 0)
  const run = (await get(`/v1/bills/${mine.id}`)).json().billRunId
  t.equal((await get(`/v1/bill-runs/${run}`, other.keys.readonly)).statusCode, 404)
  t.equal((await get(`/v1/bill-runs/${run}/errors`, other.keys.readonly)).statusCode, 404)
})

t.test('bad input is a 4xx problem', async (t) => {
  const bad = await app.inject({ method: 'POST', url: '/v1/bill-runs', headers: admin, payload: { periodStart: '2026-13-01' } })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { code: 'validation_error', errors: [{ path: 'body.periodStart' }] })
  const future = await app.inject({ method: 'POST', url: '/v1/bill-runs', headers: admin, payload: { periodStart: '2099-01-01' } })
  t.equal(future.statusCode, 422)
  t.equal(future.json().code, 'period_not_over')
  const ro = await app.inject({ method: 'POST', url: '/v1/bill-runs', headers: bearer(tenant.keys.readonly), payload: { periodStart: '2026-10-01' } })
  t.equal(ro.statusCode, 403)
  t.equal((await get('/v1/bill-runs/not-a-uuid')).statusCode, 400)
  t.equal((await get('/v1/bills?accountId=nope')).statusCode, 400)
})

t.test('GraphQL: startBillRun, billRun, bills, bill', async (t) => {
  const gql = (query: string, key = tenant.keys.admin) => app.inject({ method: 'POST', url: '/graphql', headers: bearer(key), payload: { query } })
  const s = (await gql('mutation { startBillRun(periodStart: "2026-10-01") { id status total } }')).json()
  t.equal(s.data.startBillRun.total, 5)
  await drain()
  const r = (await gql(`{ billRun(id: "${s.data.startBillRun.id}") { status done failed } billRunErrors(id: "${s.data.startBillRun.id}") { items { code } } }`)).json()
  t.match(r.data, { billRun: { status: 'completed', done: 3, failed: 2 }, billRunErrors: { items: [{ code: String }, { code: String }] } })
  const b = (await gql(`{ bills(filter: { accountId: "${acc.metered}" }) { items { id number charges lines { method amount trace { rule formula notes } } } } }`)).json()
  t.match(b.data.bills.items, [{ charges: '162.24', lines: [{ method: 'metered', amount: '162.24', trace: { rule: String } }] }])
  const one = (await gql(`{ bill(id: "${b.data.bills.items[0].id}") { number lines { lineNo } } }`, other.keys.admin)).json()
  t.equal(one.data.bill, null, 'another tenant sees nothing')
  const bad = (await gql('mutation { startBillRun(periodStart: "2099-01-01") { id } }')).json()
  t.equal(bad.errors[0].extensions.code, 'period_not_over')
})
