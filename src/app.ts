// Builds the Fastify app: the composition of plugins and routes. No port,
// no process signals: main.ts starts it; tests call inject().
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import { randomUUID } from 'node:crypto'
import type { Config } from './config.ts'
import type { RouteSettings } from './app/settings.ts'
import type { Db } from './db/database.ts'
import { authPlugin } from './http/auth.ts'
import { operatorCredential } from './app/auth/operator.ts'
import { problemServerOptions, registerProblemHandlers } from './http/problem.ts'
import { registerRoutes } from './http/register-routes.ts'
import { registerHealth } from './http/health.ts'
import { registerContracts } from './http/contracts.ts'
import { restRoutes } from './http/rest/index.ts'
import { registerGraphql } from './graphql/plugin.ts'
import type { Clock } from './app/clock.ts'
import { securityPlugin, SECURITY_DEFAULTS } from './http/security.ts'
import { metricsPlugin } from './http/metrics.ts'
import { graphiqlAssetsPlugin } from './http/graphiql-assets.ts'
import { HEALTH_PREFIX, type DatabaseStatus } from './http/health.ts'
import type pg from 'pg'
import { principalCacheOf } from './app/customer-auth/principal-cache.ts'
import { holdChangeListener } from './db/change-listener.ts'
import { apiKeysRemembered } from './app/auth/api-keys.ts'
import { consumptionCacheOf, DEFAULT_CONSUMPTION_CACHE_ENTRIES } from './app/consumption/answer-cache.ts'

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: { method: string; url: string }[]
  }
}

export interface AppOptions {
  db: Db
  config: Pick<Config, 'LOG_LEVEL' | 'BODY_LIMIT_BYTES' | 'BULK_BODY_LIMIT_BYTES'> & Partial<Pick<Config, 'NODE_ENV' | 'GRAPHQL_INTROSPECTION'>>
    // security and metrics settings: the defaults of src/config.ts when absent
    & Partial<Pick<Config, 'CORS_ORIGINS' | 'RATE_LIMIT_AUTH_FAILURES' | 'RATE_LIMIT_COSTLY' | 'METRICS_ENABLED' | 'METRICS_TOKEN' | 'WEBHOOK_ALLOW_PRIVATE'>>
    // the platform operator (issue 10 §7): absent, no operator credential works
    & Partial<Pick<Config, 'AQUALEDGER_OPERATOR_TOKEN_SHA256'>>
    // behind a load balancer: whose X-Forwarded-For gives the client's address
    & Partial<Pick<Config, 'TRUST_PROXY'>>
    // consumption answers remembered per process (answer-cache.ts)
    & Partial<Pick<Config, 'CONSUMPTION_CACHE_ENTRIES'>>
  /** the one source of "now" (src/app/clock.ts): the system clock in production, a pinned one in tests */
  clock: Clock
  /** the pool under db, for the pool gauges of /metrics */
  pool?: pg.Pool
  /** why the database is down (embedded Postgres restarting), for readiness */
  databaseStatus?: DatabaseStatus
  /** where JSON log lines go (stdout by default) */
  logStream?: NodeJS.WritableStream
}

export const REDACT = ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', '*.apiKey', '*.password', '*.secret']

export async function buildApp({ db, config, clock, logStream, pool, databaseStatus }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.LOG_LEVEL, redact: { paths: REDACT, censor: '[redacted]' }, ...(logStream ? { stream: logStream } : {}),
      serializers: { req: (req) => ({ method: req.method, url: req.url, headers: req.headers, remoteAddress: req.ip }) } },
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Numbers outside the safe range or 1e400 are not silently rounded: the
    // zod decimal schema refuses them.
    routerOptions: { ignoreTrailingSlash: true },
    ...(config.TRUST_PROXY !== undefined ? { trustProxy: config.TRUST_PROXY } : {}),
    // URL, header and HTTP-parser errors answer problem+json like every other error.
    ...problemServerOptions,
    // Health probes are frequent: health.ts logs them at debug instead.
    logController: new LogController({ disableRequestLogging: (req) => req.url.startsWith(HEALTH_PREFIX) }),
  })
  // Every registered route, for the contract test (documented ⇔ served).
  const registeredRoutes: { method: string; url: string }[] = []
  app.decorate('registeredRoutes', registeredRoutes)
  app.addHook('onRoute', (r) => {
    for (const method of ([] as string[]).concat(r.method)) registeredRoutes.push({ method, url: r.url })
  })
  // Callback style, not async: this runs on every reply, and an async hook costs a promise and a microtask each time.
  app.addHook('onSend', (request, reply, payload, done) => { reply.header('x-request-id', request.id); done(null, payload) })
  // NDJSON bodies are handed to the route as a stream (bulk readings).
  app.addContentTypeParser('application/x-ndjson', (_req, payload, done) => done(null, payload))
  await app.register(authPlugin, { operator: operatorCredential(config.AQUALEDGER_OPERATOR_TOKEN_SHA256) })
  registerProblemHandlers(app)
  // Before the routes: their onRoute hooks attach rate limits, counters and the GraphiQL assets as routes are declared.
  await app.register(securityPlugin, {
    corsOrigins: config.CORS_ORIGINS ?? SECURITY_DEFAULTS.corsOrigins,
    authFailuresPerMinute: config.RATE_LIMIT_AUTH_FAILURES ?? SECURITY_DEFAULTS.authFailuresPerMinute,
    costlyPerMinute: config.RATE_LIMIT_COSTLY ?? SECURITY_DEFAULTS.costlyPerMinute,
  })
  if (config.METRICS_ENABLED ?? true) await app.register(metricsPlugin, { db, pool, token: config.METRICS_TOKEN })
  await app.register(graphiqlAssetsPlugin)
  registerHealth(app, db, databaseStatus)
  await registerContracts(app)
  // the handlers' deployment settings, explicit (RouteContext.settings, GqlContext.settings)
  const settings: RouteSettings = { webhookAllowPrivate: config.WEBHOOK_ALLOW_PRIVATE ?? false }
  // API keys (api-keys.ts), customer principals (principal-cache.ts, issue 10) and consumption answers
  // (answer-cache.ts, issue 12) are remembered while this app hears their changes on the Db's change listener
  apiKeysRemembered(db)
  principalCacheOf(db)
  consumptionCacheOf(db).setMaxEntries(config.CONSUMPTION_CACHE_ENTRIES ?? DEFAULT_CONSUMPTION_CACHE_ENTRIES)
  const releaseChangeListener = holdChangeListener(db)
  app.addHook('onClose', async () => { await releaseChangeListener() })
  // ready once the listener hears (normally milliseconds), so the first requests are already remembered; never blocks for long
  app.addHook('onReady', async () => { await principalCacheOf(db).whenLive(2_000) })
  registerRoutes(app, db, clock, restRoutes, settings)
  await registerGraphql(app, db, clock, { introspection: config.GRAPHQL_INTROSPECTION ?? config.NODE_ENV !== 'production' }, settings)
  return app
}
