// Every resolver runs through guard(): authenticate, check scope, and map
// errors to extensions.code exactly as the REST problem handler does.
// Customer access tokens are refused (403) unless the resolver opens itself
// to customers with customerGuard() (issue 10 §4: closed unless declared).
import type { FastifyRequest } from 'fastify'
import mercurius from 'mercurius'
import type { Db } from '../db/database.ts'
import type { Clock } from '../app/clock.ts'
import type { RouteSettings } from '../app/settings.ts'
import { accountsWith, hasAnyScope, roleCovers, type ApiKeyPrincipal, type CustomerPrincipal, type CustomerRole, type Principal, type Scope } from '../app/auth/principal.ts'
import { authenticate } from '../app/auth/authenticate.ts'
import { AppError, forbidden, notFound, toAppError } from '../app/errors.ts'

export interface GqlContext {
  db: Db
  clock: Clock
  settings: RouteSettings
  request: FastifyRequest
  reply: unknown
}

export function asGraphqlError(ctx: GqlContext, err: unknown): Error {
  const appErr = toAppError(err)
  if (!appErr) {
    ctx.request.log.error({ err }, 'unhandled GraphQL error')
    return new mercurius.ErrorWithProps('an internal error occurred; quote the requestId when reporting it', { code: 'internal_error', requestId: ctx.request.id }, 500)
  }
  return new mercurius.ErrorWithProps(appErr.message, {
    code: appErr.code, requestId: ctx.request.id, ...(appErr.issues?.length ? { errors: appErr.issues } : {}),
  }, appErr.status)
}

const customersForbidden = () => new AppError('forbidden', 403, 'customer access tokens cannot call this operation')

export async function guard<T>(ctx: GqlContext, scopes: readonly Scope[], fn: (principal: ApiKeyPrincipal) => Promise<T>): Promise<T> {
  try {
    const principal = await authenticate(ctx.db, ctx.clock, ctx.request)
    if (principal.kind === 'customer') throw customersForbidden()
    if (!hasAnyScope(principal, scopes)) throw forbidden(scopes.join(' or '))
    return await fn(principal)
  } catch (err) {
    throw asGraphqlError(ctx, err)
  }
}

/** Who a customer-open resolver serves: the same use-case for an API key (whole tenant) or a customer (its accounts). */
export interface Scoped {
  principal: Principal
  tenantId: string
  /** the accounts the caller is limited to: undefined for API keys */
  accounts: readonly string[] | undefined
  /** a customer must hold this account (else not_found, like a nonexistent one); API keys pass */
  requireAccount(accountId: string | undefined, role?: CustomerRole): void
}

export function scopedFor(principal: Principal, role: CustomerRole = 'view'): Scoped {
  const customer = principal.kind === 'customer' ? principal : undefined
  return {
    principal, tenantId: principal.tenantId, accounts: customer ? accountsWith(customer, role) : undefined,
    requireAccount(accountId, needed = role) {
      if (!customer) return
      const held = accountId === undefined ? undefined : customer.accounts.get(accountId)
      if (held === undefined) throw notFound('account')
      if (!roleCovers(held, needed)) throw new AppError('forbidden', 403, `your access to this account does not include ${needed}`)
    },
  }
}

/** A resolver open to API keys with `scopes` and to customers, who see only their accounts' objects (held with at least `role`). */
export async function customerGuard<T>(ctx: GqlContext, scopes: readonly Scope[], fn: (s: Scoped) => Promise<T>, role: CustomerRole = 'view'): Promise<T> {
  try {
    const principal = await authenticate(ctx.db, ctx.clock, ctx.request)
    if (principal.kind === 'api_key' && !hasAnyScope(principal, scopes)) throw forbidden(scopes.join(' or '))
    return await fn(scopedFor(principal, role))
  } catch (err) {
    throw asGraphqlError(ctx, err)
  }
}

/** A resolver for the signed-in customer only (`me`): API keys get 403. */
export async function selfGuard<T>(ctx: GqlContext, fn: (p: CustomerPrincipal) => Promise<T>): Promise<T> {
  try {
    const principal = await authenticate(ctx.db, ctx.clock, ctx.request)
    if (principal.kind !== 'customer') throw new AppError('forbidden', 403, 'this operation is for a signed-in customer (a customer access token)')
    return await fn(principal)
  } catch (err) {
    throw asGraphqlError(ctx, err)
  }
}
