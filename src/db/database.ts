// The Kysely instance over a pg Pool. Numeric and int8 stay strings (pg's
// default); dates stay 'YYYY-MM-DD' strings. No global type parser is set:
// the override below belongs to this pool only.
import { Kysely, PostgresDialect, CamelCasePlugin } from 'kysely'
import pg from 'pg'
import { PoolClients } from './raw-client.ts'
import type { DB } from './schema.ts'

const DATE_OID = 1082

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return (value: string) => value
    return pg.types.getTypeParser(oid, format as 'text')
  },
}

export type Db = Kysely<DB>

export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, types: types as pg.CustomTypesConfig, application_name: 'aqualedger' })
  // An idle client that loses its server (restart, shutdown) must not crash the process.
  pool.on('error', () => {})
  return pool
}

export function createDb(pool: pg.Pool): Db {
  // PoolClients lets the bulk readings path reach a transaction's pg client (COPY)
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin(), new PoolClients(pool)] })
}

/** Create a database on the server if it is missing (embedded and test setups). */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name])
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`)
  } finally {
    await client.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}
