// Waste collection billed with the other utilities (issue 12 §1,
// multi-utility.md "Waste collection"): an address's waste service is a
// service point of resource waste_collection, and its subscription (bin
// size, collection frequency) is effective-dated here. The fee itself is
// the tenant's waste_collection tariff (tariff_versions).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table service_points drop constraint service_points_resource_check;
alter table service_points add constraint service_points_resource_check
  check (resource in ('cold_water', 'hot_water', 'wastewater', 'electricity', 'district_heating', 'solar_production', 'waste_collection'));

create table waste_subscriptions (
  tenant_id uuid not null,
  subscription_id uuid not null,
  service_point_id uuid not null,
  bin_litres integer not null check (bin_litres > 0),
  frequency text not null check (frequency in ('weekly', 'every_other_week', 'every_four_weeks')),
  valid_from date not null,
  -- the day after the last (exclusive); null = open-ended
  valid_to date,
  created_at timestamptz not null default now(),
  primary key (tenant_id, subscription_id),
  foreign key (tenant_id, service_point_id) references service_points (tenant_id, service_point_id),
  check (valid_to is null or valid_from < valid_to)
);
-- serves: load-facts.ts, the subscriptions of a chunk's waste points (service_point_id = any(…)) in date order
create index waste_subscriptions_point on waste_subscriptions (tenant_id, service_point_id, valid_from);
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists waste_subscriptions;
alter table service_points drop constraint service_points_resource_check;
alter table service_points add constraint service_points_resource_check
  check (resource in ('cold_water', 'hot_water', 'wastewater', 'electricity', 'district_heating', 'solar_production'))`.execute(db)
}
