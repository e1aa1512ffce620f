// Bill runs split into chunks: each chunk is one background job and one
// transaction (issue 4 §1). A chunk's row is locked while it is billed, so
// a duplicate or resumed job for the same chunk waits and then does nothing.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table bill_runs add column issued_on date;
alter table bill_runs add column chunks integer not null default 0;
alter table bill_runs add column last_error text;

-- At most one queued or running run per tenant and period: a second start resumes it.
create unique index bill_runs_one_active on bill_runs (tenant_id, period_start) where status in ('queued', 'running');

create table bill_run_chunks (
  tenant_id uuid not null,
  bill_run_id uuid not null,
  chunk_no integer not null,
  -- the chunk's accounts: an inclusive range of account ids in uuid order
  first_account_id uuid not null,
  last_account_id uuid not null,
  accounts integer not null,
  status text not null default 'pending' check (status in ('pending', 'done', 'cancelled')),
  billed integer not null default 0,
  skipped integer not null default 0,
  failed integer not null default 0,
  finished_at timestamptz,
  primary key (tenant_id, bill_run_id, chunk_no),
  foreign key (tenant_id, bill_run_id) references bill_runs (tenant_id, bill_run_id)
);

-- serves: a bill's lines in order, and the bills of a run
create index bills_run on bills (tenant_id, bill_run_id) where bill_run_id is not null;
-- serves: GET /v1/bills?period=… (the bills of a period)
create index bills_period on bills (tenant_id, period_start, bill_id);
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index if exists bills_period;
drop index if exists bills_run;
drop table if exists bill_run_chunks;
drop index if exists bill_runs_one_active;
alter table bill_runs drop column if exists last_error, drop column if exists chunks, drop column if exists issued_on;
`.execute(db)
}
