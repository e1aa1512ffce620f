// Mercurius over the committed schema.graphql: the file is the contract.
// Limits (depth, cost, tokens, nesting), masked errors with extensions.code,
// optional introspection and Idempotency-Key on mutations are wired here.
import type { FastifyInstance } from 'fastify'
import mercurius from 'mercurius'
import { readFileSync } from 'node:fs'
import type { Db } from '../db/database.ts'
import type { Clock } from '../app/clock.ts'
import { assertStorableInput } from '../app/validate.ts'
import { GRAPHQL_SDL_PATH } from '../contract-files.ts'
import { scalars } from './scalars.ts'
import { resolvers } from './resolvers.ts'
import type { GqlContext } from './context.ts'
import { DEFAULT_ROUTE_SETTINGS, type RouteSettings } from '../app/settings.ts'
import { errorFormatter } from './errors.ts'
import { idempotentMutations } from './idempotent-mutations.ts'
import { forgetConsumptionAnswers } from '../app/consumption/answer-cache.ts'
import { checkCost, limitError, MAX_QUERY_DEPTH, MAX_QUERY_TOKENS, MAX_SOURCE_NESTING, refusal, sourceNesting, validationRules } from './limits.ts'

export interface GraphqlOptions {
  /** answer __schema/__type queries and serve GraphiQL (which needs them) */
  introspection: boolean
}

const mutating = new WeakSet<object>()

export async function registerGraphql(app: FastifyInstance, db: Db, clock: Clock, opts: GraphqlOptions = { introspection: true },
  settings: RouteSettings = DEFAULT_ROUTE_SETTINGS): Promise<void> {
  const schema = readFileSync(GRAPHQL_SDL_PATH, 'utf8')
  const { resolvers: r, loaders } = resolvers()
  await app.register(mercurius, {
    schema,
    resolvers: { ...scalars, ...r } as any,
    loaders: loaders as any,
    graphiql: opts.introspection,
    path: '/graphql',
    context: (request, reply): GqlContext => ({ db, clock, settings, request, reply }),
    queryDepth: MAX_QUERY_DEPTH,
    validationRules: validationRules(opts),
    graphql: { parseOptions: { maxTokens: MAX_QUERY_TOKENS } },
    errorFormatter,
    additionalRouteOptions: { preHandler: idempotentMutations(db, clock, settings) },
  })
  // Before parsing: graphql-js parses nested literals recursively, so a
  // 10,000-deep list would overflow the stack inside the parser.
  app.graphql.addHook('preParsing', async (_schema, source) => {
    if (sourceNesting(source) > MAX_SOURCE_NESTING) {
      throw refusal(limitError('query_too_deep', `the document nests brackets deeper than ${MAX_SOURCE_NESTING} levels`))
    }
  })
  // Variables obey the rule every input does (no NUL, no lone surrogate, bounded depth), whatever their declared type.
  app.graphql.addHook('preExecution', async (schema, document, context, variables) => {
    assertStorableInput(variables, 'variables')
    checkCost(schema, document, variables)
    if (document.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'mutation')) mutating.add(context)
  })
  // A mutation may change what a remembered consumption answer is made of:
  // this process forgets them before the answer goes out (answer-cache.ts).
  app.graphql.addHook('onResolution', async (_execution, context) => {
    if (mutating.delete(context)) forgetConsumptionAnswers()
  })
  app.get('/schema.graphql', async (_req, reply) => reply.type('text/plain; charset=utf-8').send(schema))
}
