// What a completed service request changes (issue 12 §4, seed 002 items 3–14):
// effective-dated history of a service point's billing terms (usage type,
// dwelling units, diameter, contract capacity), temporary disconnections,
// a permanent disconnection's closing day, and the account holder's name by
// date. Settlement and corrections read the value valid on each day, so a
// re-settled earlier period uses the terms of that period; documents name the
// holder of their issue day. A `reconnection` request ends a disconnection.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table service_requests drop constraint service_requests_type_check;
alter table service_requests add constraint service_requests_type_check check (type in ('contact', 'moving_notice', 'meter_test', 'name_change',
  'diameter_change', 'capacity_change', 'usage_change', 'units_change', 'disconnection', 'reconnection', 'relocation', 'connection_purchase', 'extra_pickup'));

-- the contracted capacity (m³ per month; seed 002 items 8 and 18) and the first day a permanently disconnected point is closed
alter table service_points add column contract_capacity_m3 numeric check (contract_capacity_m3 > 0);
alter table service_points add column closed_on date;

-- One row per change: the value from effective_from on, and the value it replaced
-- (the value before the first change is the first row's previous_value).
create table service_point_terms (
  tenant_id uuid not null,
  service_point_id uuid not null,
  attribute text not null check (attribute in ('usage_type', 'dwelling_units', 'diameter_mm', 'contract_capacity_m3')),
  effective_from date not null,
  value text not null,
  previous_value text,
  request_id uuid,
  recorded_at timestamptz not null default now(),
  primary key (tenant_id, service_point_id, attribute, effective_from),
  foreign key (tenant_id, service_point_id) references service_points (tenant_id, service_point_id),
  foreign key (tenant_id, request_id) references service_requests (tenant_id, request_id)
);

-- Days a point is not billed: from from_on up to until_on (exclusive; null = until a reconnection).
create table service_point_suspensions (
  tenant_id uuid not null,
  service_point_id uuid not null,
  from_on date not null,
  until_on date check (until_on > from_on),
  request_id uuid not null,
  ended_by_request_id uuid,
  primary key (tenant_id, service_point_id, from_on),
  foreign key (tenant_id, service_point_id) references service_points (tenant_id, service_point_id),
  foreign key (tenant_id, request_id) references service_requests (tenant_id, request_id),
  foreign key (tenant_id, ended_by_request_id) references service_requests (tenant_id, request_id)
);

-- The account holder's name from effective_from on; documents issued before it show previous_name.
create table account_holder_names (
  tenant_id uuid not null,
  account_id uuid not null,
  effective_from date not null,
  name text not null,
  surname text,
  previous_name text not null,
  previous_surname text,
  request_id uuid,
  primary key (tenant_id, account_id, effective_from),
  foreign key (tenant_id, account_id) references accounts (tenant_id, account_id),
  foreign key (tenant_id, request_id) references service_requests (tenant_id, request_id)
);
`.execute(db)
  // No extra index: the primary keys serve the reads (a chunk's points by
  // (tenant_id, service_point_id = any(...)), an account's names by (tenant_id, account_id)).
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists account_holder_names; drop table if exists service_point_suspensions; drop table if exists service_point_terms;
    alter table service_points drop column if exists closed_on; alter table service_points drop column if exists contract_capacity_m3`.execute(db)
}
