// Waste pickup schedules per address (issue 12 §3): recurring rules per bin
// and fraction, and the exceptions (a moved or cancelled pickup).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table pickup_rules (
  tenant_id uuid not null,
  rule_id uuid not null,
  premises_id uuid not null,
  fraction text not null,
  bin text,
  weekday int not null check (weekday between 1 and 7),
  every_weeks int not null check (every_weeks between 1 and 52),
  anchor date not null,
  valid_from date not null,
  valid_to date,
  basis text not null check (basis in ('route', 'plan', 'estimate')),
  confirmed_through date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, rule_id),
  foreign key (tenant_id, premises_id) references premises (tenant_id, premises_id),
  check (valid_to is null or valid_to >= valid_from)
);
-- serves: the schedule of an address (GET /v1/premises/{id}/pickups)
create index pickup_rules_premises on pickup_rules (tenant_id, premises_id);

create table pickup_exceptions (
  tenant_id uuid not null,
  rule_id uuid not null,
  date date not null,
  kind text not null check (kind in ('cancelled', 'moved')),
  moved_to date,
  basis text not null check (basis in ('route', 'plan', 'estimate')),
  reason text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, rule_id, date),
  foreign key (tenant_id, rule_id) references pickup_rules (tenant_id, rule_id),
  check ((kind = 'moved') = (moved_to is not null))
);
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists pickup_exceptions; drop table if exists pickup_rules`.execute(db)
}
