// Facility groups (issue 10 §5, seed 001 "Administration": "gruppera
// anläggningar"): a customer user names groups of its facilities, premises or
// service points of the accounts it holds, and sees lists, balances and
// documents per group. A member names a facility; which service points a
// group covers is resolved on each read against the accounts the user holds
// then (facility-groups.ts), so a revoked delegation empties it at once.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table facility_groups (
  tenant_id uuid not null,
  group_id uuid not null,
  customer_user_id uuid not null,
  name text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (tenant_id, group_id),
  foreign key (tenant_id, customer_user_id) references customer_users (tenant_id, customer_user_id)
);
-- serves: GET /v1/facility-groups (a user's groups by name) and one name per user (409 on a duplicate)
create unique index facility_groups_user_name on facility_groups (tenant_id, customer_user_id, lower(name));

create table facility_group_premises (
  tenant_id uuid not null,
  group_id uuid not null,
  premises_id uuid not null,
  primary key (tenant_id, group_id, premises_id),
  foreign key (tenant_id, group_id) references facility_groups (tenant_id, group_id) on delete cascade,
  foreign key (tenant_id, premises_id) references premises (tenant_id, premises_id)
);

create table facility_group_service_points (
  tenant_id uuid not null,
  group_id uuid not null,
  service_point_id uuid not null,
  primary key (tenant_id, group_id, service_point_id),
  foreign key (tenant_id, group_id) references facility_groups (tenant_id, group_id) on delete cascade,
  foreign key (tenant_id, service_point_id) references service_points (tenant_id, service_point_id)
);
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table facility_group_service_points, facility_group_premises, facility_groups`.execute(db)
}
