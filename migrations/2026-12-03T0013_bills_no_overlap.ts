// No two regular bills of one account cover a common day, whatever the code
// path (bill runs, corrections, recalculations, a future one): the database
// rules it out, not only the code (issue 9 §2: a bill run started mid-period
// billed the overlapping days again). Periods are half-open [start, end), so
// October and November touch without sharing a day. btree_gist lets the
// equality on tenant and account join the range overlap in one GiST index.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists btree_gist`.execute(db)
  await sql`alter table bills add constraint bills_period_not_empty check (period_end > period_start)`.execute(db)
  await sql`alter table bill_runs add constraint bill_runs_period_not_empty check (period_end > period_start)`.execute(db)
  // serves: the constraint itself, and bill-runs.ts refuseOverlaps (a tenant's regular bills overlapping a period)
  await sql`alter table bills add constraint bills_regular_no_overlap
    exclude using gist (tenant_id with =, account_id with =, daterange(period_start, period_end) with &&) where (kind = 'regular')`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bills drop constraint bills_regular_no_overlap`.execute(db)
  await sql`alter table bill_runs drop constraint bill_runs_period_not_empty`.execute(db)
  await sql`alter table bills drop constraint bills_period_not_empty`.execute(db)
}
