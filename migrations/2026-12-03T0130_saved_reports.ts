// The report center (issue 12 §5, seed 001 "Rapportcenter"): report
// definitions a customer user or the tenant's accounting staff saved. A
// definition is validated against the declared datasets before it is stored
// (src/app/reports/report-definition.ts), so a stored one always runs.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table saved_reports (
  tenant_id uuid not null references tenants (tenant_id),
  report_id uuid not null,
  -- the customer user who owns it; null: the tenant's (made with an API key)
  customer_user_id uuid,
  name text not null check (length(name) between 1 and 200),
  definition jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (tenant_id, report_id),
  foreign key (tenant_id, customer_user_id) references customer_users (tenant_id, customer_user_id) on delete cascade
);
-- serves: saved-reports.ts listReports, an owner's reports by name (the tenant's: customer_user_id is null)
create index saved_reports_owner on saved_reports (tenant_id, customer_user_id, name, report_id);
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists saved_reports`.execute(db)
}
