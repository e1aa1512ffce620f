// Which readings changed since an account's last bill (corrections/candidates.ts,
// issue 4 §2): written or decided after a moment. Without this index each
// chunk of a bill run read every reading of the lookback (up to 36 months) of
// each of its meters from the heap to look at created_at and decided_at, so a
// run's cost grew with the years of history (issue 13). greatest() ignores a
// null decided_at, so the key is "the last time the reading changed". Meter
// events get the same, on created_at.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index readings_changed on readings (tenant_id, meter_id, (greatest(created_at, decided_at)))`.execute(db)
  // the same for meter events (few rows: an installation, a failure, a replacement)
  await sql`create index meter_events_changed on meter_events (tenant_id, meter_id, created_at)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index meter_events_changed`.execute(db)
  await sql`drop index readings_changed`.execute(db)
}
