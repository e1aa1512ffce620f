// Composition root: config → database (external or embedded) → migrations →
// bootstrap key → app → listen; on SIGINT/SIGTERM close the server, then the
// pool, then the embedded Postgres.
import closeWithGrace from 'close-with-grace'
import pino from 'pino'
import { loadConfig, webhookSettings } from './config.ts'
import { createDb, createPool } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'
import { provisionDatabase } from './db/provision.ts'
import { bootstrapIfEmpty } from './app/tenants/bootstrap.ts'
import { buildApp } from './app.ts'
import { installQueue, startWorkers } from './jobs/queue.ts'
import { configuredClock } from './app/clock.ts'

const config = loadConfig()
const clock = configuredClock(config.AQUALEDGER_NOW)
const log = pino({ level: config.LOG_LEVEL })

const database = await provisionDatabase(config, (m) => log.info(m))
const pool = createPool(database.url, config.DB_POOL_MAX)
const db = createDb(pool)
const applied = await migrateToLatest(db)
log.info({ applied }, applied.length ? 'migrations applied' : 'schema up to date')

const bootstrap = await bootstrapIfEmpty(db)
if (bootstrap) {
  // Printed once, to stdout, at the first start of an empty database.
  process.stdout.write(`\n  First start: created tenant "${bootstrap.tenantName}" (${bootstrap.tenantId}).\n` +
    `  Admin API key (shown once, store it now):\n\n    ${bootstrap.apiKey}\n\n` +
    `  More keys: npm run key:create -- --tenant ${bootstrap.tenantId} --scopes accounting\n\n`)
}

// The job queue's schema, and the bill-run workers in this process unless WORKER_CONCURRENCY=0.
await installQueue(pool, log)
const workers = config.WORKER_CONCURRENCY > 0
  ? await startWorkers(pool, db, { concurrency: config.WORKER_CONCURRENCY, log, handleSignals: false, tasks: { webhooks: webhookSettings(config), clock } })
  : undefined

const app = await buildApp({ db, config, clock })
closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'closing after an error')
  else app.log.info({ signal }, 'closing')
  await app.close()
  await workers?.stop()
  await db.destroy()
  await database.stop()
})
await app.listen({ port: config.PORT, host: config.HOST })
