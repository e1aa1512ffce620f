// A completed run's combined invoices (SEK, issue 12 §1) are composed right
// after the run completes, outside the last chunk's transaction: a worker
// killed in between would leave the customers without an invoice ("crashes
// resume without gaps"). The run now records when its invoices were composed;
// an hourly sweep composes them for a completed run that has no mark. Runs
// completed before this migration are marked: their periods were billed
// before combined invoices existed and are not invoiced after the fact.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table bill_runs add column invoices_composed_at timestamptz;
update bill_runs set invoices_composed_at = finished_at where status = 'completed';
-- serves: the hourly sweep (compose-invoices.ts composeMissingInvoices): completed runs without their invoices
create index bill_runs_invoices_due on bill_runs (tenant_id) where status = 'completed' and invoices_composed_at is null;
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index bill_runs_invoices_due; alter table bill_runs drop column invoices_composed_at`.execute(db)
}
