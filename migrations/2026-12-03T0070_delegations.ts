// Delegated access (issue 10 §5, seed 001 "Administration"): the holder of an
// account (role manage) invites another person by e-mail with a role and an
// optional expiry; one invitation may cover several accounts (an
// organization's signatory adding a colleague to all its contracts). The
// invitation token is stored hashed (secrets.ts); accepting it writes a
// customer_account_links row per account with via = 'delegation', its expiry
// and who granted it. Instants compared by rules (expiry) are written from
// the application's Clock, so tests pin them.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table delegations (
  tenant_id uuid not null references tenants (tenant_id),
  -- uuid v7: time-ordered, the list's keyset cursor
  delegation_id uuid not null,
  -- the customer user who invited (it managed every account of the invitation)
  granted_by uuid not null,
  email text not null,
  role text not null check (role in ('view', 'submit_readings', 'manage')),
  -- when the delegated access ends (null: until revoked)
  expires_at timestamptz,
  token_hash text not null,
  -- when the invitation can no longer be accepted
  invitation_expires_at timestamptz not null,
  accepted_by uuid,
  accepted_at timestamptz,
  revoked_at timestamptz,
  revoked_by text,
  created_at timestamptz not null,
  primary key (tenant_id, delegation_id),
  foreign key (tenant_id, granted_by) references customer_users (tenant_id, customer_user_id),
  foreign key (tenant_id, accepted_by) references customer_users (tenant_id, customer_user_id)
);

create table delegation_accounts (
  tenant_id uuid not null,
  delegation_id uuid not null,
  account_id uuid not null,
  -- revoked on this account only (a holder revokes on the accounts it manages)
  revoked_at timestamptz,
  revoked_by text,
  primary key (tenant_id, delegation_id, account_id),
  foreign key (tenant_id, delegation_id) references delegations (tenant_id, delegation_id),
  foreign key (tenant_id, account_id) references accounts (tenant_id, account_id)
);
-- serves: GET /v1/delegations for a holder (the delegations over the accounts it manages) and ?accountId=
create index delegation_accounts_account on delegation_accounts (tenant_id, account_id, delegation_id);

alter table customer_account_links
  add column expires_at timestamptz,
  add column granted_by uuid,
  add column delegation_id uuid,
  add foreign key (tenant_id, granted_by) references customer_users (tenant_id, customer_user_id),
  add foreign key (tenant_id, delegation_id) references delegations (tenant_id, delegation_id),
  add constraint customer_account_links_delegation check ((via = 'delegation') = (delegation_id is not null));
-- serves: revoking a delegation (delete its links on the revoked accounts)
create index customer_account_links_delegation on customer_account_links (tenant_id, delegation_id) where delegation_id is not null;
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index customer_account_links_delegation;
alter table customer_account_links drop constraint customer_account_links_delegation,
  drop column delegation_id, drop column granted_by, drop column expires_at;
drop table delegation_accounts, delegations;`.execute(db)
}
