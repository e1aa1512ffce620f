// bill_run_errors was the one table without a primary key. Every table has
// one, led by tenant_id (the Citus-ready rule: a distributed table's unique
// constraints must include the distribution column). An error row has no
// natural key (one service point may report the same code twice), so it gets
// a number: (tenant_id, bill_run_id, error_no). The primary key's index also
// serves the error report of a run, which bill_run_errors_run did.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bill_run_errors add column error_no bigint generated always as identity`.execute(db)
  await sql`alter table bill_run_errors add primary key (tenant_id, bill_run_id, error_no)`.execute(db)
  await sql`drop index bill_run_errors_run`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index bill_run_errors_run on bill_run_errors (tenant_id, bill_run_id)`.execute(db)
  await sql`alter table bill_run_errors drop constraint bill_run_errors_pkey`.execute(db)
  await sql`alter table bill_run_errors drop column error_no`.execute(db)
}
