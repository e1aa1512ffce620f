// Consumption per address (issue 12 §2): the service points of a premises.
// Points by account use service_points_account; by premises nothing served them.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
-- serves: consumption.queries.ts, the service points at one address (GET /v1/premises/{id}/consumption)
create index service_points_premises on service_points (tenant_id, premises_id) where premises_id is not null;
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists service_points_premises`.execute(db)
}
