// Issue 12 §4 through REST: completing a service request changes the records
// from its effective day, and the next bill run (or the correction of a
// billed period) settles with the values valid on each day. Fixture
// (test/app/billing/fixture.ts): 20.28 RUB/m³ residential, 19.19
// non-residential, a norm of 6.36 m³/person with K = 1.5; the metered
// account uses 8 m³ in October (162.24), the normative one has 4 residents
// (773.88).
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { bearer } from '../helpers/app.ts'
import { addAccounts, addSettlementData, billingTest } from '../app/billing/fixture.ts'
import { buildApp } from '../../src/app.ts'
import { TEST_CONFIG } from '../helpers/app.ts'
import { clockOn } from '../helpers/clock.ts'

const { app, db, tenant, drain } = await billingTest(t)
await addSettlementData(db, tenant.id)
const a = await addAccounts(db, tenant.id, 'CA')
const b = await addAccounts(db, tenant.id, 'CB')
const c = await addAccounts(db, tenant.id, 'CC')
const d = await addAccounts(db, tenant.id, 'CD')
const staff = bearer(tenant.keys.accounting)
const admin = bearer(tenant.keys.admin)
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
const FULL = ['form_qf7201', 'id_card', 'ownership_deed', 'building_permit', 'water_bill']

const pointOf = async (accountId: string) => (await db.selectFrom('servicePoints').select('servicePointId').where('accountId', '=', accountId).executeTakeFirstOrThrow()).servicePointId
const meterOf = async (accountId: string) => (await db.selectFrom('meters as m').innerJoin('servicePoints as s', 's.servicePointId', 'm.servicePointId')
  .select('m.meterId').where('s.accountId', '=', accountId).executeTakeFirstOrThrow()).meterId

/** A request with its documents, moved to in_review. */
async function request(accountId: string, body: Record<string, unknown>, documents: string[] = FULL): Promise<string> {
  const attachments: string[] = []
  for (const d of documents) {
    const up = await app.inject({ method: 'POST', url: `/v1/accounts/${accountId}/request-attachments?documentType=${d}`, headers: { ...staff, 'content-type': 'application/pdf' }, payload: PDF })
    attachments.push(up.json().id)
  }
  const r = await app.inject({ method: 'POST', url: '/v1/service-requests', headers: staff, payload: { accountId, attachments, ...body } })
  if (r.statusCode !== 201) throw new Error(r.body)
  const moved = await app.inject({ method: 'POST', url: `/v1/service-requests/${r.json().id}/transitions`, headers: staff, payload: { to: 'in_review' } })
  if (moved.statusCode !== 200) throw new Error(moved.body)
  return r.json().id
}
const done = (id: string, completion?: Record<string, unknown>, headers: Record<string, string> = staff) =>
  app.inject({ method: 'POST', url: `/v1/service-requests/${id}/transitions`, headers, payload: { to: 'done', ...(completion ? { completion } : {}) } })
const statusOf = async (id: string) => (await app.inject({ method: 'GET', url: `/v1/service-requests/${id}`, headers: staff })).json().status

type Line = { kind: string; line: string; method: string | null; intervalFrom: string; intervalTo: string; volume: string | null; rate: string | null; amount: string; trace: { inputs: Record<string, unknown> } }
async function octoberBill(accountId: string): Promise<{ id: string; charges: string; issuedOn: string; lines: Line[] }> {
  const list = (await app.inject({ method: 'GET', url: `/v1/bills?period=2026-10-01&accountId=${accountId}`, headers: admin })).json().items
  const bill = list.find((x: { accountId: string; kind: string }) => x.accountId === accountId && x.kind === 'regular')
  if (!bill) throw new Error(`no October bill for ${accountId}`)
  return (await app.inject({ method: 'GET', url: `/v1/bills/${bill.id}`, headers: admin })).json()
}
const spans = (lines: Line[], kind = 'volume') => lines.filter((l) => l.kind === kind).map((l) => [l.intervalFrom, l.intervalTo])

const ids: Record<string, string> = {}

t.test('requests made while the accounts owe nothing (seed 002: settled first)', async (t) => {
  ids.backdated = await request(c.normative, { type: 'units_change', currentUnits: 1, requestedUnits: 1 })
  ids.retry = await request(a.failed, { type: 'units_change', currentUnits: 1, requestedUnits: 3 })
  ids.reloc = await request(a.uncovered, { type: 'relocation', scope: 'other_property', newLocation: 'Lenina 4, plot 9' },
    ['form_qf7201', 'water_bill', 'id_card', 'ownership_deed', 'building_permit', 'neighbour_water_bill'])
  ids.lateOff = await request(d.normative, { type: 'disconnection', mode: 'temporary', fromDate: '2026-10-21', untilDate: '2026-10-26' }, ['form_qf7201', 'water_bill'])
  ids.race = await request(a.failed, { type: 'capacity_change', currentCapacityM3: '1', requestedCapacityM3: '5', connection: { usage: 'residential', units: 1 } })
  t.pass()
})

t.test('bad completions are refused and change nothing', async (t) => {
  const id = await request(a.metered, { type: 'usage_change', currentUsage: 'residential', requestedUsage: 'shop' })
  ids.usage = id
  const none = await done(id)
  t.equal(none.statusCode, 400, 'no effective day')
  t.match(none.json().errors, [{ path: 'body.completion.effectiveOn' }])
  const noTariff = await done(id, { effectiveOn: '2026-10-16', usageType: 'industrial_x' })
  t.equal(noTariff.statusCode, 422)
  t.equal(noTariff.json().code, 'tariff_not_found')
  t.match(noTariff.json().detail, /non_residential/)
  const early = await done(id, { effectiveOn: '2019-01-01', usageType: 'non_residential' })
  t.equal(early.json().code, 'before_account_opened')
  const extra = await done(id, { effectiveOn: '2026-10-16', usageType: 'non_residential', colour: 'red' })
  t.equal(extra.statusCode, 400, 'unknown fields are named')
  const notDone = await app.inject({ method: 'POST', url: `/v1/service-requests/${id}/transitions`, headers: staff, payload: { to: 'site_visit', completion: { effectiveOn: '2026-10-16' } } })
  t.equal(notDone.statusCode, 400, 'a completion goes with done only')
  t.equal(await statusOf(id), 'in_review')
  t.equal((await db.selectFrom('servicePointTerms').selectAll().execute()).length, 0, 'no term written')
  t.equal((await db.selectFrom('servicePoints').select('usageType').where('servicePointId', '=', await pointOf(a.metered)).executeTakeFirstOrThrow()).usageType, 'residential')
})

t.test('usage change: the tariff of the new usage from the effective day', async (t) => {
  const r = await done(ids.usage!, { effectiveOn: '2026-10-16', usageType: 'non_residential' })
  t.equal(r.statusCode, 200, r.body)
  t.match(r.json().outcome, { effectiveOn: '2026-10-16', changes: [{ attribute: 'usageType', from: 'residential', to: 'non_residential' }] })
  t.equal(r.json().status, 'done')
  const sp = (await app.inject({ method: 'GET', url: `/v1/service-points/${await pointOf(a.metered)}`, headers: staff })).json()
  t.equal(sp.usageType, 'non_residential', 'the point shows the newest usage')
  t.equal((await done(ids.usage!, { effectiveOn: '2026-10-16', usageType: 'non_residential' })).statusCode, 409, 'done once')
})

t.test('units change: residents for the norm and dwelling units from the day', async (t) => {
  const id = await request(a.normative, { type: 'units_change', currentUnits: 1, requestedUnits: 2 })
  const bad = await done(id, { effectiveOn: '2026-10-16', residents: -1 })
  t.equal(bad.statusCode, 400)
  t.match(bad.json().errors, [{ path: 'body.completion.residents' }])
  const r = await done(id, { effectiveOn: '2026-10-16', residents: 2 })
  t.equal(r.statusCode, 200, r.body)
  t.match(r.json().outcome.changes, [{ attribute: 'dwellingUnits', from: 1, to: 2 }, { attribute: 'residents', from: 4, to: 2 }])
})

t.test('diameter and capacity change: the connection\'s terms from the day, history kept', async (t) => {
  const d = await request(a.uncovered, { type: 'diameter_change', currentDiameter: '15 mm', requestedDiameter: '25 mm', connection: { usage: 'residential', units: 1 } })
  const rd = await done(d, { effectiveOn: '2026-11-01' })
  t.equal(rd.statusCode, 200, rd.body)
  t.match(rd.json().outcome.changes, [{ attribute: 'diameterMm', from: '15', to: '25' }], 'the requested "25 mm" is the default')
  const cap = await request(a.uncovered, { type: 'capacity_change', currentCapacityM3: '1', requestedCapacityM3: '3', connection: { usage: 'non_residential', countyAdjustmentFactor: '1', contractCapacityM3: '2' } })
  const bad = await done(cap, { effectiveOn: '2026-11-01', contractCapacityM3: '0' })
  t.equal(bad.statusCode, 400)
  const rc = await done(cap, { effectiveOn: '2026-11-01' })
  t.equal(rc.statusCode, 200, rc.body)
  t.match(rc.json().outcome.changes, [{ attribute: 'contractCapacityM3', from: null, to: '3' }])
  const sp = (await app.inject({ method: 'GET', url: `/v1/service-points/${await pointOf(a.uncovered)}`, headers: staff })).json()
  t.match(sp, { diameterMm: '25', contractCapacityM3: '3' })
  const terms = await db.selectFrom('servicePointTerms').select(['attribute', 'effectiveFrom', 'value', 'previousValue']).where('servicePointId', '=', sp.id).orderBy('attribute').execute()
  t.same(terms, [{ attribute: 'contract_capacity_m3', effectiveFrom: '2026-11-01', value: '3', previousValue: null }, { attribute: 'diameter_mm', effectiveFrom: '2026-11-01', value: '25', previousValue: '15' }])
})

t.test('temporary disconnection: the days between are not billed; a reconnection ends an open-ended one', async (t) => {
  const bad = await request(b.metered, { type: 'disconnection', mode: 'temporary', fromDate: '2026-10-11', untilDate: '2026-10-21' }, ['form_qf7201', 'water_bill'])
  const reversed = await done(bad, { untilOn: '2026-10-05' })
  t.equal(reversed.statusCode, 422)
  t.equal(reversed.json().code, 'until_before_from')
  const r = await done(bad)
  t.equal(r.statusCode, 200, r.body)
  t.match(r.json().outcome.changes, [{ attribute: 'disconnected', from: '2026-10-11', until: '2026-10-21' }])
  // open-ended, then a reconnection request
  const open = await request(b.normative, { type: 'disconnection', mode: 'temporary', fromDate: '2026-10-01', untilDate: '2026-12-01' }, ['form_qf7201', 'water_bill'])
  t.equal((await done(open, { untilOn: null })).statusCode, 200)
  const again = await request(b.normative, { type: 'disconnection', mode: 'temporary', fromDate: '2026-10-05', untilDate: '2026-10-06' }, ['form_qf7201', 'water_bill'])
  t.equal((await done(again)).json().code, 'already_disconnected')
  const back = await request(b.normative, { type: 'reconnection', reconnectOn: '2026-10-21' }, [])
  const rb = await done(back)
  t.equal(rb.statusCode, 200, rb.body)
  t.match(rb.json().outcome.changes, [{ attribute: 'disconnected', from: '2026-10-01', until: '2026-10-21', previousUntil: null }])
  const none = await request(b.failed, { type: 'reconnection', reconnectOn: '2026-10-21' }, [])
  t.equal((await done(none)).json().code, 'not_disconnected')
})

t.test('permanent disconnection: the point and its account close; the final bill ends that day', async (t) => {
  const id = await request(b.noTariff, { type: 'disconnection', mode: 'permanent', fromDate: '2026-10-16' }, ['form_qf7201', 'water_bill'])
  const r = await done(id)
  t.equal(r.statusCode, 200, r.body)
  t.match(r.json().outcome.changes, [{ attribute: 'closedOn', to: '2026-10-16' }, { accountId: b.noTariff, attribute: 'closedOn', to: '2026-10-16' }])
  t.equal((await app.inject({ method: 'GET', url: `/v1/accounts/${b.noTariff}`, headers: staff })).json().closedOn, '2026-10-16')
  t.equal((await app.inject({ method: 'GET', url: `/v1/service-points/${await pointOf(b.noTariff)}`, headers: staff })).json().closedOn, '2026-10-16')
  // with the final reading, through the readings intake
  const meter = await meterOf(d.metered)
  const fin = await request(d.metered, { type: 'disconnection', mode: 'permanent', fromDate: '2026-10-16' }, ['form_qf7201', 'water_bill'])
  const lower = await done(fin, { finalReadings: [{ meterId: meter, index: '90' }] })
  t.equal(lower.json().code, 'final_reading_not_accepted', 'an index below the last one is refused')
  t.equal((await app.inject({ method: 'GET', url: `/v1/accounts/${d.metered}`, headers: staff })).json().closedOn, null, 'and nothing closed')
  const ok = await done(fin, { finalReadings: [{ meterId: meter, index: '104' }] })
  t.equal(ok.statusCode, 200, ok.body)
  t.match(ok.json().outcome.changes[0], { attribute: 'closedOn', to: '2026-10-16', finalReadings: [{ meterId: meter, status: 'accepted' }] })
})

t.test('meter test failed: the meter is out from the test day and the fallback method applies', async (t) => {
  const meter = await meterOf(c.metered)
  const id = await request(c.metered, { type: 'meter_test', meterId: meter, reason: 'runs fast' }, ['form_qf7201', 'water_bill'])
  const foreign = await done(id, { meterId: await meterOf(b.metered), testedOn: '2026-10-16', result: 'failed', labActNumber: 'L-1' })
  t.equal(foreign.json().code, 'unknown_meter')
  const bad = await done(id, { testedOn: '2026-10-16', result: 'failed', labActNumber: 'L-1', nextVerificationDue: '2030-01-01' })
  t.equal(bad.statusCode, 400, 'a failed test sets no next verification')
  const r = await done(id, { testedOn: '2026-10-16', result: 'failed', labActNumber: 'LAB-2026-118' })
  t.equal(r.statusCode, 200, r.body)
  t.match(r.json().outcome.changes, [{ meterId: meter, result: 'failed', unverifiedFrom: '2026-10-16', labActNumber: 'LAB-2026-118' }])
  const ev = await db.selectFrom('meterEvents').select(['kind', 'occurredOn', 'note']).where('meterId', '=', meter).where('kind', '=', 'failed').executeTakeFirstOrThrow()
  t.match(ev, { occurredOn: '2026-10-16', note: /LAB-2026-118/ })
})

t.test('name change: new bills name the new holder; documents issued before keep the old name', async (t) => {
  const id = await request(c.normative, { type: 'name_change', newHolderName: 'Anna', newHolderSurname: 'Sidorova' })
  ids.name = id
  // effective after today's bill run (issued 2026-11-25): the October bill keeps Petrov
  const r = await done(id, { effectiveOn: '2026-11-26' })
  t.equal(r.statusCode, 200, r.body)
  t.match(r.json().outcome.changes, [{ attribute: 'holderName', from: 'Ivan Petrov', to: 'Anna Sidorova' }])
  t.equal((await app.inject({ method: 'GET', url: `/v1/accounts/${c.normative}`, headers: staff })).json().ownerSurname, 'Sidorova')
})

t.test('the October bill run settles with the values valid on each day', async (t) => {
  const run = await app.inject({ method: 'POST', url: '/v1/bill-runs', headers: admin, payload: { periodStart: '2026-10-01' } })
  t.equal(run.statusCode, 202, run.body)
  await drain()

  // usage change on 16 October: residential 20.28 for 15 days, non-residential 19.19 for 16
  const usage = await octoberBill(a.metered)
  t.same(spans(usage.lines), [['2026-10-01', '2026-10-16'], ['2026-10-16', '2026-11-01']])
  t.same(usage.lines.filter((l) => l.kind === 'volume').map((l) => l.rate), ['20.28', '19.19'])
  t.ok(Number(usage.charges) < 162.24 && Number(usage.charges) > 8 * 19.19, `between the two tariffs: ${usage.charges}`)

  // residents 4 → 2 on 16 October: the norm for 15 days of 4 and 16 days of 2
  const units = await octoberBill(a.normative)
  const full = 773.88
  const expected = full * 15 / 31 + full / 2 * 16 / 31
  t.ok(Math.abs(Number(units.charges) - expected) < 0.05, `${units.charges} ≈ ${expected.toFixed(2)}`)

  // disconnected 11–21 October: no volume those days, an info line says why
  const off = await octoberBill(b.metered)
  t.same(spans(off.lines), [['2026-10-01', '2026-10-11'], ['2026-10-21', '2026-11-01']])
  const info = off.lines.find((l) => l.line === 'disconnected')!
  t.match(info, { kind: 'info', intervalFrom: '2026-10-11', intervalTo: '2026-10-21', amount: '0' })
  t.ok(Number(off.charges) < 162.24 && Number(off.charges) > 0, off.charges)

  // open-ended from 1 October, reconnected on 21 October: 11 days of the norm
  const back = await octoberBill(b.normative)
  t.ok(Math.abs(Number(back.charges) - full * 11 / 31) < 0.05, `${back.charges} ≈ ${(full * 11 / 31).toFixed(2)}`)
  t.match(back.lines.find((l) => l.kind === 'info'), { line: 'disconnected', intervalFrom: '2026-10-01', intervalTo: '2026-10-21' })

  // the permanently disconnected account: its bill ends on 16 October (its usage has no tariff: an error names it, like before)
  const errors = (await db.selectFrom('billRunErrors').select(['accountId', 'details']).where('accountId', '=', b.noTariff).execute())
  t.ok(errors.length === 1 && JSON.stringify(errors[0]!.details).includes('2026-10-16'), `the days priced end on the closing day: ${JSON.stringify(errors)}`)

  // the permanently disconnected metered account: its final bill ends on the disconnection day, at the final reading
  const last = await octoberBill(d.metered)
  t.ok(last.lines.length > 0 && last.lines.every((l) => l.intervalTo <= '2026-10-16'), JSON.stringify(spans(last.lines)))
  t.ok(Number(last.charges) > 0 && Number(last.charges) < 162.24, last.charges)

  // the failed meter: no reading of a working meter closes October any more (the 31 October index came after the failure),
  // so the core averages (Decree 776 §17, volume-methods.md), with a part starting on the test day; unchanged set B's meter is metered
  const failed = await octoberBill(c.metered)
  const methods = failed.lines.filter((l) => l.kind === 'volume').map((l) => [l.method, l.intervalFrom, l.intervalTo])
  t.ok(methods.length > 0 && methods.every((m) => m[0] === 'averaged'), JSON.stringify(methods))
  t.ok(methods.some((m) => m[1] === '2026-10-16'), 'a part from the test day')
  t.ok(spans(off.lines).length && off.lines.filter((l) => l.kind === 'volume').every((l) => l.method === 'metered'), 'a working meter is metered')
})

t.test('a disconnection back-dated into billed October is completed after the run', async (t) => {
  const r = await done(ids.lateOff!)
  t.equal(r.statusCode, 200, r.body)
  t.match(r.json().outcome, { billedPeriods: ['2026-10-01'] })
})

t.test('the payment document names the holder of its issue day', async (t) => {
  const october = await octoberBill(c.normative)
  const text = async (billId: string) => {
    const pdf = await app.inject({ method: 'GET', url: `/v1/bills/${billId}/document`, headers: staff })
    t.equal(pdf.statusCode, 200)
    return execFileSync('pdftotext', ['-', '-'], { input: pdf.rawPayload }).toString()
  }
  const before = await text(october.id)
  t.match(before, /Petrov/, 'issued 2026-11-25, before the change')
  t.notMatch(before, /Sidorova/)
  // the November bill, issued in December: the new holder
  const december = await buildApp({ db, clock: clockOn('2026-12-02'), config: TEST_CONFIG })
  t.teardown(() => december.close())
  t.equal((await december.inject({ method: 'POST', url: '/v1/bill-runs', headers: admin, payload: { periodStart: '2026-11-01' } })).statusCode, 202)
  await drain()
  const nov = (await app.inject({ method: 'GET', url: `/v1/bills?period=2026-11-01&accountId=${c.normative}`, headers: admin })).json().items
    .find((x: { accountId: string }) => x.accountId === c.normative)
  t.ok(nov, 'a November bill')
  t.match(await text(nov.id), /Sidorova/)
})

t.test('the next run corrects the back-dated disconnection by itself', async (t) => {
  const nov = (await app.inject({ method: 'GET', url: `/v1/bills?period=2026-11-01&accountId=${d.normative}`, headers: admin })).json().items
    .find((x: { accountId: string }) => x.accountId === d.normative)
  const bill = (await app.inject({ method: 'GET', url: `/v1/bills/${nov.id}`, headers: admin })).json()
  const adjustments = bill.lines.filter((l: { correctsPeriodStart: string | null }) => l.correctsPeriodStart === '2026-10-01')
  const total = adjustments.reduce((sum: number, l: { amount: string }) => sum + Number(l.amount), 0)
  t.ok(Math.abs(total + 773.88 * 5 / 31) < 0.05, `October's 21–26 taken back in November's bill: ${total.toFixed(2)}`)
})

t.test('a change back-dated into a billed period: the correction uses the value valid then', async (t) => {
  // the normative account of set C: 4 residents, billed 773.88 for October; 3 from 1 October
  const before = await octoberBill(c.normative)
  t.equal(before.charges, '773.88')
  const r = await done(ids.backdated!, { effectiveOn: '2026-10-01', residents: 3 })
  t.equal(r.statusCode, 200, r.body)
  t.match(r.json().outcome, { billedPeriods: ['2026-10-01', '2026-11-01'], rebill: /recalculations/ })
  const fix = await app.inject({ method: 'POST', url: `/v1/accounts/${c.normative}/recalculations`, headers: staff, payload: { period: '2026-10-01' } })
  t.equal(fix.statusCode, 200, fix.body)
  t.ok(Math.abs(Number(fix.json().bill.charges) + 773.88 / 4) < 0.05, `a quarter of October taken back: ${fix.json().bill.charges}`)
})

t.test('retries: the Idempotency-Key replays; two completions at once write once', async (t) => {
  const id = ids.retry!
  const headers = { ...staff, 'idempotency-key': 'complete-units-1' }
  const first = await done(id, { effectiveOn: '2026-11-01' }, headers)
  const second = await done(id, { effectiveOn: '2026-11-01' }, headers)
  t.equal(first.statusCode, 200, first.body)
  t.equal(second.headers['idempotent-replayed'], 'true')
  t.same(second.json(), first.json())
  const race = ids.race!
  const both = await Promise.all([done(race, { effectiveOn: '2026-11-10' }), done(race, { effectiveOn: '2026-11-10' })])
  t.same(both.map((x) => x.statusCode).sort(), [200, 409])
  const terms = await db.selectFrom('servicePointTerms').selectAll().where('requestId', '=', race).execute()
  t.equal(terms.length, 1)
})

t.test('relocation to another property: the point moves to the new address', async (t) => {
  const r = await done(ids.reloc!, { effectiveOn: '2026-11-20' })
  t.equal(r.statusCode, 200, r.body)
  const change = r.json().outcome.changes[0]
  t.match(change, { attribute: 'premisesId', from: null, location: 'Lenina 4, plot 9' })
  const sp = (await app.inject({ method: 'GET', url: `/v1/service-points/${await pointOf(a.uncovered)}`, headers: staff })).json()
  t.equal(sp.premisesId, change.to)
  t.equal((await app.inject({ method: 'GET', url: `/v1/premises/${change.to}`, headers: staff })).json().address, 'Lenina 4, plot 9')
})

t.test('each completion is audited and announced', async (t) => {
  const events = (await app.inject({ method: 'GET', url: '/v1/events?types=service_request.completed&limit=100', headers: admin })).json().items
  t.ok(events.length >= 10, `${events.length} completion events`)
  t.ok(events.some((e: { data: { type: string } }) => e.data.type === 'name_change'))
  const log = (await app.inject({ method: 'GET', url: '/v1/audit-log?action=service_request.completed&limit=100', headers: admin })).json().items
  t.equal(log.length, events.length)
  t.match(log.find((e: { subject: string }) => e.subject === ids.name), { detail: { type: 'name_change', effectiveOn: '2026-11-26' } })
})
