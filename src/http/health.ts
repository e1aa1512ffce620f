import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { Db } from '../db/database.ts'

export function registerHealth(app: FastifyInstance, db: Db): void {
  app.get('/health/live', async () => ({ status: 'ok' }))
  app.get('/health/ready', async (_request, reply) => {
    try {
      await sql`select 1`.execute(db)
      return { status: 'ok', database: 'reachable' }
    } catch {
      return reply.code(503).type('application/problem+json').send({
        type: 'https://aqualedger.dev/problems/not-ready', title: 'Service Unavailable', status: 503,
        detail: 'the database is not reachable', code: 'not_ready',
      })
    }
  })
}
