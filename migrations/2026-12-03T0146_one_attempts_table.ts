// One table for every door's failed-attempt counts (issue 10 §3, §6): linking
// an account used its own link_attempts, sign-in and reading grants used
// auth_attempts, with the same sliding-window logic written twice. Linking
// also counts per customer user, so auth_attempts gains that column; the
// rows move over and link_attempts goes. Attempts only feed counters over a
// 15-minute window (the audit log keeps the record), so an hourly task
// deletes those older than a day (src/app/customer-auth/attempt-limits.ts).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table auth_attempts add column customer_user_id uuid;
alter table auth_attempts drop constraint auth_attempts_purpose_check;
alter table auth_attempts add constraint auth_attempts_purpose_check check (purpose in ('sign_in', 'reading_grant', 'account_link'));
insert into auth_attempts (tenant_id, attempt_id, purpose, subject, ip, succeeded, attempted_at, customer_user_id)
  select tenant_id, attempt_id, 'account_link', account_number, ip, succeeded, attempted_at, customer_user_id from link_attempts;
drop table link_attempts;
-- serves: failed attempts per customer user in the window (attempt-limits.ts failuresSince, linking)
create index auth_attempts_user on auth_attempts (tenant_id, purpose, customer_user_id, attempted_at) where not succeeded and customer_user_id is not null;
-- serves: the hourly prune of attempts older than a day (attempt-limits.ts pruneAttempts), across tenants
create index auth_attempts_age on auth_attempts (attempted_at);
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
create table link_attempts (
  tenant_id uuid not null, attempt_id uuid not null, customer_user_id uuid not null, ip text not null, account_number text not null,
  succeeded boolean not null, attempted_at timestamptz not null, primary key (tenant_id, attempt_id));
create index link_attempts_user on link_attempts (tenant_id, customer_user_id, attempted_at) where not succeeded;
create index link_attempts_ip on link_attempts (tenant_id, ip, attempted_at) where not succeeded;
create index link_attempts_account on link_attempts (tenant_id, account_number, attempted_at) where not succeeded;
insert into link_attempts select tenant_id, attempt_id, customer_user_id, ip, subject, succeeded, attempted_at from auth_attempts where purpose = 'account_link';
delete from auth_attempts where purpose = 'account_link';
drop index auth_attempts_age; drop index auth_attempts_user;
alter table auth_attempts drop constraint auth_attempts_purpose_check;
alter table auth_attempts add constraint auth_attempts_purpose_check check (purpose in ('sign_in', 'reading_grant'));
alter table auth_attempts drop column customer_user_id;
`.execute(db)
}
