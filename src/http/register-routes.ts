// Registers RouteDefs on Fastify: authenticate, check scope, parse params,
// query and body with zod, run the handler (inside a transaction with its
// Idempotency-Key when one is sent), shape the reply.
import type { FastifyInstance } from 'fastify'
import { Transform } from 'node:stream'
import { createHash } from 'node:crypto'
import type { z } from 'zod'
import type { Db } from '../db/database.ts'
import type { Clock } from '../app/clock.ts'
import { accountsWith, hasAnyScope, roleCovers, type Principal } from '../app/auth/principal.ts'
import { AppError, forbidden, notFound, validationError } from '../app/errors.ts'
import { parseInput } from '../app/validate.ts'
import { authenticate, authenticateOperator, authenticateReadingGrant } from '../app/auth/authenticate.ts'
import { findStored, readIdempotencyKey, recordKey, requestHash, type StoredResponse } from '../app/idempotency/idempotency-keys.ts'
import type { RouteDef } from './route.ts'
import { forgetConsumptionAnswers } from '../app/consumption/answer-cache.ts'
import { DEFAULT_ROUTE_SETTINGS, type RouteSettings } from '../app/settings.ts'

// An absent part (no query string, no body) reads as {}; a JSON `null` body is
// something the caller sent, and no operation takes null, so the schema sees it
// and refuses it (a PATCH with `null` once answered 200 and touched the row).
function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  return schema ? parseInput(schema, value === undefined ? {} : value, where) : (undefined as T)
}

/**
 * A route that declares no body takes none: a body it would ignore (null, an
 * array, a deep document) is a client's mistake, refused with 400 before
 * anything is done. An empty object counts as no body.
 */
function noBody(value: unknown): undefined {
  if (value === undefined || (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)) return undefined
  throw validationError('this operation takes no request body', [{ path: 'body', message: 'not expected' }])
}

/** Thrown to roll back a write whose Idempotency-Key another request recorded first. */
class KeyTaken extends Error {}

const customersForbidden = () => new AppError('forbidden', 403, 'customer access tokens cannot call this operation')
const customersOnly = () => new AppError('forbidden', 403, 'this operation is for a signed-in customer (a customer access token)')
const roleTooWeak = (role: string) => new AppError('forbidden', 403, `your access to this account does not include ${role}`)

/**
 * Issue 10 §4, in one place: an API key needs a scope; a customer token needs
 * the route's customer declaration, and for an object, the object's account
 * among its own (else 404, the same answer as a nonexistent object).
 * Returns the accounts a list is limited to (customers only).
 */
async function admit(def: RouteDef, principal: Principal, db: Db, parts: { params: unknown; query: unknown; body: unknown }): Promise<readonly string[] | undefined> {
  const access = def.customer
  if (principal.kind === 'api_key') {
    if (access && 'self' in access) throw customersOnly()
    if (!hasAnyScope(principal, def.scopes)) throw forbidden(def.scopes.join(' or '))
    return undefined
  }
  if (!access) throw customersForbidden()
  if ('self' in access) return undefined
  const role = access.role ?? 'view'
  if ('list' in access) return accountsWith(principal, role)
  const resolved = await access.account({ ...parts, db, tenantId: principal.tenantId })
  const ids = resolved === undefined ? [] : typeof resolved === 'string' ? [resolved] : resolved
  const held = ids.map((id) => principal.accounts.get(id)).filter((r) => r !== undefined)
  if (held.length === 0) throw notFound(def.tags[0]?.toLowerCase().replace(/s$/, '') ?? 'object')
  if (!held.some((r) => roleCovers(r, role))) throw roleTooWeak(role)
  return undefined
}

async function forgetOnWrite(): Promise<void> {
  forgetConsumptionAnswers()
}

export function registerRoutes(app: FastifyInstance, db: Db, clock: Clock, routes: RouteDef[], settings: RouteSettings = DEFAULT_ROUTE_SETTINGS): void {
  for (const def of routes) {
    const options: Parameters<FastifyInstance['route']>[0] = {
      method: def.method,
      url: def.url,
      ...(def.bodyLimit ? { bodyLimit: def.bodyLimit } : {}),
      // A write may change what a remembered consumption answer is made of:
      // this process forgets them before the answer goes out (answer-cache.ts),
      // after the write's commit; other processes hear the commit's notice.
      ...(def.method !== 'GET' ? { onSend: forgetOnWrite } : {}),
      handler: async (request, reply) => {
        // A public route has no principal; its handler's type does not offer one (publicRoute()).
        // A grant route's caller is a reading grant, and nothing else (issue 10 §6).
        const grant = def.readingGrant ? await authenticateReadingGrant(db, clock, request) : undefined
        // An operator route has no tenant principal either: only the operator passes (issue 10 §7).
        if (def.operator) await authenticateOperator(db, clock, request)
        const open = def.public || def.readingGrant || def.operator
        const principal = open ? undefined as unknown as Principal : await authenticate(db, clock, request)
        // Closed to customers unless declared: refuse before parsing, like a missing scope.
        if (!open && (principal.kind === 'api_key' || !def.customer)) await admit(def, principal, db, { params: undefined, query: undefined, body: undefined })
        const params = parsePart(def.params, request.params, 'params')
        const query = parsePart(def.query, request.query, 'query')
        const body = def.rawBody ? request.body : def.body ? parsePart(def.body, request.body, 'body') : noBody(request.body)
        const accounts = !open && principal.kind === 'customer' ? await admit(def, principal, db, { params, query, body }) : undefined
        const key = def.method === 'POST' && !open ? readIdempotencyKey(request.headers['idempotency-key']) : undefined

        const run = async (handlerDb: Db, bodyValue: unknown): Promise<StoredResponse> => {
          const result = await def.handler({ params, query, body: bodyValue, db: handlerDb, clock, settings, principal, accounts, grant, request, reply })
          return { statusCode: reply.statusCode === 200 ? def.response.status : reply.statusCode, body: result }
        }

        if (def.response.media) {
          // A file: the handler sets its type and name; it is never replayed from the idempotency store.
          const result = await def.handler({ params, query, body, db, clock, settings, principal, accounts, grant, request, reply })
          if (!reply.hasHeader('content-type')) reply.type(def.response.media[0]!)
          return reply.code(def.response.status).send(result)
        }
        if (!key || !def.idempotent) {
          const res = await run(db, body)
          return reply.code(res.statusCode).send(res.body)
        }
        const path = request.routeOptions.url ?? request.url
        // Keys are stored per tenant; a customer's are set apart per customer user, so one
        // customer's key can never replay another's stored answer (issue 10 §4: 0 leaks).
        const storeKey = principal.kind === 'customer' ? `customer:${principal.customerUserId}:${key}` : key
        let hash = def.rawBody ? undefined : requestHash(def.method, request.url, body)
        if (hash) {
          const earlier = await findStored(db, principal.tenantId, storeKey, hash)
          if (earlier) return reply.header('idempotent-replayed', 'true').code(earlier.statusCode).send(earlier.body)
        }
        try {
          const res = await db.transaction().execute(async (trx) => {
            let bodyValue: unknown = body
            let hasher: ReturnType<typeof createHash> | undefined
            if (def.rawBody) {
              hasher = createHash('sha256').update(def.method).update('\0').update(request.url).update('\0')
              const h = hasher
              bodyValue = (body as NodeJS.ReadableStream).pipe(new Transform({
                transform(chunk, _enc, cb) { h.update(chunk); cb(null, chunk) },
              }))
            }
            const out = await run(trx, bodyValue)
            hash ??= hasher!.digest('hex')
            if (!(await recordKey(trx, principal.tenantId, storeKey, def.method, path, hash, out))) throw new KeyTaken()
            return out
          })
          return reply.header('idempotency-key', key).code(res.statusCode).send(res.body)
        } catch (err) {
          if (!(err instanceof KeyTaken)) throw err
          const earlier = await findStored(db, principal.tenantId, storeKey, hash!)
          return reply.header('idempotent-replayed', 'true').code(earlier!.statusCode).send(earlier!.body)
        }
      },
    }
    if (!def.rawBody) { app.route(options); continue }
    // A streamed body: in its own scope, the route's content types reach the
    // handler as the raw stream (a bulk JSON array is parsed as it arrives).
    const types = def.rawBody.contentTypes
    app.register(async (scope) => {
      for (const type of types) {
        if (scope.hasContentTypeParser(type)) scope.removeContentTypeParser(type)
        scope.addContentTypeParser(type, (_req, payload, done) => done(null, payload))
      }
      scope.route(options)
    })
  }
}
