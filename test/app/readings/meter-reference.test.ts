// Readings reference their meter through a statement-level check
// (migration 0009), not a per-row foreign key: a COPY or insert naming a
// missing meter fails whole with SQLSTATE 23503, and a meter that has
// readings cannot be deleted or re-keyed.
import t from 'tap'
import { sql } from 'kysely'
import { testDatabase } from '../../helpers/database.ts'
import { addTenant } from '../../helpers/app.ts'
import { tenantWithPoint } from './point-fixture.ts'

const { db } = await testDatabase(t)
const tenant = { id: await tenantWithPoint(db) }
const meter = '00000000-0000-4000-8000-000000000001'
const missing = '00000000-0000-4000-8000-000000000999'
await sql`insert into meters (tenant_id, meter_id, service_point_id, serial, digits, decimals)
  select ${tenant.id}, ${meter}, service_point_id, 'M-1', 5, 0 from service_points where tenant_id = ${tenant.id}`.execute(db)

const insert = (meterIds: string[], from = 0) => sql`
  insert into readings (tenant_id, meter_id, read_at, kind, value, source, status)
  select ${tenant.id}, m::uuid, '2026-01-01T08:00:00Z'::timestamptz + ((n + ${from}) || ' days')::interval, 'index', n + ${from}, 'accounting', 'accepted'
  from unnest(${`{${meterIds.join(',')}}`}::text[]) with ordinality as u(m, n)`.execute(db)
const count = async () => Number((await sql<{ n: string }>`select count(*) as n from readings where tenant_id = ${tenant.id}`.execute(db)).rows[0]!.n)

t.test('rows of existing meters are stored', async (t) => {
  await insert([meter, meter])
  t.equal(await count(), 2)
})

t.test('one missing meter refuses the whole statement with 23503', async (t) => {
  const err = await insert([meter, missing], 10).catch((e: { code?: string; constraint?: string; message: string }) => e)
  t.match(err, { code: '23503', constraint: 'readings_meter_exists' })
  t.match((err as Error).message, missing)
  t.equal(await count(), 2, 'nothing of the statement was kept')
})

t.test('another tenant\'s meter counts as missing', async (t) => {
  const other = await addTenant(db)
  const err = await sql`insert into readings (tenant_id, meter_id, read_at, kind, value, source, status)
    values (${other.id}, ${meter}, now(), 'index', 1, 'accounting', 'accepted')`.execute(db).catch((e: { code?: string }) => e)
  t.match(err, { code: '23503' })
})

t.test('a reading cannot be moved to a missing meter', async (t) => {
  const err = await sql`update readings set meter_id = ${missing} where tenant_id = ${tenant.id}`.execute(db).catch((e: { code?: string }) => e)
  t.match(err, { code: '23503' })
})

t.test('a meter with readings cannot be deleted', async (t) => {
  const err = await sql`delete from meters where tenant_id = ${tenant.id} and meter_id = ${meter}`.execute(db).catch((e: { code?: string }) => e)
  t.match(err, { code: '23503', constraint: 'readings_meter_exists' })
})
