// Serves the committed contract files as they are: openapi.yaml (and a docs
// UI over it). The GraphQL SDL is served by the GraphQL plugin.
import type { FastifyInstance } from 'fastify'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

export const OPENAPI_PATH = fileURLToPath(new URL('../../openapi.yaml', import.meta.url))
export const GRAPHQL_SDL_PATH = fileURLToPath(new URL('../../schema.graphql', import.meta.url))

export async function registerContracts(app: FastifyInstance): Promise<void> {
  const yaml = readFileSync(OPENAPI_PATH, 'utf8')
  app.get('/openapi.yaml', async (_req, reply) => reply.type('application/yaml; charset=utf-8').send(yaml))
  await app.register(swagger, { mode: 'static', specification: { path: OPENAPI_PATH, baseDir: fileURLToPath(new URL('../..', import.meta.url)) } })
  await app.register(swaggerUi, { routePrefix: '/docs' })
}
