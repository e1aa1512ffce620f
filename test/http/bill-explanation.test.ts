// "Why is my bill high?" (issue 12 §6) through REST and GraphQL, pinned to the
// test clock: a household whose October 2026 water jumped to 40 m³ (12 a month
// before), with an estimated line, an excess line and a flagged reading.
import t from 'tap'
import { sql } from 'kysely'
import { addTenant, bearer, testApp } from '../helpers/app.ts'
import { linkResidential, registeredCustomer } from '../helpers/customers.ts'
import { household } from './consumption-fixtures.ts'
import { insertBill, monthBill } from './ledger-fixtures.ts'

const { app, db } = await testApp(t)
const se = await addTenant(db, 'Arvika', { currency: 'SEK', timeZone: 'Europe/Stockholm', locale: 'sv-SE' })
const anna = await household(app, db, se, 'Andersson', 1)
const erik = await household(app, db, se, 'Eriksson', 2)
const water = anna.meters.cold_water!
// October's water: 12 + 28 = 40 m³, and a reading the intake flagged
await sql`update readings set value = value + 28 where tenant_id = ${se.id} and meter_id = ${water} and read_at >= '2026-10-31' and read_at < '2026-11-01'`.execute(db)
await sql`insert into readings (tenant_id, meter_id, read_at, kind, value, source, status, reasons)
  values (${se.id}, ${water}, '2026-10-20T09:00:00+02:00', 'index', 9999, 'portal', 'flagged', '{spike}')`.execute(db)
for (const m of ['2026-07', '2026-08', '2026-09']) await insertBill(db, se.id, anna.account, monthBill(`A-${m}`, m, '100.00'))
const october = await insertBill(db, se.id, anna.account, monthBill('A-2026-10', '2026-10', '250.00'))
const lines = [
  [1, 'volume', 'water', 'averaged', '40', '200.00', { rule: 'ESTIMATE, averaged: Decree 776 §17', inputs: {}, formula: '', estimated: true, notes: ['no reading since 2026-09-30'] }],
  [2, 'info', 'allowed', null, '16', '0', { rule: 'seed 002 item 18', inputs: {}, formula: '' }],
  [3, 'surcharge', 'excess', null, '24', '50.00', { rule: 'seed 002 item 23', inputs: {}, formula: '' }],
] as const
for (const [no, kind, line, method, volume, amount, trace] of lines) {
  await sql`insert into bill_lines (tenant_id, bill_id, line_no, service_point_id, service, kind, line, method, interval_from, interval_to, volume, amount, trace)
    values (${se.id}, ${october}, ${no}, ${anna.points.cold_water}, 'cold_water', ${kind}, ${line}, ${method}, '2026-10-01', '2026-11-01', ${volume}, ${amount}, ${JSON.stringify(trace)})`.execute(db)
}
const theirs = await insertBill(db, se.id, erik.account, monthBill('E-2026-10', '2026-10', '90.00'))

t.test('REST: the bill against the usual, the estimated line, the causes with their evidence', async (t) => {
  const r = await app.inject({ method: 'GET', url: `/v1/bills/${october}/explanation`, headers: bearer(se.keys.portal) })
  t.equal(r.statusCode, 200, r.body)
  const e = r.json()
  t.match(e, { billId: october, verdict: 'high', wellAboveUsual: true, amount: { charges: '250', averageOfPrevious: '100', previousBills: 3, changePercent: '150' } })
  t.same(e.servicePoints.map((p: any) => p.resource), ['cold_water'], 'the points on the bill')
  // October 40 m³ = 1.290 a day; July–September 36 m³ over 92 days = 0.391; October 2025: 10 m³
  t.match(e.servicePoints[0], { thisPeriod: { volume: '40', perDay: '1.29' }, yearEarlier: { volume: '10' }, recentAverage: { perDay: '0.391' } })
  t.same(e.estimatedLines.map((l: any) => [l.lineNo, l.reason]), [[1, 'ESTIMATE, averaged; no reading since 2026-09-30']], 'the trace as the bill shows it in this market')
  t.same(e.causes.map((c: any) => c.code).sort(), ['above_pattern', 'jump_against_history', 'misreading'])
  t.match(e.causes.find((c: any) => c.code === 'misreading').evidence, { reading: '9999', status: 'flagged', reasons: 'spike' })
  t.same(e.notAssessed.map((n: any) => n.code), ['leak'], 'monthly readings cannot show night flow: said, not guessed')
  t.same(e.notAssessed[0].evidence, { nights: 0, nightsNeeded: 5, weekends: 0, weekendsNeeded: 3, residential: true })
  // the tenant's language (sv-SE) by default; codes, variants and evidence beside the texts
  t.equal(e.lang, 'sv')
  t.match(e.summary, /^Fakturans belopp är 250, mot 100 i genomsnitt för de senaste 3 fakturorna \(150 %\)\./)
  t.match(e.notAssessed[0], { variant: 'few_frequent_readings', reason: /underlaget räcker inte/ })
  t.match(e.causes.find((c: any) => c.code === 'jump_against_history'), { variant: 'rise', message: /steg från 0\.391 till 1\.29 m3/ })
})

t.test('the texts in another language: ?lang=, Accept-Language, GraphQL lang; the codes stay the same', async (t) => {
  const get = (q: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: `/v1/bills/${october}/explanation${q}`, headers: { ...bearer(se.keys.portal), ...headers } }).then((r) => r.json())
  const sv = await get('')
  const en = await get('?lang=en')
  t.equal(en.lang, 'en')
  t.match(en.summary, /^This bill's charges are 250, against 100 on average over the last 3 bill\(s\) \(150 %\)\./)
  t.match(en.causes.find((c: any) => c.code === 'jump_against_history').message, /Use per day rose from 0\.391 to 1\.29 m3/)
  const ru = await get('', { 'accept-language': 'de-DE, ru;q=0.8, en;q=0.5' })
  t.equal(ru.lang, 'ru', 'the first of Accept-Language with texts')
  t.match(ru.causes.find((c: any) => c.code === 'misreading').message, /Показание 9999 от 2026-10-20 09:00 отмечено проверкой \(spike\)/)
  t.equal((await get('?lang=en', { 'accept-language': 'ru' })).lang, 'en', '?lang= wins')
  t.equal((await get('', { 'accept-language': 'de' })).lang, 'sv', 'no text in German: the tenant\'s')
  t.equal((await get('?lang=de')).status, 400, 'a language without texts: 400')
  for (const x of [en, ru]) {
    t.same(x.causes.map((c: any) => [c.code, c.variant, c.evidence]), sv.causes.map((c: any) => [c.code, c.variant, c.evidence]), `${x.lang}: the same findings`)
    t.same(x.notAssessed.map((n: any) => [n.code, n.variant]), sv.notAssessed.map((n: any) => [n.code, n.variant]))
  }
  const g = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(se.keys.portal), payload: {
    query: 'query($a: ID!) { billExplanation(id: $a, lang: fa) { lang summary causes { code variant message } notAssessed { code variant reason evidence } } }', variables: { a: october } } })
  const fa = g.json().data.billExplanation
  t.equal(fa.lang, 'fa')
  t.match(fa.summary, /مبلغ این قبض 250 است/)
  t.match(fa.notAssessed[0], { code: 'leak', variant: 'few_frequent_readings', evidence: { weekends: 0 } })
})

t.test('a shop closed at weekends with daily readings: steady weekend flow is a leak (real readings)', async (t) => {
  const shop = await household(app, db, se, 'Lindqvist', 3)
  const point = shop.points.cold_water!
  const meter = shop.meters.cold_water!
  await sql`update service_points set usage_type = 'commercial' where tenant_id = ${se.id} and service_point_id = ${point}`.execute(db)
  // October 2026 read every morning at 08:00 (1 October a Thursday): 0.5 m³ a weekday, 0.02 from Saturday to Sunday morning
  await sql`delete from readings where tenant_id = ${se.id} and meter_id = ${meter} and read_at >= '2026-10-01'`.execute(db)
  const start = Number((await sql<{ v: string }>`select value::text as v from readings where tenant_id = ${se.id} and meter_id = ${meter} order by read_at desc limit 1`.execute(db)).rows[0]!.v)
  const days: string[] = []
  const values: string[] = []
  let v = start
  for (let d = 1; d <= 31; d++) {
    days.push(`2026-10-${String(d).padStart(2, '0')}`)
    v += 0.5 // Wednesday 30 September → Thursday 1 October, and each day's use up to the next morning
    values.push(v.toFixed(2))
    if (((d + 2) % 7) + 1 === 6) v -= 0.48 // Saturday → Sunday: 0.02
  }
  await sql`insert into readings (tenant_id, meter_id, read_at, kind, value, source, status, reasons)
    select ${se.id}, ${meter}, (d || ' 08:00')::timestamp at time zone 'Europe/Stockholm', 'index', v::numeric, 'telemetry', 'accepted', '{}'
    from unnest(${days}::text[], ${values}::text[]) as x(d, v)`.execute(db)
  for (const m of ['2026-07', '2026-08', '2026-09']) await insertBill(db, se.id, shop.account, monthBill(`L-${m}`, m, '100.00'))
  const bill = await insertBill(db, se.id, shop.account, monthBill('L-2026-10', '2026-10', '120.00'))
  const r = await app.inject({ method: 'GET', url: `/v1/bills/${bill}/explanation?lang=en`, headers: bearer(se.keys.portal) })
  t.equal(r.statusCode, 200, r.body)
  const e = r.json()
  const leak = e.causes.find((c: any) => c.code === 'leak' && c.servicePointId === point)
  // 0.02 m³ over Saturday 08:00 → Sunday 08:00 = 0.001 an hour; weekdays 0.5 / 24 = 0.021; 0.000833 / 0.020833 = 0.04
  t.match(leak, { variant: 'weekend_closed', likelihood: 'likely',
    evidence: { weekends: 4, lowestWeekendFlowPerHour: '0.001', weekdayFlowPerHour: '0.021', weekendShareOfWeekdays: '0.04' },
    message: /closed then; yet water flowed every weekend \(4 weekends\)/ })
  t.notOk(e.notAssessed.some((n: any) => n.code === 'leak' && n.servicePointId === point), 'judged, not "not assessed"')
  t.ok(e.notAssessed.some((n: any) => n.code === 'leak' && n.servicePointId === shop.points.electricity), 'the monthly-read meters: not enough evidence')
})

t.test('customers: their own bill, another\'s as a missing one (REST and GraphQL)', async (t) => {
  const c = await registeredCustomer(app, se)
  t.equal((await linkResidential(app, c, anna.number, 'Andersson')).statusCode, 201)
  const h = bearer(c.access)
  t.equal((await app.inject({ method: 'GET', url: `/v1/bills/${october}/explanation`, headers: h })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: `/v1/bills/${theirs}/explanation`, headers: h })).statusCode, 404)
  const g = await app.inject({ method: 'POST', url: '/graphql', headers: h, payload: {
    query: 'query($a: ID!, $b: ID!) { mine: billExplanation(id: $a) { verdict causes { code likelihood evidence } notAssessed { code reason } } theirs: billExplanation(id: $b) { verdict } }',
    variables: { a: october, b: theirs } } })
  const d = g.json().data
  t.equal(d.theirs, null)
  t.equal(d.mine.verdict, 'high')
  t.ok(d.mine.causes.some((x: any) => x.code === 'jump_against_history' && x.evidence.perDay === '1.29'))
})

t.test('the payment document notes a bill well above the usual, and only then', async (t) => {
  const { spawnSync } = await import('node:child_process')
  const { mkdtempSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const dir = mkdtempSync(`${tmpdir()}/high-bill-`)
  const textOf = async (billId: string) => {
    const r = await app.inject({ method: 'GET', url: `/v1/bills/${billId}/document`, headers: bearer(se.keys.portal) })
    t.equal(r.statusCode, 200)
    writeFileSync(`${dir}/${billId}.pdf`, r.rawPayload)
    spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', `${dir}/${billId}.pdf`, `${dir}/${billId}`])
    return spawnSync('pdftotext', ['-enc', 'UTF-8', `${dir}/${billId}.pdf`, '-']).stdout.toString('utf8').replace(/\s+/g, ' ')
  }
  // 250 against 100 on average: +150 %
  t.match(await textOf(october), /Fakturan är 150 % högre än dina senaste fakturor i genomsnitt/)
  t.notMatch(await textOf(theirs), /högre än dina senaste/, 'no earlier bills: no note')
})
