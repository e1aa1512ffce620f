// The Kysely instance over a pg Pool. Numeric and int8 stay strings (pg's
// default); dates stay 'YYYY-MM-DD' strings. No global type parser is set:
// the override below belongs to this pool only.
import { CamelCasePlugin, CompiledQuery, Kysely, PostgresDialect } from 'kysely'
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

const PREPARED_MARK = '/* prepared */ '

/**
 * A hot query with a fixed SQL text ($1, $2 … for the values), run with
 * `db.executeQuery(query(...values))`. It is sent as a named (server-side
 * prepared) statement: each pool connection parses and plans it once, then
 * only binds and executes it. Kysely sends unnamed statements, planned on
 * every call; for the balance read that planning cost the server several
 * times the execution (≈ 250 µs against 50 µs of CPU a request). The text is
 * also not rebuilt and compiled by Kysely on every call; results still pass
 * the plugins (camelCased keys). Opt-in, for a few hot reads: each distinct
 * text stays prepared on every connection for the connection's lifetime (a
 * migration that changes the columns such a query returns needs a restart,
 * as migrations already run before the app starts).
 */
export function preparedQuery<R>(text: string): (...values: unknown[]) => CompiledQuery<R> {
  const marked = PREPARED_MARK + text
  return (...values) => CompiledQuery.raw(marked, values) as CompiledQuery<R>
}

/** One name per distinct prepared text, the same on every connection. */
const statementNames = new Map<string, string>()

/**
 * pg's Client, sending the texts of preparedQuery (text + values, as Kysely passes them) as named statements.
 * The Query is built from the text and named afterwards: a config object ({ name, text, values })
 * would be copied property by property by pg on every call (cloneQueryConfig, ≈ 2.7 µs a balance request).
 */
class PreparingClient extends pg.Client {
  override query(...args: any[]): any {
    const [text, values] = args
    if (typeof text === 'string' && text.startsWith(PREPARED_MARK) && Array.isArray(values) && args.length === 2) {
      let name = statementNames.get(text)
      if (!name) statementNames.set(text, name = `aql_prepared_${statementNames.size + 1}`)
      return new Promise((resolve, reject) => {
        const query = new pg.Query(text, values, (err: Error | undefined, res: unknown) => (err ? reject(err) : resolve(res)))
        ;(query as { name?: string }).name = name
        super.query(query)
      })
    }
    return Reflect.apply(super.query, this, args)
  }
}

export function createPool(connectionString: string, max = 10, connectionTimeoutMillis = 0): pg.Pool {
  // connectionTimeoutMillis: a database that does not answer (a stopped host,
  // a full pool that never frees) fails the query (503) instead of holding the request
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis, types: types as pg.CustomTypesConfig, application_name: 'aqualedger', Client: PreparingClient })
  // A client that loses its server (restart, failover, fast shutdown) must
  // not crash the process: idle ones report on the pool, checked-out ones on
  // the client itself (pg-pool detaches its listener during checkout). The
  // query in flight still rejects, and the pool drops the broken client on release.
  pool.on('error', () => {})
  pool.on('connect', (client) => { client.on('error', () => {}) })
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
