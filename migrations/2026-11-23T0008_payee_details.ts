// The payee's details printed on payment documents: the bank account behind
// the Russian payment QR (GOST R 56042), the company code of Iranian bill IDs,
// the Swedish Bankgiro. Tenant data, not constants (conventions.md).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table payee_details (
  tenant_id uuid primary key references tenants (tenant_id),
  details jsonb not null,
  updated_at timestamptz not null default now()
)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists payee_details`.execute(db)
}
