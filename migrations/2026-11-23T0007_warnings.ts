// Written warnings sent to a customer before disconnection (seed 002 item 4:
// "3 consecutive unpaid periods after a written warning"; also for missing
// readings). Tenant first in every key (Citus-ready).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table warnings (
  tenant_id uuid not null,
  warning_id uuid not null,
  account_id uuid not null,
  kind text not null check (kind in ('nonpayment', 'missing_readings')),
  issued_on date not null,
  delivered_on date,
  -- how it was sent (post, registered mail, by hand, e-mail, sms, portal …)
  channel text not null,
  -- the utility's letter number or a postal tracking number
  reference text,
  note text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, warning_id),
  foreign key (tenant_id, account_id) references accounts (tenant_id, account_id),
  check (delivered_on is null or delivered_on >= issued_on)
);
-- serves: an account's warnings, and the warnings behind the disconnection candidates
create index warnings_account on warnings (tenant_id, account_id, kind, issued_on);
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists warnings`.execute(db)
}
