// Consumption answers are remembered per process (src/app/consumption/
// answer-cache.ts; issue 12 §2 "Fast", bench:consumption). An answer is made
// of the tenant's zone and language, the scope's rows (customer, premises,
// account) and the service points, meters, meter events and readings under
// them: any change to those tables notifies `aql_consumption` after commit,
// whoever wrote it, and every process forgets its answers.
// Statement-level triggers, not row-level: one notice per statement (NOTIFY
// folds equal notices of a transaction into one), so the readings intake's
// COPY of a hundred thousand rows pays one trigger call, not a hundred
// thousand (issue 13: the intake's share of raw COPY must not fall). The
// price is coarseness: a notice names no tenant, and forgets every answer.
import { sql, type Kysely } from 'kysely'

const TABLES = ['tenants', 'customers', 'premises', 'accounts', 'service_points', 'meters', 'meter_events', 'readings']

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create function notify_consumption() returns trigger language plpgsql as $$
begin
  perform pg_notify('aql_consumption', '');
  return null;
end $$`.execute(db)
  for (const t of TABLES) {
    await sql.raw(`create trigger ${t}_notify_consumption after insert or update or delete or truncate on ${t}
  for each statement execute function notify_consumption()`).execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of TABLES) await sql.raw(`drop trigger ${t}_notify_consumption on ${t}`).execute(db)
  await sql`drop function notify_consumption()`.execute(db)
}
