// The platform operator creates tenants through the API (issue 10 §7), with
// an Idempotency-Key. The key cannot go to idempotency_keys (its rows belong
// to a tenant, and the stored answer would hold the new admin key's secret),
// so the tenant row records the key and the request's hash: a retry finds the
// tenant it made instead of making a second one.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table tenants add column created_with_key text, add column created_request_hash text;
-- serves: POST /v1/platform/tenants with an Idempotency-Key (find the tenant a key made; one tenant per key)
create unique index tenants_created_with_key on tenants (created_with_key) where created_with_key is not null;
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index tenants_created_with_key; alter table tenants drop column created_with_key, drop column created_request_hash`.execute(db)
}
