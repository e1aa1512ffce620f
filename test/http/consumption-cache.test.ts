// Consumption answers remembered per process (src/app/consumption/
// answer-cache.ts, issue 12 §2 "Fast") without ever serving one older than
// its facts: a reading written by another connection (another process, psql)
// is seen once migration 0160's notice arrives; this process's own writes
// (REST and GraphQL) are seen by the very next request; a new day in the
// tenant's zone makes a new answer; a lost listener turns remembering off;
// a customer's answer is keyed by the accounts it holds.
import t from 'tap'
import pg from 'pg'
import { buildApp } from '../../src/app.ts'
import { answerKey, ConsumptionAnswerCache, consumptionCacheOf } from '../../src/app/consumption/answer-cache.ts'
import type { ConsumptionDto } from '../../src/app/consumption/consumption-dto.ts'
import { fixedClock } from '../../src/app/clock.ts'
import { poolOf } from '../../src/db/raw-client.ts'
import { addTenant, bearer, CACHED_CONSUMPTION, testApp } from '../helpers/app.ts'
import { testClock } from '../helpers/clock.ts'
import { linkResidential, registeredCustomer } from '../helpers/customers.ts'
import { household } from './consumption-fixtures.ts'

const { app, db } = await testApp(t, CACHED_CONSUMPTION)
const cache = consumptionCacheOf(db)
const se = await addTenant(db, 'Arvika', { currency: 'SEK', timeZone: 'Europe/Stockholm', locale: 'sv-SE' })
const anna = await household(app, db, se, 'Andersson', 1)
const erik = await household(app, db, se, 'Eriksson', 2)
const key = bearer(se.keys.admin)
const get = (url: string, headers = key, a = app) => a.inject({ method: 'GET', url, headers })
const water = async (account: string, a = app) => {
  const r = await get(`/v1/accounts/${account}/consumption?preset=3m&utility=cold_water`, key, a)
  if (r.statusCode !== 200) throw new Error(r.body)
  return r.json().series[0].values[2] as string
}

const other = new pg.Client({ connectionString: poolOf(db)!.options.connectionString })
await other.connect()
t.teardown(() => other.end())

/** Every notice of what was committed so far has arrived: notices come in commit order, so one sent now arrives after them. */
async function settled(): Promise<void> {
  const epoch = cache.epoch
  await other.query('notify aql_consumption')
  const start = performance.now()
  while (cache.epoch === epoch && performance.now() - start < 2_000) await new Promise((r) => setTimeout(r, 2))
}

t.test('remembered: the second ask is served from memory, the same answer', async (t) => {
  t.equal(cache.live, true, 'live once the app is ready')
  await settled() // the fixtures' readings were written just now
  const first = await get(`/v1/accounts/${anna.account}/consumption`)
  const hits = cache.hits
  const second = await get(`/v1/accounts/${anna.account}/consumption`)
  t.equal(cache.hits, hits + 1, 'a hit')
  t.equal(second.body, first.body)
  t.match(second.headers['content-type'], /^application\/json/, 'the remembered text is written as JSON')
  const gql = await app.inject({ method: 'POST', url: '/graphql', headers: key, payload: {
    query: 'query($a: ID!) { accountConsumption(accountId: $a) { keys series { utility values } } }', variables: { a: anna.account } } })
  t.same(gql.json().data.accountConsumption.keys, first.json().keys, 'GraphQL gets the same remembered answer as an object')
  // proof it is memory: a reading written with the notice off goes unseen
  await other.query('alter table readings disable trigger readings_notify_consumption')
  await other.query(`insert into readings (tenant_id, meter_id, read_at, kind, value, source, status, reasons)
    values ($1, $2, '2026-11-20T11:00:00Z', 'index', 300, 'telemetry', 'accepted', '{}')`, [se.id, anna.meters.cold_water])
  await other.query('alter table readings enable trigger readings_notify_consumption')
  t.equal((await get(`/v1/accounts/${anna.account}/consumption`)).body, first.body, 'no notice, no re-read')
  await other.query('delete from readings where tenant_id = $1 and meter_id = $2 and read_at = \'2026-11-20T11:00:00Z\'', [se.id, anna.meters.cold_water])
})

t.test('a reading written by another connection: the notice makes the next answers new', async (t) => {
  await settled()
  const before = await water(erik.account)
  t.equal(before, '9.589', 'November estimated from the year before')
  const start = performance.now()
  await other.query(`insert into readings (tenant_id, meter_id, read_at, kind, value, source, status, reasons)
    values ($1, $2, '2026-11-20T11:00:00Z', 'index', 280, 'telemetry', 'accepted', '{}')`, [se.id, erik.meters.cold_water])
  let now = before
  while (now === before && performance.now() - start < 2_000) { await new Promise((r) => setTimeout(r, 5)); now = await water(erik.account) }
  t.not(now, before, `seen after ${(performance.now() - start).toFixed(1)} ms`)
  t.equal(now, '22.1', `260 → 280 read on the 20th, then five days at that pace: ${now}`)
})

t.test('this process\'s own writes are seen by the very next request (REST and GraphQL)', async (t) => {
  const before = await water(anna.account)
  const post = await app.inject({ method: 'POST', url: '/v1/readings', headers: key,
    payload: { meterId: anna.meters.cold_water, readAt: '2026-11-20T12:00:00+01:00', index: '270', source: 'portal' } })
  t.equal(post.statusCode, 201, post.body)
  const after = await water(anna.account)
  t.not(after, before)
  t.equal(after, '11.963', `260 → 270 read on the 20th, then five days estimated: ${after}`)
  const gql = await app.inject({ method: 'POST', url: '/graphql', headers: key, payload: {
    query: 'mutation($rows: [ReadingInput!]!) { submitReadings(rows: $rows) { __typename } }',
    variables: { rows: [{ meterId: anna.meters.cold_water, readAt: '2026-11-24T12:00:00+01:00', index: '275', source: 'portal' }] } } })
  t.equal(gql.statusCode, 200, gql.body)
  const last = await water(anna.account)
  t.equal(last, '15.403', `after the mutation: ${last}`)
})

t.test('/metrics shows the listener and the answers remembered', async (t) => {
  await settled() // the notices of the writes above have come: nothing clears the answer asked for next
  await get(`/v1/accounts/${anna.account}/consumption`)
  const m = (await app.inject({ method: 'GET', url: '/metrics' })).body
  t.match(m, /^aqualedger_change_listener_up 1$/m)
  t.match(m, /^aqualedger_consumption_cache_entries [1-9]\d*$/m)
  t.match(m, /^aqualedger_consumption_cache_lookups_total\{result="hit"\} [1-9]\d*$/m)
  t.match(m, /^aqualedger_consumption_cache_lookups_total\{result="miss"\} [1-9]\d*$/m)
})

t.test('a new day in the tenant\'s zone is a new answer', async (t) => {
  const later = await buildApp({ db, clock: fixedClock('2026-11-26T12:00:00Z'), config: CACHED_CONSUMPTION })
  t.teardown(() => later.close())
  const today = (await get(`/v1/accounts/${anna.account}/consumption?preset=3m`)).json().today
  const tomorrow = (await get(`/v1/accounts/${anna.account}/consumption?preset=3m`, key, later)).json().today
  t.same([today, tomorrow], ['2026-11-25', '2026-11-26'], 'one cache for both apps (one Db), keyed by the day')
})

t.test('a customer\'s answer is its accounts\' only, even after an API key\'s answer for the whole customer', async (t) => {
  const both = (await get(`/v1/consumption?customerId=${anna.customer}&utility=cold_water`)).json()
  t.equal(both.series[0].servicePointIds.length, 1)
  const c = await registeredCustomer(app, se)
  t.equal((await linkResidential(app, c, erik.number, 'Eriksson')).statusCode, 201)
  t.equal((await get(`/v1/consumption?customerId=${anna.customer}`, bearer(c.access))).statusCode, 404, 'not theirs: missing, never remembered')
  const mine = (await get('/v1/consumption?utility=cold_water', bearer(c.access))).json()
  t.same(mine.series[0].servicePointIds, [erik.points.cold_water])
})

t.test('a lost listener turns remembering off; it reconnects and remembers again', async (t) => {
  await other.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = \'aqualedger-change-listener\' and datname = current_database()')
  const start = performance.now()
  while (cache.live && performance.now() - start < 2_000) await new Promise((r) => setTimeout(r, 5))
  t.equal(cache.live, false, 'off while nothing is heard')
  const hits = cache.hits
  await get(`/v1/accounts/${anna.account}/consumption`)
  await get(`/v1/accounts/${anna.account}/consumption`)
  t.equal(cache.hits, hits, 'no hit while off')
  while (!cache.live && performance.now() - start < 5_000) await new Promise((r) => setTimeout(r, 20))
  t.equal(cache.live, true, 'reconnected')
})

t.test('the cache itself: LRU bound, the epoch drops a raced answer, a transaction\'s Db has none, 0 entries is off', async (t) => {
  const c = new ConsumptionAnswerCache(2)
  c.setLive(true)
  const dto = (today: string) => ({ today } as ConsumptionDto)
  c.set('a', dto('2026-11-25'), 'Europe/Stockholm', c.epoch)
  c.set('b', dto('2026-11-25'), 'Europe/Stockholm', c.epoch)
  t.ok(c.get('a', testClock), 'a used: b is now the least recent')
  c.set('c', dto('2026-11-25'), 'Europe/Stockholm', c.epoch)
  t.same([!!c.get('a', testClock), !!c.get('b', testClock), !!c.get('c', testClock)], [true, false, true])
  const e = c.epoch
  c.clear()
  c.set('d', dto('2026-11-25'), 'Europe/Stockholm', e)
  t.equal(c.get('d', testClock), undefined, 'read before a change: not kept')
  c.set('d', dto('2026-11-25'), 'Europe/Stockholm', c.epoch, 0)
  t.equal(c.get('d', testClock, 11 * 60_000), undefined, 'past its TTL')
  c.setMaxEntries(0)
  t.equal(c.live, false, 'CONSUMPTION_CACHE_ENTRIES=0: off')
  await db.transaction().execute(async (trx) => { t.equal(consumptionCacheOf(trx).live, false) })
  t.not(answerKey(se.id, { kind: 'accounts' }, { granularity: 'month' }, ['x']), answerKey(se.id, { kind: 'accounts' }, { granularity: 'month' }, ['x', 'y']))
})
