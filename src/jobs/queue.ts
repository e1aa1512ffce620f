// The Postgres-backed job queue (graphile-worker) over our own pool: its
// schema is installed (and upgraded) by its own migrations at start-up; the
// workers run inside the API process by default (WORKER_CONCURRENCY=0 turns
// them off) and standalone with `node src/jobs/worker.ts`.
import { Logger, run, runMigrations, runOnce } from 'graphile-worker'
import type { LogFunctionFactory, Runner } from 'graphile-worker'
import type pg from 'pg'
import type { Db } from '../db/database.ts'
import { taskList } from './tasks.ts'

export interface LogSink {
  error(obj: object, msg: string): void
  warn(obj: object, msg: string): void
  info(obj: object, msg: string): void
  debug(obj: object, msg: string): void
}

function logger(log: LogSink | undefined): Logger {
  const factory: LogFunctionFactory = (scope) => (level, message, meta) => {
    if (!log) { if (level === 'error') console.error(message); return }
    const ctx = { ...scope, ...meta }
    if (level === 'error') log.error(ctx, message)
    else if (level === 'warning') log.warn(ctx, message)
    else if (level === 'info') log.info(ctx, message)
    else log.debug(ctx, message)
  }
  return new Logger(factory)
}

/** Installs or upgrades the queue's schema (graphile_worker); safe to call from several processes at once. */
export async function installQueue(pgPool: pg.Pool, log?: LogSink): Promise<void> {
  await runMigrations({ pgPool, logger: logger(log) })
}

export interface WorkerOptions {
  concurrency: number
  pollInterval?: number
  log?: LogSink
  /** false: the caller handles SIGINT/SIGTERM (the API's close-with-grace) */
  handleSignals?: boolean
}

export async function startWorkers(pgPool: pg.Pool, db: Db, opts: WorkerOptions): Promise<Runner> {
  return run({ pgPool, concurrency: opts.concurrency, pollInterval: opts.pollInterval ?? 1000, noHandleSignals: opts.handleSignals === false,
    logger: logger(opts.log), taskList: taskList(db) })
}

/** Runs every job that is due now, one after another, then returns (tests, the CLI's --once). */
export async function drainQueue(pgPool: pg.Pool, db: Db, log?: LogSink): Promise<void> {
  await runOnce({ pgPool, noHandleSignals: true, logger: logger(log), taskList: taskList(db) })
}
