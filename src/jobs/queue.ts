// The Postgres-backed job queue (graphile-worker) over our own pool: its
// schema is installed (and upgraded) by its own migrations at start-up; the
// workers run inside the API process by default (WORKER_CONCURRENCY=0 turns
// them off) and standalone with `node src/jobs/worker.ts`.
import { Logger, quickAddJob, run, runMigrations, runOnce } from 'graphile-worker'
import type { LogFunctionFactory, Runner } from 'graphile-worker'
import pg from 'pg'
import type { Db } from '../db/database.ts'
import { EVENTS_CHANNEL } from '../app/events/events.queries.ts'
import { kickEndpoints, NOTICES_TASK, SWEEP_TASK } from '../app/webhooks/webhooks.queries.ts'
import { taskList, type TaskOptions } from './tasks.ts'
import { OUTBOX_EMAIL_TASK } from '../app/customer-auth/outbox-sender.ts'
import { PRUNE_ATTEMPTS_TASK } from '../app/customer-auth/attempt-limits.ts'
import { PRUNE_EVENTS_TASK } from '../app/events/retention.ts'
import { COMPOSE_INVOICES_TASK } from '../app/invoices/compose-invoices.ts'

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
  /** webhook delivery settings and the clock that stamps webhook-timestamp */
  tasks?: TaskOptions
}

export async function startWorkers(pgPool: pg.Pool, db: Db, opts: WorkerOptions): Promise<Runner> {
  const runner = await run({ pgPool, concurrency: opts.concurrency, pollInterval: opts.pollInterval ?? 1000, noHandleSignals: opts.handleSignals === false,
    logger: logger(opts.log), taskList: taskList(db, opts.tasks),
    crontab: `* * * * * ${SWEEP_TASK}\n5 * * * * ${NOTICES_TASK}\n35 * * * * ${PRUNE_ATTEMPTS_TASK}\n45 * * * * ${PRUNE_EVENTS_TASK}\n15 * * * * ${COMPOSE_INVOICES_TASK}${opts.tasks?.mail ? `\n* * * * * ${OUTBOX_EMAIL_TASK}` : ''}` })
  // the outbox's e-mail written while the process was down goes out at start, not a minute later
  if (opts.tasks?.mail) await quickAddJob({ pgPool }, OUTBOX_EMAIL_TASK, {}, { jobKey: OUTBOX_EMAIL_TASK }).catch((err) => opts.log?.error({ err }, 'outbox e-mail kick failed'))
  const dispatcher = await startDispatcher(pgPool, db, opts.log)
  const stop = runner.stop.bind(runner)
  ;(runner as { stop: () => Promise<void> }).stop = async () => { await dispatcher.close(); await stop() }
  runner.promise.finally(() => dispatcher.close()).catch(() => {})
  return runner
}

/**
 * The webhook dispatcher: LISTENs for the NOTIFY that every event-writing
 * transaction sends at commit, and wakes the delivery jobs of that tenant's
 * endpoints (outside the writer's transaction, so writers never queue on a
 * job row). A notification lost to a crash is covered by the sweep: at start
 * and every minute (crontab) every enabled endpoint is woken; its cursor
 * knows what is pending.
 */
async function startDispatcher(pgPool: pg.Pool, db: Db, log: LogSink | undefined): Promise<{ close(): Promise<void> }> {
  // its own connection (not the pool's): LISTEN holds it for the process's life
  const client = new pg.Client((pgPool as unknown as { options: pg.ClientConfig }).options)
  await client.connect()
  const pending = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let closed = false
  const flush = async () => {
    timer = undefined
    const tenants = [...pending]
    pending.clear()
    for (const t of tenants) await kickEndpoints(db, t).catch((err) => log?.error({ err }, 'webhook dispatch failed'))
  }
  client.on('notification', (n) => {
    if (!n.payload || closed) return
    pending.add(n.payload)
    // a burst of commits (a bill run) wakes each tenant's endpoints once per 50 ms
    timer ??= setTimeout(() => { void flush() }, 50)
  })
  client.on('error', (err) => log?.error({ err }, 'webhook dispatcher connection failed'))
  await client.query(`listen ${EVENTS_CHANNEL}`)
  await kickEndpoints(db).catch((err) => log?.error({ err }, 'webhook sweep failed'))
  return {
    async close() {
      if (closed) return
      closed = true
      if (timer) clearTimeout(timer)
      await client.end().catch(() => {})
    },
  }
}

/** Runs every job that is due now, one after another, then returns (tests, the CLI's --once). */
export async function drainQueue(pgPool: pg.Pool, db: Db, log?: LogSink, tasks?: TaskOptions): Promise<void> {
  await runOnce({ pgPool, noHandleSignals: true, logger: logger(log), taskList: taskList(db, tasks) })
}
