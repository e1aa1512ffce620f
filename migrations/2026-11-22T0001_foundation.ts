// Foundation schema. Every table carries tenant_id first in its primary key
// and in every foreign key, so the schema can be distributed by tenant (Citus).
// Money and volumes are numeric; ids are uuids made by the application.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table tenants (
  tenant_id uuid primary key,
  name text not null,
  currency char(3) not null,
  minor_units smallint not null check (minor_units between 0 and 4),
  time_zone text not null,
  calendar text not null check (calendar in ('gregorian', 'solar_hijri')),
  locale text not null,
  billing_period_months smallint not null check (billing_period_months in (1, 2)),
  policy jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table api_keys (
  tenant_id uuid not null references tenants (tenant_id),
  key_id uuid not null,
  name text not null,
  secret_hash text not null,
  scopes text[] not null check (scopes <@ array['admin', 'accounting', 'portal', 'readonly']),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  primary key (tenant_id, key_id)
);

create table idempotency_keys (
  tenant_id uuid not null references tenants (tenant_id),
  idempotency_key text not null,
  method text not null,
  path text not null,
  request_hash text not null,
  status_code smallint not null,
  response_body jsonb,
  created_at timestamptz not null default now(),
  primary key (tenant_id, idempotency_key)
);

create table customers (
  tenant_id uuid not null references tenants (tenant_id),
  customer_id uuid not null,
  kind text not null check (kind in ('person', 'organization')),
  name text not null,
  surname text,
  inn text,
  email text,
  phone text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, customer_id)
);
-- serves: customer lookup by taxpayer number (contract linking, seed 000)
create index customers_inn on customers (tenant_id, inn) where inn is not null;

create table premises (
  tenant_id uuid not null,
  premises_id uuid not null,
  customer_id uuid not null,
  kind text not null check (kind in ('flat', 'house', 'building', 'plot', 'other')),
  address text not null,
  city text,
  region text,
  postal_code text,
  country char(2),
  area_m2 numeric,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, premises_id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, customer_id)
);
-- serves: the premises (addresses) of one customer
create index premises_customer on premises (tenant_id, customer_id);

create table accounts (
  tenant_id uuid not null,
  account_id uuid not null,
  customer_id uuid not null,
  premises_id uuid,
  kind text not null check (kind in ('residential', 'non_residential')),
  number text not null,
  owner_surname text,
  contract_inn text,
  usage_type text not null,
  opened_on date not null,
  closed_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, account_id),
  unique (tenant_id, number),
  foreign key (tenant_id, customer_id) references customers (tenant_id, customer_id),
  foreign key (tenant_id, premises_id) references premises (tenant_id, premises_id),
  check (kind <> 'residential' or owner_surname is not null),
  check (kind <> 'non_residential' or contract_inn is not null)
);
-- serves: accounts of one customer
create index accounts_customer on accounts (tenant_id, customer_id);

create table service_points (
  tenant_id uuid not null,
  service_point_id uuid not null,
  account_id uuid not null,
  premises_id uuid,
  code text,
  resource text not null check (resource in ('cold_water', 'hot_water', 'wastewater', 'electricity', 'district_heating', 'solar_production')),
  usage_type text not null,
  unit text not null,
  diameter_mm numeric check (diameter_mm > 0),
  losses_volume_m3 numeric check (losses_volume_m3 >= 0),
  losses_percent numeric check (losses_percent >= 0 and losses_percent <= 100),
  transit_organization boolean not null default false,
  hot_water_system text check (hot_water_system in ('open', 'closed')),
  guaranteed_volume numeric check (guaranteed_volume >= 0),
  guaranteed_volume_per text check (guaranteed_volume_per in ('day', 'month')),
  dwelling_units integer not null default 1 check (dwelling_units >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, service_point_id),
  foreign key (tenant_id, account_id) references accounts (tenant_id, account_id),
  foreign key (tenant_id, premises_id) references premises (tenant_id, premises_id),
  check ((guaranteed_volume is null) = (guaranteed_volume_per is null))
);
-- serves: service points of one account (bill runs, portals)
create index service_points_account on service_points (tenant_id, account_id);

-- Transit organizations pass water to downstream points (summation, Decree 776 §20).
create table service_point_links (
  tenant_id uuid not null,
  upstream_id uuid not null,
  downstream_id uuid not null,
  primary key (tenant_id, upstream_id, downstream_id),
  foreign key (tenant_id, upstream_id) references service_points (tenant_id, service_point_id) on delete cascade,
  foreign key (tenant_id, downstream_id) references service_points (tenant_id, service_point_id) on delete cascade,
  check (upstream_id <> downstream_id)
);

-- Residents registered at a service point's premises, effective from a date.
create table residents (
  tenant_id uuid not null,
  service_point_id uuid not null,
  effective_from date not null,
  residents integer not null check (residents >= 0),
  primary key (tenant_id, service_point_id, effective_from),
  foreign key (tenant_id, service_point_id) references service_points (tenant_id, service_point_id) on delete cascade
);

create table meters (
  tenant_id uuid not null,
  meter_id uuid not null,
  service_point_id uuid not null,
  serial text not null,
  model text,
  digits smallint not null check (digits between 1 and 12),
  decimals smallint not null default 0 check (decimals between 0 and 6),
  max_flow_m3h numeric check (max_flow_m3h > 0),
  verification_interval_months smallint check (verification_interval_months > 0),
  verification_due date,
  is_control boolean not null default false,
  reading_kind text not null default 'index' check (reading_kind in ('index', 'consumption')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, meter_id),
  unique (tenant_id, serial),
  foreign key (tenant_id, service_point_id) references service_points (tenant_id, service_point_id)
);
-- serves: meters of one service point
create index meters_service_point on meters (tenant_id, service_point_id);

create table acts (
  tenant_id uuid not null,
  act_id uuid not null,
  kind text not null check (kind in ('commissioning', 'failure', 'dismantling', 'unauthorized_connection',
    'technical_impossibility', 'temporary_absence', 'notice_to_install', 'readings_reconciliation')),
  service_point_id uuid not null,
  meter_id uuid,
  number text,
  drawn_up_on date not null,
  signed_by_customer boolean not null default true,
  details jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, act_id),
  foreign key (tenant_id, service_point_id) references service_points (tenant_id, service_point_id),
  foreign key (tenant_id, meter_id) references meters (tenant_id, meter_id)
);
-- serves: acts of one service point by date (settlement facts)
create index acts_service_point on acts (tenant_id, service_point_id, drawn_up_on);

create table meter_events (
  tenant_id uuid not null,
  event_id uuid not null,
  meter_id uuid not null,
  kind text not null check (kind in ('installed', 'commissioned', 'failed', 'dismantled', 'verified', 'replaced')),
  occurred_on date not null,
  meter_index numeric check (meter_index >= 0),
  seals text[] not null default '{}',
  next_verification_due date,
  act_id uuid,
  note text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, event_id),
  foreign key (tenant_id, meter_id) references meters (tenant_id, meter_id),
  foreign key (tenant_id, act_id) references acts (tenant_id, act_id)
);
-- serves: a meter's timeline in date order
create index meter_events_meter on meter_events (tenant_id, meter_id, occurred_on);

create table readings (
  tenant_id uuid not null,
  reading_id bigint generated by default as identity,
  meter_id uuid not null,
  read_at timestamptz not null,
  kind text not null check (kind in ('index', 'consumption')),
  value numeric not null check (value >= 0),
  source text not null check (source in ('portal', 'mobile', 'accounting', 'telemetry', 'inspector', 'act')),
  status text not null check (status in ('accepted', 'flagged', 'rejected')),
  reasons text[] not null default '{}',
  reader_status text,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, reading_id),
  foreign key (tenant_id, meter_id) references meters (tenant_id, meter_id)
);
-- serves: dedupe of retried submissions (meter, read-at, value, source)
create unique index readings_dedupe on readings (tenant_id, meter_id, read_at, value, source);
-- serves: a meter's history by date, and the last accepted reading before a date
create index readings_meter_time on readings (tenant_id, meter_id, read_at) include (value, status);
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists readings, meter_events, acts, meters, residents, service_point_links,
    service_points, accounts, premises, customers, idempotency_keys, api_keys, tenants cascade`.execute(db)
}
