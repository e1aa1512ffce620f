// The demo loader against a fresh test database, at a small scale: three
// tenants, plausible data, the same data every run, and usable through the API.
import { testClock } from '../helpers/clock.ts'
import t from 'tap'
import { sql } from 'kysely'
import { isValidInn } from '../../src/core/ids/inn.ts'
import { isValidSubscriptionNumber } from '../../src/core/ids/subscription-number.ts'
import { DEMO_TENANTS, demoEnv, deleteTenant, loadDemo } from '../../src/app/demo/load.ts'
import { Rng } from '../../src/app/demo/random.ts'
import { solarHijriPeriodStarts } from '../../src/app/demo/time.ts'
import { scaled } from '../../src/app/demo/writer.ts'
import { testDatabase } from '../helpers/database.ts'
import type { Db } from '../../src/db/database.ts'

const SCALE = 0.1
const [RU, IR, SE] = DEMO_TENANTS.map((d) => d.tenantId) as [string, string, string]

/** A digest of everything the loader wrote that does not depend on generated ids or the clock. */
async function fingerprint(db: Db): Promise<string> {
  const r = await sql<{ digest: string }>`select md5(string_agg(x, '|' order by x)) as digest from (
    select a.tenant_id || a.number || coalesce(a.owner_surname, '') || coalesce(a.contract_inn, '') as x from accounts a
    union all select m.tenant_id || m.serial || m.digits || m.decimals || coalesce(m.verification_due::text, '') from meters m
    union all select m.serial || r.read_at::text || r.value::text || r.kind || r.source from readings r join meters m using (tenant_id, meter_id)
    union all select m.serial || e.kind || e.occurred_on || coalesce(e.meter_index::text, '') || array_to_string(e.seals, ',') from meter_events e join meters m using (tenant_id, meter_id)
  ) s`.execute(db)
  return r.rows[0]!.digest
}

const count = async (db: Db, table: string, tenantId: string) =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(db)).rows[0]!.n)

t.test('the pure helpers', async (t) => {
  const a = new Rng('seed')
  const b = new Rng('seed')
  const xs = Array.from({ length: 5 }, () => a.int(0, 1000))
  t.same(xs, Array.from({ length: 5 }, () => b.int(0, 1000)), 'a seed gives the same sequence')
  t.equal(scaled(12345, 3), '12.345')
  t.equal(scaled(5, 2), '0.05')
  t.equal(scaled(7, 0), '7')
  // 1 Azar 1403 = 2024-11-21, 1 Bahman 1403 = 2025-01-20, 1 Farvardin 1404 = 2025-03-21
  t.same(solarHijriPeriodStarts('2024-11-01', '2025-03-21'), ['2024-11-21', '2025-01-20', '2025-03-21'])
})

t.test('the demo loader', async (t) => {
  const { db } = await testDatabase(t)
  const started = Date.now()
  const first = await loadDemo(db, { scale: SCALE })
  t.comment(`loaded at scale ${SCALE} in ${Date.now() - started} ms`)

  t.test('three tenants with data', async (t) => {
    t.same(first.map((r) => r.tenantId), [RU, IR, SE])
    t.ok(first.every((r) => r.loaded))
    const tenants = await db.selectFrom('tenants').select(['tenantId', 'currency', 'minorUnits', 'calendar', 'billingPeriodMonths', 'timeZone']).orderBy('tenantId').execute()
    t.same(tenants.map((x) => [x.currency, x.minorUnits, x.calendar, x.billingPeriodMonths, x.timeZone]), [
      ['RUB', 2, 'gregorian', 1, 'Asia/Irkutsk'], ['IRR', 0, 'solar_hijri', 2, 'Asia/Tehran'], ['SEK', 2, 'gregorian', 1, 'Europe/Stockholm']])
    for (const r of first) {
      t.ok(r.counts.customers > 0 && r.counts.servicePoints > 0 && r.counts.meters > 0 && r.counts.readings > 0, `${r.code}: ${JSON.stringify(r.counts)}`)
      t.ok(r.keys?.admin.startsWith('aql_') && r.keys.portal.startsWith('aql_'), `${r.code} has keys`)
    }
    t.ok(await count(db, 'meter_events', RU) >= first[0]!.counts.meters, 'every meter has a commissioning event')
  })

  t.test('readings strictly increase per index meter, inside the window', async (t) => {
    const bad = await sql<{ n: string }>`select count(*) as n from (
      select value, lag(value) over (partition by tenant_id, meter_id order by read_at) as prev
      from readings where kind = 'index') s where prev is not null and value <= prev`.execute(db)
    t.equal(Number(bad.rows[0]!.n), 0)
    const above = await sql<{ n: string }>`select count(*) as n from readings r join meter_events e using (tenant_id, meter_id)
      where e.kind = 'commissioned' and r.kind = 'index' and r.value <= e.meter_index`.execute(db)
    t.equal(Number(above.rows[0]!.n), 0, 'readings are above the initial index')
    const range = await sql<{ min: Date; max: Date }>`select min(read_at) as min, max(read_at) as max from readings`.execute(db)
    t.comment(`readings from ${range.rows[0]!.min.toISOString()} to ${range.rows[0]!.max.toISOString()}`)
    t.ok(range.rows[0]!.min >= new Date('2024-10-31T12:00:00Z') && range.rows[0]!.max < new Date('2026-11-02T00:00:00Z'), 'readings from 2024-11-01 up to 2026-11-01')
    const nonWhole = await sql<{ n: string }>`select count(*) as n from readings where tenant_id = ${IR} and value <> trunc(value)`.execute(db)
    t.equal(Number(nonWhole.rows[0]!.n), 0, 'Iranian readings are whole m³')
    const perMeter = await sql<{ n: string }>`select count(*) as n from readings where tenant_id = ${IR} group by meter_id limit 1`.execute(db)
    t.equal(Number(perMeter.rows[0]!.n), 12, 'two years of two-month periods')
  })

  t.test('each tenant looks like its source', async (t) => {
    const orgs = await db.selectFrom('customers').select('inn').where('tenantId', '=', RU).where('kind', '=', 'organization').execute()
    t.ok(orgs.length >= 3 && orgs.every((o) => o.inn && isValidInn(o.inn)), 'organizations have valid INNs')
    const ru = await db.selectFrom('servicePoints').select(['resource', 'hotWaterSystem', 'transitOrganization']).where('tenantId', '=', RU).execute()
    t.ok(ru.some((s) => s.hotWaterSystem === 'open') && ru.some((s) => s.hotWaterSystem === 'closed'), 'open and closed hot-water systems')
    t.ok(ru.some((s) => s.resource === 'wastewater') && ru.some((s) => s.transitOrganization), 'wastewater and a transit organization')
    t.ok(await count(db, 'service_point_links', RU) > 0, 'the transit organization has downstream points')
    t.ok(await count(db, 'residents', RU) > 0, 'residents for normative charges')
    const unmetered = await sql<{ n: string }>`select count(*) as n from service_points s where tenant_id = ${RU} and resource = 'cold_water'
      and not exists (select 1 from meters m where m.tenant_id = s.tenant_id and m.service_point_id = s.service_point_id)`.execute(db)
    t.ok(Number(unmetered.rows[0]!.n) > 0, 'some flats have no meter')
    const acts = await db.selectFrom('acts').select('kind').where('tenantId', '=', RU).execute()
    t.equal(acts.filter((a) => a.kind === 'failure').length, 1, 'one failure act')
    t.equal(acts.filter((a) => a.kind === 'unauthorized_connection').length, 1, 'one unauthorized-connection act')
    t.ok(await db.selectFrom('meters').select('meterId').where('tenantId', '=', RU).where('readingKind', '=', 'consumption').executeTakeFirst(), 'an open-system consumption meter')

    const ir = await db.selectFrom('accounts').select('number').where('tenantId', '=', IR).execute()
    t.ok(ir.every((a) => isValidSubscriptionNumber(a.number)), 'Iranian subscription numbers carry their check digit')
    const irSp = await db.selectFrom('servicePoints').select(['diameterMm', 'usageType', 'dwellingUnits']).where('tenantId', '=', IR).execute()
    t.ok(irSp.every((s) => s.diameterMm === '15' || s.diameterMm === '20'), '½" and ¾" branches')
    t.ok(irSp.some((s) => s.usageType === 'commercial') && irSp.some((s) => s.dwellingUnits > 1), 'commercial branches and several units')
    t.ok(!(await db.selectFrom('meters').select('meterId').where('tenantId', '=', IR).where('decimals', '<>', 0).executeTakeFirst()), 'whole-m³ meters')

    const resources = await db.selectFrom('servicePoints').select('resource').distinct().where('tenantId', '=', SE).execute()
    t.same(resources.map((r) => r.resource).sort(), ['cold_water', 'district_heating', 'electricity', 'solar_production', 'waste_collection'])
    const multi = await sql<{ n: string }>`select count(*) as n from (select customer_id from premises where tenant_id = ${SE}
      group by customer_id having count(*) > 1) s`.execute(db)
    t.ok(Number(multi.rows[0]!.n) > 0, 'customers with several addresses')
  })

  t.test('running again does not duplicate; a reset loads the same data', async (t) => {
    const before = await fingerprint(db)
    const second = await loadDemo(db, { scale: SCALE })
    t.ok(second.every((r) => !r.loaded), 'existing tenants are kept')
    t.same(second.map((r) => r.counts), first.map((r) => r.counts))
    t.equal(await fingerprint(db), before)
    const live = await db.selectFrom('apiKeys').select(['tenantId']).where('revokedAt', 'is', null).execute()
    t.equal(live.length, 6, 'the first run\'s demo keys are revoked: two live keys per tenant')
    const third = await loadDemo(db, { scale: SCALE, reset: true })
    t.ok(third.every((r) => r.loaded), 'reset loads again')
    t.same(third.map((r) => r.counts), first.map((r) => r.counts))
    t.equal(await fingerprint(db), before, 'the same data every time')
    t.same(third.map((r) => r.samples.accountNumber), first.map((r) => r.samples.accountNumber))

    t.test('the API serves the demo data with the printed keys', async (t) => {
      const { buildApp } = await import('../../src/app.ts')
      const app = await buildApp({ db, clock: testClock, config: { LOG_LEVEL: 'silent', BODY_LIMIT_BYTES: 1_048_576, BULK_BODY_LIMIT_BYTES: 1_048_576 } })
      t.teardown(() => app.close())
      for (const r of third) {
        const res = await app.inject({ method: 'GET', url: '/v1/customers?limit=5', headers: { authorization: `Bearer ${r.keys!.admin}` } })
        t.equal(res.statusCode, 200, `${r.code} customers`, { body: res.body })
        t.ok(res.json().items.length > 0)
        const acc = await app.inject({ method: 'GET', url: `/v1/accounts?number=${encodeURIComponent(r.samples.accountNumber)}`,
          headers: { authorization: `Bearer ${r.keys!.portal}` } })
        t.equal(acc.json().items.length, 1, `${r.code} sample account by number with the portal key`)
      }
      const stale = await app.inject({ method: 'GET', url: '/v1/customers', headers: { authorization: `Bearer ${first[0]!.keys!.admin}` } })
      t.equal(stale.statusCode, 401, 'an earlier run\'s demo key no longer works')
      const gql = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: `Bearer ${third[2]!.keys!.admin}` },
        payload: { query: `{ meter(id: "${third[2]!.samples.meterId}") { serial events { kind meterIndex seals } } }` } })
      t.equal(gql.json().data.meter.events[0].kind, 'commissioned')
    })
  })

  t.test('the env file lines', async (t) => {
    const env = demoEnv(first)
    t.match(env, /^export AQL_KEY_RU=aql_\S+$/m)
    t.match(env, /^export AQL_OWNER_IR='[^']+'$/m, 'non-ASCII values are quoted')
    t.match(env, /^export AQL_METER_SE=[0-9a-f-]{36}$/m)
  })

  t.test('deleteTenant removes every row of a tenant only', async (t) => {
    await deleteTenant(db, IR)
    t.equal(await count(db, 'readings', IR), 0)
    t.equal(await count(db, 'customers', IR), 0)
    t.ok(await count(db, 'readings', RU) > 0, 'other tenants keep theirs')
  })
})
