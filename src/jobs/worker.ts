// A standalone worker process: `node src/jobs/worker.ts` joins the API's
// workers on the same database (several processes, or machines, share a run).
// WORKER_CONCURRENCY jobs at a time (at least 1 here).
import pino from 'pino'
import { loadConfig, mailSettings, webhookSettings } from '../config.ts'
import { configuredClock } from '../app/clock.ts'
import { createDb, createPool } from '../db/database.ts'
import { openDatabase } from '../cli/open-database.ts'
import { installQueue, startWorkers } from './queue.ts'

const config = loadConfig()
const log = pino({ level: config.LOG_LEVEL })
const opened = await openDatabase(config, (m) => log.info(m))
const concurrency = Math.max(1, config.WORKER_CONCURRENCY)
const pool = createPool(opened.url, concurrency + 2)
const db = createDb(pool)
await installQueue(pool, log)
const runner = await startWorkers(pool, db, { concurrency, log, tasks: { webhooks: webhookSettings(config), mail: mailSettings(config), clock: configuredClock(config.AQUALEDGER_NOW) } })
log.info({ concurrency }, 'worker started')
await runner.promise
await db.destroy()
await opened.close()
