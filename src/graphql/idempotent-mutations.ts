// Idempotency-Key on GraphQL mutations, as on REST POSTs
// (src/http/register-routes.ts): the key is recorded in the transaction the
// mutation's writes run in, and a repeat with the same document and
// variables replays the stored answer. A mutation sent with a key runs as one
// transaction: when any field fails, all its writes are rolled back and the
// key is not spent, so the caller can retry with the same key.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { getOperationAST, parse, type ExecutionResult } from 'graphql'
import type { Clock } from '../app/clock.ts'
import type { Db } from '../db/database.ts'
import { authenticate } from '../app/auth/authenticate.ts'
import { assertStorableInput } from '../app/validate.ts'
import { findStored, readIdempotencyKey, recordKey, requestHash, type StoredResponse } from '../app/idempotency/idempotency-keys.ts'
import type { GqlContext } from './context.ts'
import type { RouteSettings } from '../app/settings.ts'
import { MAX_QUERY_TOKENS, MAX_SOURCE_NESTING, sourceNesting } from './limits.ts'

interface GqlBody { query?: unknown; variables?: unknown; operationName?: unknown }

/** Thrown to roll back a write whose Idempotency-Key another request recorded first. */
class KeyTaken extends Error {}
/** Thrown to roll back a mutation that answered errors. */
class Failed extends Error {
  readonly statusCode: number
  readonly result: ExecutionResult
  constructor(statusCode: number, result: ExecutionResult) { super('mutation failed'); this.statusCode = statusCode; this.result = result }
}

/** Whether the operation to run is a mutation; undefined for a document Mercurius will refuse anyway. */
function isMutation(query: string, operationName: unknown): boolean {
  if (sourceNesting(query) > MAX_SOURCE_NESTING) return false
  try {
    const op = getOperationAST(parse(query, { maxTokens: MAX_QUERY_TOKENS }), typeof operationName === 'string' ? operationName : undefined)
    return op?.operation === 'mutation'
  } catch {
    return false
  }
}

/** A route preHandler for /graphql: answers keyed mutations itself; anything else goes on to Mercurius. */
export function idempotentMutations(db: Db, clock: Clock, settings: RouteSettings) {
  return async function preHandler(request: FastifyRequest, reply: FastifyReply) {
    if (request.method !== 'POST' || request.headers['idempotency-key'] === undefined) return
    const presented = readIdempotencyKey(request.headers['idempotency-key'])!
    const body = request.body as GqlBody | null
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof body.query !== 'string') return
    const { query, operationName } = body
    if (!isMutation(query, operationName)) return
    const variables = (body.variables ?? undefined) as Record<string, unknown> | undefined
    const principal = await authenticate(db, clock, request)
    // A customer's keys are set apart per customer user: no one replays another's answer (issue 10 §4).
    const key = principal.kind === 'customer' ? `customer:${principal.customerUserId}:${presented}` : presented
    assertStorableInput(variables, 'variables')
    const hash = requestHash('POST', '/graphql', { query, variables: variables ?? null, operationName: operationName ?? null })
    const replay = (stored: StoredResponse) => reply.header('idempotent-replayed', 'true').code(stored.statusCode).send(stored.body)
    const stored = await findStored(db, principal.tenantId, key, hash)
    if (stored) return replay(stored)
    try {
      const res = await db.transaction().execute(async (trx) => {
        const context: GqlContext = { db: trx, clock, settings, request, reply }
        const result = await reply.graphql(query, context as never, variables, typeof operationName === 'string' ? operationName : undefined)
        if (result.errors?.length) throw new Failed(reply.statusCode, result)
        const out = { statusCode: reply.statusCode, body: result }
        if (!(await recordKey(trx, principal.tenantId, key, 'POST', '/graphql', hash, out))) throw new KeyTaken()
        return out
      })
      return reply.header('idempotency-key', presented).code(res.statusCode).send(res.body)
    } catch (err) {
      // Rolled back: what the fields answered before the failure was not kept.
      if (err instanceof Failed) return reply.code(err.statusCode).send({ data: null, errors: err.result.errors })
      if (!(err instanceof KeyTaken)) throw err
      return replay((await findStored(db, principal.tenantId, key, hash))!)
    }
  }
}
