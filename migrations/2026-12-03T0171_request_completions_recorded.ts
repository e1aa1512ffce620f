// When a disconnection was recorded or ended (issue 12 §4): the bill run's
// correction candidates (billing/corrections/candidates.ts) re-settle the
// billed periods a disconnection entered or left after they were billed,
// as they do for residents and tariffs (recorded_at > the last bill's run).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table service_point_suspensions add column recorded_at timestamptz not null default now()`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table service_point_suspensions drop column if exists recorded_at`.execute(db)
}
