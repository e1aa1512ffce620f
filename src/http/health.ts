// Liveness and readiness. Readiness is false while the database cannot be
// reached, or while the embedded Postgres is being restarted by its
// supervisor. Probes are frequent: they log at debug, not info (buildApp
// leaves /health/* out of Fastify's request logging).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'
import { DATABASE_RETRY_AFTER_SECONDS } from '../app/errors.ts'

export const HEALTH_PREFIX = '/health/'

/** Why the database is not ready (e.g. "embedded PostgreSQL restarting"), or undefined when nothing says so. */
export type DatabaseStatus = () => string | undefined

const logAtDebug = (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
  request.log.debug({ url: request.url, statusCode: reply.statusCode, responseTime: reply.elapsedTime }, 'health probe')
  done()
}

export function registerHealth(app: FastifyInstance, db: Db, databaseStatus?: DatabaseStatus): void {
  app.get('/health/live', { onResponse: logAtDebug }, async () => ({ status: 'ok' }))
  app.get('/health/ready', { onResponse: logAtDebug }, async (_request, reply) => {
    const notReady = (detail: string) => reply.code(503).type('application/problem+json')
      .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)).send({
        type: 'https://aqualedger.dev/problems/not-ready', title: 'Service Unavailable', status: 503,
        detail, code: 'not_ready',
      })
    const down = databaseStatus?.()
    if (down) return notReady(down)
    try {
      await sql`select 1`.execute(db)
      return { status: 'ok', database: 'reachable' }
    } catch {
      return notReady('the database is not reachable')
    }
  })
}
