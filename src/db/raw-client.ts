// The raw pg client under a Kysely transaction, for what Kysely cannot send:
// COPY … FROM STDIN (the bulk readings path streams rows with it). Kysely
// keeps its connection's client private, so the pool's clients are indexed
// by backend pid as they connect, and a transaction asks the server for its
// pid. The index travels with the Db as a no-op plugin: every transaction of
// that Db carries it, and Dbs over different pools never mix their clients.
import { sql, type Kysely, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult,
  type RootOperationNode, type Transaction, type UnknownRow } from 'kysely'
import type pg from 'pg'

export class PoolClients implements KyselyPlugin {
  readonly byPid = new Map<number, pg.PoolClient>()

  readonly pool: pg.Pool

  constructor(pool: pg.Pool) {
    this.pool = pool
    // processID is set from the server's BackendKeyData before 'connect' fires
    pool.on('connect', (c) => { const pid = (c as { processID?: number }).processID; if (pid) this.byPid.set(pid, c) })
    pool.on('remove', (c) => {
      const pid = (c as { processID?: number }).processID
      if (pid && this.byPid.get(pid) === c) this.byPid.delete(pid)
    })
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode { return args.node }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> { return args.result }
}

/**
 * The pg client a transaction runs on, or undefined when the Db does not
 * track its pool (another dialect, a pooler that hides backend pids): callers
 * then take their plain-SQL path. The client must only be used while the
 * transaction is open, and not concurrently with Kysely queries on it.
 */
export async function rawClientOf<DB>(trx: Transaction<DB>): Promise<pg.PoolClient | undefined> {
  const clients = trx.getExecutor().plugins.find((p): p is PoolClients => p instanceof PoolClients)
  if (!clients) return undefined
  // a transaction keeps its connection to the end: asked once (a bill-run
  // chunk asks for lines, ledger entries and events, the last while it holds
  // the tenant's number counter, where a round trip less shortens the queue)
  const known = clientOfTransaction.get(trx)
  if (known) return known
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)
  const client = clients.byPid.get(rows[0]!.pid)
  if (client) clientOfTransaction.set(trx, client)
  return client
}

const clientOfTransaction = new WeakMap<object, pg.PoolClient>()

/** The pool under a Db (its connection settings open the notification listener of principal-cache.ts), if tracked. */
export function poolOf<DB>(db: Kysely<DB>): pg.Pool | undefined {
  return db.getExecutor().plugins.find((p): p is PoolClients => p instanceof PoolClients)?.pool
}
