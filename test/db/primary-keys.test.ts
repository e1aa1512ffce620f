// The Citus-ready rule: every table has a primary key, and it starts with
// tenant_id (the distribution column), so each tenant's rows can live on one
// node and every unique constraint includes the distribution column. Only
// the tables listed here are global, each with the reason why.
import t from 'tap'
import { sql } from 'kysely'
import { testDatabase } from '../helpers/database.ts'

const GLOBAL_TABLES: Record<string, string> = {
  tenants: 'the tenants themselves: a reference table, its key is tenant_id',
  kysely_migration: "Kysely's record of applied migrations",
  kysely_migration_lock: "Kysely's migration lock",
  signing_keys: 'the product\'s own token-signing keys (customer access tokens): one key set for every tenant, published at /.well-known/jwks.json',
}

const { db } = await testDatabase(t)

const tables = await sql<{ table: string; pk: string[] | null }>`
  select c.relname as table,
    (select array_agg(a.attname::text order by k.ord)
       from pg_constraint con
       cross join lateral unnest(con.conkey) with ordinality as k(attnum, ord)
       join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
      where con.conrelid = c.oid and con.contype = 'p') as pk
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
  order by c.relname`.execute(db)

t.ok(tables.rows.length > 10, `${tables.rows.length} tables in the public schema`)

t.test('every table has a primary key', async (t) => {
  for (const { table, pk } of tables.rows) t.ok(pk?.length, `${table} has a primary key`)
})

t.test('every primary key starts with tenant_id, but for the global tables', async (t) => {
  for (const { table, pk } of tables.rows) {
    if (table in GLOBAL_TABLES) continue
    t.equal(pk?.[0], 'tenant_id', `${table}: primary key (${pk?.join(', ')})`)
  }
})

t.test('the global tables exist (the list is not stale)', async (t) => {
  const names = new Set(tables.rows.map((r) => r.table))
  for (const table of Object.keys(GLOBAL_TABLES)) t.ok(names.has(table), table)
})
