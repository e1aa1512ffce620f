// Penalties (пени): per-tenant terms (effective-dated key rates, caps and
// moratoria as data, conventions.md "verify") and the accruals posted per
// account and calculation date. Tenant first in every key (Citus-ready).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
-- Off unless a row says enabled: penalties are Russian law (Housing Code art. 155 §14).
-- The tenant policy holds volume-policy parameters only, so these settings live here.
create table penalty_terms (
  tenant_id uuid primary key references tenants (tenant_id),
  enabled boolean not null default false,
  -- {keyRates: [{from, rate}], caps: [{from, through, rate}], moratoria: [{from, through, source}], rateBasis}
  terms jsonb not null,
  updated_at timestamptz not null default now()
);

-- One accrual per account and calculation date: a repeated request posts nothing new.
create table penalty_accruals (
  tenant_id uuid not null,
  account_id uuid not null,
  as_of date not null,
  -- the penalty accrued to as_of in total, and what this accrual posted (total minus earlier postings)
  total numeric not null,
  posted numeric not null,
  result jsonb not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, account_id, as_of),
  foreign key (tenant_id, account_id) references accounts (tenant_id, account_id)
);

-- serves: the oldest open bills of an account (payment allocation, the balance's due date)
create index bills_account_open on bills (tenant_id, account_id, issued_on, number) where paid < amount_due;
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists bills_account_open; drop table if exists penalty_accruals, penalty_terms`.execute(db)
}
