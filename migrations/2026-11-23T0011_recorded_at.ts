// When residents and coefficients were recorded, so a bill run can tell which
// changed after an account's last bill and re-settle the periods they reach
// (volume-methods.md: "When the customer does not report a change of
// residents, the utility recalculates for the period since the change").
// Rows that exist already count as recorded long ago ('-infinity'), so the
// migration itself triggers no recalculation.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['residents', 'coefficients']) {
    await sql`alter table ${sql.table(table)} add column recorded_at timestamptz not null default '-infinity'`.execute(db)
    await sql`alter table ${sql.table(table)} alter column recorded_at set default now()`.execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['residents', 'coefficients']) await sql`alter table ${sql.table(table)} drop column recorded_at`.execute(db)
}
