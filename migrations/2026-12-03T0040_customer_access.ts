// Customer access (issue 10): customer users who register themselves (seed 000
// steps 1–4), their one-time codes, sessions and refresh tokens, the accounts
// they link (step 5), link attempts for the limits, the outbox every message
// goes through, and an audit log. tenant_id leads every key; the product's own
// signing keys are platform data (like `tenants`) and have none.
// Every instant a rule compares (expiry, attempt windows) is written from the
// application's Clock, not now(), so the rule and the stamp read one clock.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table customer_users (
  tenant_id uuid not null references tenants (tenant_id),
  customer_user_id uuid not null,
  kind text not null check (kind in ('person', 'organization')),
  -- a person's full name, or the organization's name (seed 000 step 3)
  name text not null,
  email text not null,
  phone text not null,
  password_hash text not null,
  email_confirmed_at timestamptz,
  phone_confirmed_at timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, customer_user_id)
);
-- serves: sign-in and password reset by e-mail (one user per address per tenant)
create unique index customer_users_email on customer_users (tenant_id, lower(email));

create table customer_user_codes (
  tenant_id uuid not null,
  code_id uuid not null,
  customer_user_id uuid not null,
  purpose text not null check (purpose in ('email_confirmation', 'phone_confirmation', 'password_reset')),
  code_hash text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  failed_attempts smallint not null default 0,
  created_at timestamptz not null default now(),
  primary key (tenant_id, code_id),
  foreign key (tenant_id, customer_user_id) references customer_users (tenant_id, customer_user_id)
);
-- serves: the phone code check (the user's newest open code of a purpose)
create index customer_user_codes_user on customer_user_codes (tenant_id, customer_user_id, purpose, created_at desc);

create table customer_sessions (
  tenant_id uuid not null,
  session_id uuid not null,
  customer_user_id uuid not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  revoked_reason text,
  primary key (tenant_id, session_id),
  foreign key (tenant_id, customer_user_id) references customer_users (tenant_id, customer_user_id)
);
-- serves: sign-out everywhere (revoke every open session of a user)
create index customer_sessions_user on customer_sessions (tenant_id, customer_user_id) where revoked_at is null;

create table refresh_tokens (
  tenant_id uuid not null,
  token_id uuid not null,
  session_id uuid not null,
  token_hash text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, token_id),
  foreign key (tenant_id, session_id) references customer_sessions (tenant_id, session_id)
);

create table customer_account_links (
  tenant_id uuid not null,
  customer_user_id uuid not null,
  account_id uuid not null,
  role text not null check (role in ('view', 'submit_readings', 'manage')),
  via text not null check (via in ('link', 'delegation')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, customer_user_id, account_id),
  foreign key (tenant_id, customer_user_id) references customer_users (tenant_id, customer_user_id),
  foreign key (tenant_id, account_id) references accounts (tenant_id, account_id)
);
-- serves: "already linked elsewhere" (one owner link per account) and the admin's unlink by account
create unique index customer_account_links_owner on customer_account_links (tenant_id, account_id) where via = 'link';

create table link_attempts (
  tenant_id uuid not null,
  attempt_id uuid not null,
  customer_user_id uuid not null,
  ip text not null,
  account_number text not null,
  succeeded boolean not null,
  attempted_at timestamptz not null,
  primary key (tenant_id, attempt_id)
);
-- serves: failed link attempts per user in the window (link-account.ts attemptsLeft)
create index link_attempts_user on link_attempts (tenant_id, customer_user_id, attempted_at) where not succeeded;
-- serves: failed link attempts per IP in the window
create index link_attempts_ip on link_attempts (tenant_id, ip, attempted_at) where not succeeded;
-- serves: failed link attempts per account number in the window
create index link_attempts_account on link_attempts (tenant_id, account_number, attempted_at) where not succeeded;

create table outbox_messages (
  tenant_id uuid not null references tenants (tenant_id),
  message_id uuid not null,
  channel text not null check (channel in ('email', 'sms')),
  recipient text not null,
  kind text not null,
  subject text,
  body text not null,
  customer_user_id uuid,
  created_at timestamptz not null,
  sent_at timestamptz,
  primary key (tenant_id, message_id)
);
-- serves: GET /v1/customer-messages (a tenant's messages, newest first)
create index outbox_messages_created on outbox_messages (tenant_id, created_at desc, message_id);

create table audit_log (
  tenant_id uuid not null references tenants (tenant_id),
  audit_id uuid not null,
  actor text not null,
  action text not null,
  subject text,
  detail jsonb not null default '{}',
  at timestamptz not null,
  primary key (tenant_id, audit_id)
);
-- serves: a tenant's audit entries, newest first
create index audit_log_at on audit_log (tenant_id, at desc);

create table signing_keys (
  kid text primary key,
  alg text not null,
  public_jwk jsonb not null,
  private_jwk jsonb not null,
  created_at timestamptz not null,
  retired_at timestamptz
);
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table signing_keys, audit_log, outbox_messages, link_attempts, customer_account_links, refresh_tokens,
    customer_sessions, customer_user_codes, customer_users`.execute(db)
}
