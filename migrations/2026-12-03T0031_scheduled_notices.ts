// Events that no write causes, only a date passing (issue 11):
// meter.verification_due and account.debt_overdue, found by a periodic scan.
// scheduled_notices remembers what was told, so each is told once.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table scheduled_notices (
  tenant_id uuid not null references tenants (tenant_id),
  kind text not null,
  object_id text not null,
  -- what makes it new: the due date of the verification, the bill of the debt
  notice_key text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, kind, object_id, notice_key)
);
-- serves: scheduled-notices.ts, meters whose verification is due by a day
create index meters_verification_due on meters (tenant_id, verification_due) where verification_due is not null;
-- serves: scheduled-notices.ts, open bills past their due date
create index bills_open_due on bills (tenant_id, due_on) where paid < amount_due;
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists bills_open_due; drop index if exists meters_verification_due; drop table if exists scheduled_notices`.execute(db)
}
