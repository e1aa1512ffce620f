// Readings without registration (issue 10 §6, seed 000's video guide) and
// attempt limits for the credential-less doors (sign-in, opening a grant).
// A reading grant is a short-lived bearer credential for one account, good
// only for listing its meters and submitting their readings; its secret is
// stored as SHA-256 only. auth_attempts counts failures per IP and per
// subject (an account number, a lower-cased e-mail) in a sliding window;
// instants come from the application's Clock, like link_attempts.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table reading_grants (
  tenant_id uuid not null,
  grant_id uuid not null,
  account_id uuid not null,
  token_hash text not null,
  -- which second factor opened it: the owner's surname or a meter's serial number
  factor text not null check (factor in ('surname', 'meter_serial')),
  ip text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  primary key (tenant_id, grant_id),
  foreign key (tenant_id, account_id) references accounts (tenant_id, account_id)
);

create table auth_attempts (
  tenant_id uuid not null references tenants (tenant_id),
  attempt_id uuid not null,
  purpose text not null check (purpose in ('sign_in', 'reading_grant')),
  -- what the attempt named: the account number (reading_grant), the lower-cased e-mail (sign_in)
  subject text not null,
  ip text not null,
  succeeded boolean not null,
  attempted_at timestamptz not null,
  primary key (tenant_id, attempt_id)
);
-- serves: failed attempts per subject in the window (attempt-limits.ts failuresSince)
create index auth_attempts_subject on auth_attempts (tenant_id, purpose, subject, attempted_at) where not succeeded;
-- serves: failed attempts per IP in the window (attempt-limits.ts failuresSince)
create index auth_attempts_ip on auth_attempts (tenant_id, purpose, ip, attempted_at) where not succeeded;

-- readings submitted through a grant carry their own source. The old check is
-- narrower than the new one, so every stored row passes it: NOT VALID skips
-- rescanning a table of millions of readings.
alter table readings drop constraint readings_source_check;
alter table readings add constraint readings_source_check
  check (source in ('portal', 'mobile', 'accounting', 'telemetry', 'inspector', 'act', 'reading_grant')) not valid;
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop table auth_attempts, reading_grants;
alter table readings drop constraint readings_source_check;
alter table readings add constraint readings_source_check
  check (source in ('portal', 'mobile', 'accounting', 'telemetry', 'inspector', 'act')) not valid;
`.execute(db)
}
