// The database the command-line scripts (demo, key:create, migrate) use: the
// same resolution as `npm start`.
import pg from 'pg'
import type { Config } from '../config.ts'
import { createDb, createPool, ensureDatabase, type Db } from '../db/database.ts'
import { provisionDatabase } from '../db/provision.ts'

export interface OpenedDatabase {
  db: Db
  url: string
  /** how it was found: DATABASE_URL, the embedded Postgres a running server started, or one started now */
  source: 'DATABASE_URL' | 'embedded (already running)' | 'embedded (started)'
  /** close the pool, and stop the embedded Postgres if this process started it */
  close(): Promise<void>
}

/** The embedded Postgres's superuser password (src/db/embedded-postgres.ts). */
const EMBEDDED_PASSWORD = 'aqualedger'

/** Does a Postgres answer at this URL? false only when nothing listens there. */
async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    return true
  } catch (err) {
    if ((err as { code?: string }).code === 'ECONNREFUSED') return false
    throw new Error(`something answers at ${new URL(url).host} but not as the embedded Postgres: ${(err as Error).message}`)
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * DATABASE_URL, else the embedded Postgres under DATA_DIR: when a server
 * (npm start) already runs it on EMBEDDED_PG_PORT, connect to that one instead
 * of starting a second instance on the same data directory.
 */
export async function openDatabase(config: Config, log: (msg: string) => void = () => {}): Promise<OpenedDatabase> {
  const open = (url: string, source: OpenedDatabase['source'], stop: () => Promise<void>): OpenedDatabase => {
    const db = createDb(createPool(url, 4))
    return { db, url, source, close: async () => { await db.destroy(); await stop() } }
  }
  if (config.DATABASE_URL) return open(config.DATABASE_URL, 'DATABASE_URL', async () => {})
  const serverUrl = `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${config.EMBEDDED_PG_PORT}/postgres`
  if (await answers(serverUrl)) {
    log(`using the embedded PostgreSQL already running on 127.0.0.1:${config.EMBEDDED_PG_PORT}`)
    return open(await ensureDatabase(serverUrl, 'aqualedger'), 'embedded (already running)', async () => {})
  }
  const provisioned = await provisionDatabase(config, log)
  let stopped = false
  const stop = async () => { if (!stopped) { stopped = true; await provisioned.stop() } }
  // startEmbeddedPostgres drops the default signal handling: stop the server we started on Ctrl-C.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => { void stop().finally(() => process.exit(130)) })
  }
  return open(provisioned.url, 'embedded (started)', stop)
}

// ---- key:create ----------------------------------------------------------
