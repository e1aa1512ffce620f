// `node src/jobs/worker.ts` as a child process on a given database, to be
// killed with SIGKILL mid-run. Every process spawned here is remembered, so a
// failing test still kills them all (killAll, from t.teardown).
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const spawned = new Set<ChildProcess>()
// Last resort when the process ends without teardown: no worker outlives it.
process.once('exit', () => { for (const p of spawned) try { p.kill('SIGKILL') } catch { /* gone */ } })

export interface WorkerProcess {
  pid: number
  /** stdout and stderr so far (its warnings and errors), for failure messages */
  output(): string
  exited(): boolean
  /** resolves when the process has exited (at once if it has) */
  exit(): Promise<void>
  kill(signal: NodeJS.Signals): void
}

export function spawnWorker(databaseUrl: string, concurrency = 2): WorkerProcess {
  // Without tap's NODE_OPTIONS (its process-info loader): a plain worker as in production.
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, WORKER_CONCURRENCY: String(concurrency), LOG_LEVEL: 'warn' }
  delete env.NODE_OPTIONS
  const p = spawn(process.execPath, ['src/jobs/worker.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  if (!p.pid) throw new Error('could not spawn the worker')
  spawned.add(p)
  let out = ''
  const keep = (b: Buffer) => { out = (out + b.toString('utf8')).slice(-20_000) }
  p.stdout!.on('data', keep)
  p.stderr!.on('data', keep)
  const exited = () => p.exitCode !== null || p.signalCode !== null
  const exit = new Promise<void>((resolve) => p.once('exit', () => { spawned.delete(p); resolve() }))
  return { pid: p.pid, output: () => out, exited, exit: () => exit, kill: (signal) => { if (!exited()) p.kill(signal) } }
}

export async function killAll(): Promise<void> {
  const exits = [...spawned].map((p) => new Promise<void>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve()
    p.once('exit', () => resolve())
    p.kill('SIGKILL')
  }))
  await Promise.all(exits)
  spawned.clear()
}
