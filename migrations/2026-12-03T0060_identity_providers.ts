// OIDC sign-in through the tenant's identity provider (issue 10 §1b): one
// provider per tenant (issuer, audience, JWKS URL, the claim that identifies
// the person or organization), and the identities it vouched for, each bound
// to one customer user. A user who signs in only this way has no password,
// and an e-mail or phone only when the provider gives them.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table identity_providers (
  tenant_id uuid not null references tenants (tenant_id),
  issuer text not null,
  audience text not null,
  jwks_url text not null,
  -- the ID token claim that identifies the person or organization (personal_identity_number, inn, sub)
  subject_claim text not null,
  customer_kind text not null check (customer_kind in ('person', 'organization')),
  updated_at timestamptz not null,
  primary key (tenant_id)
);

create table customer_identities (
  tenant_id uuid not null,
  -- the claim's name and value: the same person keeps one user when the tenant changes providers
  claim text not null,
  value text not null,
  customer_user_id uuid not null,
  issuer text not null,
  created_at timestamptz not null,
  primary key (tenant_id, claim, value),
  foreign key (tenant_id, customer_user_id) references customer_users (tenant_id, customer_user_id)
);
-- serves: whether a user's identity was verified by the provider (linking without e-mail/phone confirmation)
create index customer_identities_user on customer_identities (tenant_id, customer_user_id);

alter table customer_users alter column password_hash drop not null, alter column email drop not null, alter column phone drop not null;
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table customer_identities, identity_providers`.execute(db)
}
