// Serves the committed contract files as they are: openapi.yaml (and a docs
// UI over it). The GraphQL SDL is served by the GraphQL plugin.
import type { FastifyInstance } from 'fastify'
import { readFileSync } from 'node:fs'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

import { OPENAPI_PATH, PROJECT_ROOT } from '../contract-files.ts'

export async function registerContracts(app: FastifyInstance): Promise<void> {
  const yaml = readFileSync(OPENAPI_PATH, 'utf8')
  app.get('/openapi.yaml', async (_req, reply) => reply.type('application/yaml; charset=utf-8').send(yaml))
  await app.register(swagger, { mode: 'static', specification: { path: OPENAPI_PATH, baseDir: PROJECT_ROOT } })
  await app.register(swaggerUi, { routePrefix: '/docs' })
}
