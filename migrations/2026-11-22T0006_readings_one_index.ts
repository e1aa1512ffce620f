// Readings keep one index besides the primary key: readings_dedupe
// (tenant_id, meter_id, read_at, value, source) serves dedupe AND a meter's
// history in time order (its prefix), so readings_meter_time only cost a
// second index insert per reading on the bulk path. Its INCLUDE columns gave
// no index-only scans for freshly loaded rows anyway (not yet all-visible).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists readings_meter_time`.execute(db)
  await sql`comment on index readings_dedupe is 'dedupe of retried submissions; its (tenant_id, meter_id, read_at) prefix serves history and the last reading before a date'`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index readings_meter_time on readings (tenant_id, meter_id, read_at) include (value, status)`.execute(db)
}
