// Every resolver runs through guard(): authenticate, check scope, and map
// errors to extensions.code exactly as the REST problem handler does.
import type { FastifyRequest } from 'fastify'
import mercurius from 'mercurius'
import type { Db } from '../db/database.ts'
import type { Clock } from '../app/clock.ts'
import { hasAnyScope, type Principal, type Scope } from '../app/auth/principal.ts'
import { authenticate } from '../app/auth/authenticate.ts'
import { forbidden, toAppError } from '../app/errors.ts'

export interface GqlContext {
  db: Db
  clock: Clock
  request: FastifyRequest
  reply: unknown
}

export async function guard<T>(ctx: GqlContext, scopes: readonly Scope[], fn: (principal: Principal) => Promise<T>): Promise<T> {
  try {
    const principal = await authenticate(ctx.db, ctx.request)
    if (!hasAnyScope(principal, scopes)) throw forbidden(scopes.join(' or '))
    return await fn(principal)
  } catch (err) {
    const appErr = toAppError(err)
    if (!appErr) {
      ctx.request.log.error({ err }, 'unhandled GraphQL error')
      throw new mercurius.ErrorWithProps('an internal error occurred; quote the requestId when reporting it', { code: 'internal_error', requestId: ctx.request.id }, 500)
    }
    throw new mercurius.ErrorWithProps(appErr.message, {
      code: appErr.code, requestId: ctx.request.id, ...(appErr.issues?.length ? { errors: appErr.issues } : {}),
    }, appErr.status)
  }
}
