// Mercurius over the committed schema.graphql: the file is the contract.
import type { FastifyInstance } from 'fastify'
import mercurius from 'mercurius'
import { readFileSync } from 'node:fs'
import type { Db } from '../db/database.ts'
import type { Clock } from '../app/clock.ts'
import { GRAPHQL_SDL_PATH } from '../contract-files.ts'
import { scalars } from './scalars.ts'
import { resolvers } from './resolvers.ts'
import type { GqlContext } from './context.ts'

export async function registerGraphql(app: FastifyInstance, db: Db, clock: Clock): Promise<void> {
  const schema = readFileSync(GRAPHQL_SDL_PATH, 'utf8')
  const { resolvers: r, loaders } = resolvers()
  await app.register(mercurius, {
    schema,
    resolvers: { ...scalars, ...r } as any,
    loaders: loaders as any,
    graphiql: true,
    path: '/graphql',
    context: (request, reply): GqlContext => ({ db, clock, request, reply }),
  })
  app.get('/schema.graphql', async (_req, reply) => reply.type('text/plain; charset=utf-8').send(schema))
}
