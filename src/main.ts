// Composition root: config → database (external or embedded, supervised) →
// migrations → bootstrap key → app → listen; on SIGINT/SIGTERM (or when the
// parent process that started us goes away) close the server, then the
// pool, then the embedded Postgres.
import closeWithGrace from 'close-with-grace'
import pino from 'pino'
import { loadConfig, mailSettings, webhookSettings } from './config.ts'
import { createDb, createPool } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'
import { provisionDatabase, StartupError, type ProvisionedDatabase } from './db/provision.ts'
import { bootstrapIfEmpty } from './app/tenants/bootstrap.ts'
import { buildApp } from './app.ts'
import { installQueue, startWorkers } from './jobs/queue.ts'
import { configuredClock } from './app/clock.ts'

/** A configuration problem is one line on stderr and exit code 1, not a stack. */
function fail(message: string): never {
  process.stderr.write(`aqualedger: ${message}\n`)
  process.exit(1)
}

let config
try {
  config = loadConfig()
} catch (err) {
  fail((err as Error).message)
}
const clock = configuredClock(config.AQUALEDGER_NOW)
const log = pino({ level: config.LOG_LEVEL })

let database: ProvisionedDatabase
try {
  database = await provisionDatabase(config, (m) => log.info(m))
} catch (err) {
  if (err instanceof StartupError) fail(err.message)
  throw err
}
const pool = createPool(database.url, config.DB_POOL_MAX, config.DB_CONNECT_TIMEOUT_MS)
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
  ? await startWorkers(pool, db, { concurrency: config.WORKER_CONCURRENCY, log, handleSignals: false, tasks: { webhooks: webhookSettings(config), mail: mailSettings(config), clock, eventsRetentionDays: config.EVENTS_RETENTION_DAYS } })
  : undefined

const app = await buildApp({ db, config, clock, pool, databaseStatus: database.status })
const closer = closeWithGrace({ delay: 10_000 }, async ({ signal, err, manual }: { signal?: string; err?: Error; manual?: boolean }) => {
  if (err) app.log.error({ err }, 'closing after an error')
  else app.log.info({ signal, parentGone: manual ?? false }, 'closing')
  await app.close()
  await workers?.stop()
  await db.destroy()
  await database.stop()
})

// Started by a wrapper (npm start, a shell) that is killed without passing the
// signal on: when our parent goes away we are re-parented; stop as on SIGTERM
// rather than keep serving (and keep the embedded Postgres) unsupervised.
const parent = process.ppid
if (parent > 1) {
  setInterval(() => {
    if (process.ppid === parent) return
    log.warn({ parent }, 'the parent process is gone: closing')
    closer.close()
  }, 1000).unref()
}

await app.listen({ port: config.PORT, host: config.HOST })
