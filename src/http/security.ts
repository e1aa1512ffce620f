// Security headers (helmet), CORS (@fastify/cors, off unless CORS_ORIGINS is
// set) and rate limits (@fastify/rate-limit): failed authentication per
// client address, and costly routes per API key.
//
// Libraries, not hand-written plumbing: helmet keeps the header set current
// (CSP, HSTS, COOP/CORP, nosniff, referrer policy…); @fastify/cors handles
// preflights and Vary correctly; @fastify/rate-limit brings the store (an LRU
// with TTLs), the counting and the x-ratelimit-* / retry-after headers.
//
// helmet itself, not @fastify/helmet: the Fastify wrapper builds helmet's
// middleware anew on every request (parsing the CSP each time) through two
// onRequest hooks, one of them async. Our headers are the same for every
// response (no nonces), so helmet computes them once at start and one
// callback hook copies them onto each reply.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import helmet, { type HelmetOptions } from 'helmet'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import { createHash } from 'node:crypto'
import { AppError } from '../app/errors.ts'
import { problemOf } from './problem.ts'

export interface SecurityOptions {
  /** comma-separated origins allowed by CORS, or '*'; empty = CORS off (no headers) */
  corsOrigins: string
  /** failed authentications (401) per client address and minute before it gets 429s; 0 = no limit */
  authFailuresPerMinute: number
  /** requests per API key (or client address) and minute to each costly route; 0 = no limit */
  costlyPerMinute: number
}

export const SECURITY_DEFAULTS: SecurityOptions = { corsOrigins: '', authFailuresPerMinute: 30, costlyPerMinute: 120 }

/**
 * Routes that cost a lot of CPU, memory or database time per call: bulk
 * intake, bill runs, calculations/recalculations, documents (PDF), exports.
 */
export function isCostlyRoute(method: string, url: string): boolean {
  if (url.startsWith('/v1/exports')) return true
  if (url.endsWith('/document') || url.endsWith('/documents')) return true
  if (method !== 'POST') return false
  return url === '/v1/readings/bulk' || url === '/v1/payments/bulk' || url === '/v1/bill-runs' ||
    url === '/v1/calculations' || url === '/v1/accounts/:id/recalculations'
}

const rateLimited = (request: FastifyRequest, seconds: number, what: string) => {
  const err = new AppError('rate_limited', 429, `${what}; retry in ${seconds} s`)
  err.retryAfter = seconds
  return problemOf(err, request.id, request.url.split('?')[0])
}

/** The credential a request presents, hashed (the limiter's store keeps no secrets), else its address. */
function callerKey(request: FastifyRequest): string {
  const header = request.headers.authorization ?? request.headers['x-api-key']
  if (typeof header !== 'string' || header === '') return `ip:${request.ip}`
  return `key:${createHash('sha256').update(header).digest('base64url').slice(0, 22)}`
}

/** The headers helmet's middleware sets, computed once: they do not depend on the request. */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const out: Record<string, string> = {}
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => { out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value) },
    removeHeader: (name: string) => { delete out[name.toLowerCase()] },
  }
  let failed: unknown
  helmet(options)({} as never, res as never, (err?: unknown) => { failed = err })
  if (failed) throw failed
  return out
}

export const securityPlugin = fp(async (app: FastifyInstance, opts: SecurityOptions) => {
  // ---- headers -------------------------------------------------------------
  // Two sets, each computed by helmet once. HTML pages (/docs, /graphiql) get
  // helmet's full set with a CSP that lets their self-hosted scripts run.
  // Everything else (JSON, PDF, CSV…) gets what matters for a response that
  // is not a page (OWASP REST Security cheat sheet): HSTS, nosniff, and a CSP
  // that allows nothing and forbids framing (frame-ancestors supersedes
  // X-Frame-Options). The page-only headers (COOP, CORP, Referrer-Policy,
  // Origin-Agent-Cluster, X-Frame-Options, X-DNS-Prefetch-Control,
  // X-Download-Options, X-Permitted-Cross-Domain-Policies, X-XSS-Protection)
  // would add ~300 bytes and their cost to every API answer (bench:edges).
  const pageHeaders = helmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      // Self-hosted only: the swagger UI and GraphiQL (its React/GraphiQL
      // bundles served from npm packages) need nothing from elsewhere.
      // Inline styles: both UIs set style attributes and graphiql.html has a <style>.
      // No upgrade-insecure-requests: plain-HTTP deployments (a LAN, loopback) keep working.
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  })
  const apiHeaders = helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginOpenerPolicy: false, crossOriginResourcePolicy: false, originAgentCluster: false, referrerPolicy: false,
    xDnsPrefetchControl: false, xDownloadOptions: false, xFrameOptions: false, xPermittedCrossDomainPolicies: false, xXssProtection: false,
  })
  // Which set a route gets is decided once, as it is declared.
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/') || route.url === '/graphiql' || route.url.startsWith('/graphiql/')) {
      route.config = { ...(route.config as object), pageHeaders: true } as RouteOptions['config']
    }
  })

  // Addresses over the failed-authentication limit, until when (filled below).
  const blockedUntil = new Map<string, number>()
  // performance.now(): a duration, not a business date
  const now = () => performance.now()
  // One callback hook on every request: the headers, then the block check.
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    reply.headers((request.routeOptions.config as { pageHeaders?: boolean }).pageHeaders ? pageHeaders : apiHeaders)
    if (blockedUntil.size === 0) return done()
    const until = blockedUntil.get(request.ip)
    if (until === undefined) return done()
    const left = until - now()
    if (left <= 0) { blockedUntil.delete(request.ip); return done() }
    const seconds = Math.max(1, Math.ceil(left / 1000))
    reply.code(429).header('retry-after', String(seconds)).type('application/problem+json')
      .send(rateLimited(request, seconds, `too many failed authentications from ${request.ip}`))
  })

  // ---- CORS ----------------------------------------------------------------
  const origins = opts.corsOrigins.split(',').map((o) => o.trim()).filter(Boolean)
  if (origins.length) {
    await app.register(cors, {
      origin: origins.includes('*') ? '*' : origins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'x-api-key', 'content-type', 'idempotency-key', 'if-match', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'location', 'etag', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
      maxAge: 600,
    })
  }

  // ---- rate limits ---------------------------------------------------------
  // The costly routes get a config.rateLimit as they are declared; this hook
  // must run before the plugin's own onRoute hook, so it is added first.
  if (opts.costlyPerMinute > 0) {
    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = ([] as string[]).concat(route.method)
      if (!methods.some((m) => isCostlyRoute(m, route.url))) return
      route.config = { ...(route.config as object), rateLimit: { max: opts.costlyPerMinute, timeWindow: 60_000, keyGenerator: callerKey } } as RouteOptions['config']
    })
  }

  // global: false: only the routes given a config.rateLimit (the costly ones)
  // carry the limiter's hook; the hot reads (balance) pay nothing for it.
  await app.register(rateLimit, {
    global: false,
    // Thrown by the plugin's hook: an AppError, so the problem handler answers
    // 429 problem+json (code rate_limited) with Retry-After, as REST errors do.
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000))
      const err = new AppError('rate_limited', 429, `too many requests to this route (${context.max} a minute per API key); retry in ${seconds} s`)
      err.retryAfter = seconds
      return err
    },
  })
  if (opts.authFailuresPerMinute > 0) {
    // Failed authentications are counted by the library's store (createRateLimit:
    // a fixed one-minute window per client address). Once an address is over the
    // limit, every request from it is answered 429 until the window ends,
    // before any key lookup (the database is spared too).
    const countFailure = app.createRateLimit({ max: opts.authFailuresPerMinute, timeWindow: 60_000, keyGenerator: (r) => r.ip })
    // onError, not onResponse: a failed authentication is a thrown 401
    // (unauthorized()), and answers that succeed pay nothing for the count.
    app.addHook('onError', (request: FastifyRequest, _reply: FastifyReply, error: unknown, done: () => void) => {
      const status = error instanceof AppError ? error.status : (error as { statusCode?: unknown }).statusCode
      if (status !== 401) return done()
      countFailure(request).then((r) => {
        if (!r.isAllowed && r.isExceeded) blockedUntil.set(request.ip, now() + r.ttl)
        // the map stays small: addresses whose block ended are dropped on their next request, or here
        if (blockedUntil.size > 10_000) for (const [ip, t] of blockedUntil) if (t <= now()) blockedUntil.delete(ip)
      }, () => {}).finally(done)
    })
  }
}, { name: 'aqualedger-security' })
