// Registers RouteDefs on Fastify: authenticate, check scope, parse params,
// query and body with zod, run the handler (inside a transaction with its
// Idempotency-Key when one is sent), shape the reply.
import type { FastifyInstance } from 'fastify'
import { Transform } from 'node:stream'
import { createHash } from 'node:crypto'
import type { z } from 'zod'
import type { Db } from '../db/database.ts'
import type { Clock } from '../app/clock.ts'
import { hasAnyScope } from '../app/auth/principal.ts'
import { forbidden } from '../app/errors.ts'
import { parseInput } from '../app/validate.ts'
import { authenticate } from '../app/auth/authenticate.ts'
import { findStored, readIdempotencyKey, recordKey, requestHash, type StoredResponse } from '../app/idempotency/idempotency-keys.ts'
import type { RouteDef } from './route.ts'

// An absent part (no query string, no body) reads as {}; a JSON `null` body is
// something the caller sent, and no operation takes null, so the schema sees it
// and refuses it (a PATCH with `null` once answered 200 and touched the row).
function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  return schema ? parseInput(schema, value === undefined ? {} : value, where) : (undefined as T)
}

/** Thrown to roll back a write whose Idempotency-Key another request recorded first. */
class KeyTaken extends Error {}

export function registerRoutes(app: FastifyInstance, db: Db, clock: Clock, routes: RouteDef[]): void {
  for (const def of routes) {
    const options: Parameters<FastifyInstance['route']>[0] = {
      method: def.method,
      url: def.url,
      ...(def.bodyLimit ? { bodyLimit: def.bodyLimit } : {}),
      handler: async (request, reply) => {
        const principal = await authenticate(db, request)
        if (!hasAnyScope(principal, def.scopes)) throw forbidden(def.scopes.join(' or '))
        const params = parsePart(def.params, request.params, 'params')
        const query = parsePart(def.query, request.query, 'query')
        const body = def.rawBody ? request.body : parsePart(def.body, request.body, 'body')
        const key = def.method === 'POST' ? readIdempotencyKey(request.headers['idempotency-key']) : undefined

        const run = async (handlerDb: Db, bodyValue: unknown): Promise<StoredResponse> => {
          const result = await def.handler({ params, query, body: bodyValue, db: handlerDb, clock, principal, request, reply })
          return { statusCode: reply.statusCode === 200 ? def.response.status : reply.statusCode, body: result }
        }

        if (def.response.media) {
          // A file: the handler sets its type and name; it is never replayed from the idempotency store.
          const result = await def.handler({ params, query, body, db, clock, principal, request, reply })
          if (!reply.hasHeader('content-type')) reply.type(def.response.media[0]!)
          return reply.code(def.response.status).send(result)
        }
        if (!key || !def.idempotent) {
          const res = await run(db, body)
          return reply.code(res.statusCode).send(res.body)
        }
        const path = request.routeOptions.url ?? request.url
        let hash = def.rawBody ? undefined : requestHash(def.method, request.url, body)
        if (hash) {
          const stored = await findStored(db, principal.tenantId, key, hash)
          if (stored) return reply.header('idempotent-replayed', 'true').code(stored.statusCode).send(stored.body)
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
            if (!(await recordKey(trx, principal.tenantId, key, def.method, path, hash, out))) throw new KeyTaken()
            return out
          })
          return reply.header('idempotency-key', key).code(res.statusCode).send(res.body)
        } catch (err) {
          if (!(err instanceof KeyTaken)) throw err
          const stored = await findStored(db, principal.tenantId, key, hash!)
          return reply.header('idempotent-replayed', 'true').code(stored!.statusCode).send(stored!.body)
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
