// A tenant with one organization, its contract account and one cold-water
// service point, inserted directly: the readings tests add meters to it.
import { sql } from 'kysely'
import type { Db } from '../../../src/db/database.ts'
import { addTenant } from '../../helpers/app.ts'

export async function tenantWithPoint(db: Db): Promise<string> {
  const tenant = await addTenant(db)
  await sql`insert into customers (tenant_id, customer_id, kind, name) values (${tenant.id}, gen_random_uuid(), 'organization', 'C')`.execute(db)
  await sql`insert into accounts (tenant_id, account_id, customer_id, kind, number, contract_inn, usage_type, opened_on)
    select ${tenant.id}, gen_random_uuid(), customer_id, 'non_residential', 'A-1', '1234567894', 'non_residential', '2020-01-01'
    from customers where tenant_id = ${tenant.id}`.execute(db)
  await sql`insert into service_points (tenant_id, service_point_id, account_id, resource, usage_type, unit)
    select ${tenant.id}, gen_random_uuid(), account_id, 'cold_water', 'non_residential', 'm3' from accounts where tenant_id = ${tenant.id}`.execute(db)
  return tenant.id
}
