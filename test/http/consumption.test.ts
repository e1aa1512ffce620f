// Consumption over time (issue 12 §2) through REST and GraphQL, pinned to the
// test clock (2026-11-25, Europe/Stockholm): the preset year by month beside
// the year earlier, per service point, address, account and customer; a
// customer token sees its own, another's answers as a missing one.
import t from 'tap'
import { addTenant, bearer, CACHED_CONSUMPTION, testApp } from '../helpers/app.ts'
import { linkResidential, registeredCustomer } from '../helpers/customers.ts'
import { household } from './consumption-fixtures.ts'

const { app, db } = await testApp(t, CACHED_CONSUMPTION) // answers remembered, as production runs (answer-cache.ts)
const se = await addTenant(db, 'Arvika', { currency: 'SEK', timeZone: 'Europe/Stockholm', locale: 'sv-SE' })
const anna = await household(app, db, se, 'Andersson', 1)
const erik = await household(app, db, se, 'Eriksson', 2)
const key = bearer(se.keys.portal)
const get = (url: string, headers = key) => app.inject({ method: 'GET', url, headers })

t.test('the default shape: parallel arrays under one list of keys and labels (what a chart draws)', async (t) => {
  const r = await get(`/v1/accounts/${anna.account}/consumption?preset=1y&granularity=month`)
  t.equal(r.statusCode, 200, r.body)
  const body = r.json()
  t.equal(body.keys.length, 12)
  t.same([body.keys[0], body.keys[11], body.labels[1]], ['2025-12', '2026-11', 'jan. 2026'])
  const water = body.series[0]
  t.equal(water.buckets, undefined, 'the long form only with include=buckets')
  t.same([water.values[0], water.values[1], water.values[11]], ['10', '12', '9.589'])
  t.same([water.estimated[11], water.quality[11], water.complete[11], water.quality[0]], ['9.589', 'estimated', true, 'measured'])
  t.same([water.previous.values[0], water.previous.values[11], water.previous.quality[11]], ['10', '8.333', 'measured'])
  t.same([water.change[1], water.changePercent[1], water.change[0]], ['2', '20', '0'])
  t.equal(body.series[3].values[5], '200', 'production is positive')
  for (const s of body.series) for (const k of ['values', 'estimated', 'quality', 'complete', 'change', 'changePercent']) t.equal(s[k].length, 12, `${s.utility} ${k}`)
  t.ok(Buffer.byteLength(r.body) < 6000, `compact: ${Buffer.byteLength(r.body)} bytes for four series of 12 buckets`)
})

t.test('an account, the last year by month, beside the year earlier (include=buckets, the long form)', async (t) => {
  const r = await get(`/v1/accounts/${anna.account}/consumption?preset=1y&granularity=month&include=buckets`)
  t.equal(r.statusCode, 200, r.body)
  const body = r.json()
  t.match(body, { granularity: 'month', preset: '1y', from: '2025-12-01', to: '2026-11-25', previousFrom: '2024-12-01', previousTo: '2025-11-25', today: '2026-11-25' })
  t.same(body.series.map((s: any) => [s.utility, s.unit, s.direction]), [
    ['cold_water', 'm3', 'consumption'], ['district_heating', 'MWh', 'consumption'], ['electricity', 'kWh', 'consumption'], ['solar_production', 'kWh', 'production']])
  const water = body.series[0]
  t.equal(water.buckets.length, 12)
  t.match(water.buckets[0], { key: '2025-12', start: '2025-12-01', end: '2025-12-31', value: '10', quality: 'measured', previous: { start: '2024-12-01', value: '10' }, change: '0' })
  t.match(water.buckets[1], { key: '2026-01', label: 'jan. 2026', value: '12', previous: { value: '10' }, change: '2', changePercent: '20' })
  // November: 25 days to today at the last year's daily use, (2 × 10 + 10 × 12) / 365 a day; a year earlier 25 of November 2025's 30 days of 10
  t.match(water.buckets[11], { key: '2026-11', end: '2026-11-25', value: '9.589', estimated: '9.589', quality: 'estimated', complete: true,
    previous: { start: '2025-11-01', end: '2025-11-25', value: '8.333', quality: 'measured' } })
  t.same(water.totals, { value: '139.589', estimated: '9.589', previous: '118.333', change: '21.256', changePercent: '18' })
  const solar = body.series[3]
  t.equal(solar.buckets[5].value, '200', 'production is positive')
})

t.test('per service point, per address and per customer; by day and by year', async (t) => {
  const sp = (await get(`/v1/service-points/${anna.points.electricity}/consumption?from=2026-03-01&to=2026-03-03&granularity=day&include=buckets`)).json()
  t.equal(sp.series.length, 1)
  // 330 kWh over March's 31 days
  t.same(sp.series[0].buckets.map((b: any) => [b.key, b.value, b.previous.start, b.previous.value]), [
    ['2026-03-01', '10.645', '2025-03-01', '9.677'], ['2026-03-02', '10.645', '2025-03-02', '9.677'], ['2026-03-03', '10.645', '2025-03-03', '9.677']])
  const premises = (await get(`/v1/premises/${anna.premises}/consumption?preset=3m&utility=electricity&include=buckets`)).json()
  t.same(premises.series.map((s: any) => s.utility), ['electricity'])
  t.equal(premises.series[0].buckets.length, 3)
  const future = (await get(`/v1/service-points/${anna.points.cold_water}/consumption?from=2026-11-01&to=2026-11-30&include=buckets`)).json()
  t.match(future.series[0].buckets[0], { end: '2026-11-30', complete: false, value: '9.589' }, 'days after today are never estimated')
  const byYear = (await get(`/v1/consumption?customerId=${anna.customer}&granularity=year&from=2025-01-01&to=2025-12-31&utility=electricity&include=buckets`)).json()
  t.match(byYear.series[0].buckets[0], { key: '2025', value: '3600', previous: { start: '2024-01-01', value: '600', quality: 'measured' } })
  t.equal((await get('/v1/consumption')).statusCode, 400, 'an API key names the customer')
})

t.test('bad ranges are 400 and read nothing', async (t) => {
  for (const q of ['preset=1y&from=2026-01-01&to=2026-02-01', 'from=2026-02-01', 'from=2026-03-01&to=2026-02-01', 'granularity=day&from=2020-01-01&to=2026-01-01', 'preset=2y']) {
    const r = await get(`/v1/accounts/${anna.account}/consumption?${q}`)
    t.equal(r.statusCode, 400, q)
  }
})

t.test('customer tokens: their own, and another\'s as a missing one', async (t) => {
  const c = await registeredCustomer(app, se)
  t.equal((await linkResidential(app, c, anna.number, 'Andersson')).statusCode, 201)
  const me = bearer(c.access)
  t.equal((await get(`/v1/accounts/${anna.account}/consumption`, me)).statusCode, 200)
  t.equal((await get(`/v1/premises/${anna.premises}/consumption`, me)).statusCode, 200)
  const mine = (await get('/v1/consumption', me)).json()
  t.same(mine.scope, { kind: 'accounts', id: null })
  t.equal(mine.series.length, 4)
  t.equal((await get(`/v1/accounts/${erik.account}/consumption`, me)).statusCode, 404)
  t.equal((await get(`/v1/service-points/${erik.points.cold_water}/consumption`, me)).statusCode, 404)
  t.equal((await get(`/v1/consumption?customerId=${erik.customer}`, me)).statusCode, 404)
  const gql = await app.inject({ method: 'POST', url: '/graphql', headers: me, payload: {
    query: 'query($a: ID!, $b: ID!) { mine: accountConsumption(accountId: $a, preset: "3m") { from keys series { utility values previous { values } buckets { key value previous { value } } } } theirs: accountConsumption(accountId: $b) { from } }',
    variables: { a: anna.account, b: erik.account } } })
  const d = gql.json().data
  t.equal(d.theirs, null)
  t.equal(d.mine.from, '2026-09-01')
  t.same(d.mine.series[0].buckets[0], { key: '2026-09', value: '12', previous: { value: '10' } })
  t.same([d.mine.keys[0], d.mine.series[0].values[0], d.mine.series[0].previous.values[0]], ['2026-09', '12', '10'], 'the arrays and the long form agree')
})

t.test('GraphQL with an API key: a service point by day', async (t) => {
  const r = await app.inject({ method: 'POST', url: '/graphql', headers: key, payload: {
    query: 'query($id: ID!) { servicePointConsumption(id: $id, granularity: day, from: "2026-10-30", to: "2026-10-31") { series { unit direction totals { value previous change } } } }',
    variables: { id: anna.points.solar_production } } })
  // 200 / 31 = 6.452 a day, shown; totals add the shown figures (what a chart prints adds up)
  t.same(r.json().data.servicePointConsumption.series, [{ unit: 'kWh', direction: 'production', totals: { value: '12.904', previous: '12.904', change: '0' } }])
})
