// The Kysely instance over a pg Pool. Numeric and int8 stay strings (pg's
// default); dates stay 'YYYY-MM-DD' strings. No global type parser is set:
// the override below belongs to this pool only.
import { CamelCasePlugin, CompiledQuery, Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { PoolClients, poolOf } from './raw-client.ts'
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
 * `executePrepared(db, query(...values))` (or `db.executeQuery`). It is sent as a named (server-side
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

/**
 * Runs a preparedQuery: on a Db (not a transaction) straight on its pool,
 * the rows camelCased by the Db's own CamelCasePlugin, as Kysely's
 * executeQuery would answer; in a transaction (or a Db without a tracked
 * pool), through Kysely. Kysely's path costs a hot read ≈ 3 µs of promise
 * chains (connection provider, two async result plugins) on top of pg.
 */
export async function executePrepared<R>(db: Db, query: CompiledQuery<R>): Promise<{ rows: R[] }> {
  const direct = db.isTransaction ? undefined : directOf(db)
  if (!direct) return db.executeQuery(query)
  const res = await direct.pool.query(namedQuery(query.sql, query.parameters as unknown[]) as unknown as pg.QueryConfig) as unknown as pg.QueryResult
  const rows = res.rows
  for (let i = 0; i < rows.length; i++) rows[i] = camelRow(direct.camel, rows[i])
  return { rows: rows as R[] }
}

/** Kysely's CamelCasePlugin with its row and key mappers public, for executePrepared's rows. */
class CamelCase extends CamelCasePlugin {
  row(row: Record<string, unknown>): Record<string, unknown> { return this.mapRow(row) }
  key(snake: string): string { return this.camelCase(snake) }
}

interface Direct { pool: pg.Pool; camel: CamelCase }
const directs = new WeakMap<Db, Direct | null>()
function directOf(db: Db): Direct | undefined {
  let d = directs.get(db)
  if (d === undefined) {
    const plugins = db.getExecutor().plugins
    const camel = plugins.find((p): p is CamelCase => p instanceof CamelCase)
    const pool = poolOf(db)
    // only the plugins createDb installs: any other would have to see the result too
    d = camel && pool && plugins.length === 2 ? { pool, camel } : null
    directs.set(db, d)
  }
  return d ?? undefined
}

/** A row's keys camelCased by the plugin (memoized there); a row holding objects or arrays goes through the plugin's own mapRow (nested keys). */
function camelRow(camel: CamelCase, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key in row) {
    const v = row[key]
    if (v !== null && typeof v === 'object' && !(v instanceof Date)) return camel.row(row)
    out[camel.key(key)] = v
  }
  return out
}

/** One name per distinct prepared text, the same on every connection. */
const statementNames = new Map<string, string>()

/**
 * A prepared text as a named pg Query. Built from the text and named
 * afterwards: a config object ({ name, text, values }) would be copied
 * property by property by pg on every call (cloneQueryConfig, ≈ 2.7 µs a
 * balance request).
 */
function namedQuery(text: string, values: unknown[], callback?: (err: Error | undefined, res: unknown) => void): pg.Query {
  let name = statementNames.get(text)
  if (!name) statementNames.set(text, name = `aql_prepared_${statementNames.size + 1}`)
  const query = new pg.Query(text, values, callback)
  ;(query as { name?: string }).name = name
  return query
}

/** pg's Client, sending the texts of preparedQuery (text + values, as Kysely passes them) as named statements. */
class PreparingClient extends pg.Client {
  override query(...args: any[]): any {
    const [text, values] = args
    if (typeof text === 'string' && text.startsWith(PREPARED_MARK) && Array.isArray(values) && args.length === 2) {
      return new Promise((resolve, reject) => {
        super.query(namedQuery(text, values, (err, res) => (err ? reject(err) : resolve(res))))
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
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCase(), new PoolClients(pool)] })
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
