// One declaration per REST operation: the server registers it, and
// scripts/generate-openapi.ts writes openapi.yaml from the same list, so the
// contract and the code cannot drift apart silently.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Db } from '../db/database.ts'
import type { CustomerRole, Principal, Scope } from '../app/auth/principal.ts'
import type { Clock } from '../app/clock.ts'
import type { RouteSettings } from '../app/settings.ts'
import type { ReadingGrantHolder } from '../app/customer-auth/reading-grant.ts'

export interface RouteContext<P, Q, B> {
  params: P
  query: Q
  body: B
  db: Db
  /** the app's clock: handlers never read the wall clock themselves */
  clock: Clock
  settings: RouteSettings
  principal: Principal
  /**
   * The accounts a list must be limited to: a customer's (with the role the
   * route's `customer.list` needs), undefined for API keys (the whole tenant).
   */
  accounts: readonly string[] | undefined
  /** on `readingGrant` routes: the verified grant (then `principal` is not set) */
  grant?: ReadingGrantHolder
  request: FastifyRequest
  reply: FastifyReply
}

/** What a customer-access rule sees: the parsed request and the caller's tenant. */
export interface AccessContext<P, Q, B> { params: P; query: Q; body: B; db: Db; tenantId: string }

/**
 * Whether customer access tokens may call a route (issue 10 §4), enforced in
 * register-routes.ts. Absent: closed to customers (403), so a new route cannot
 * leak by forgetting it.
 * - `account`: the object hangs from this account (or any of these); a
 *   customer holding it with `role` (default view) is admitted, one that does
 *   not hold it gets 404, exactly like a nonexistent object.
 * - `list`: a list the handler limits to `ctx.accounts` (the customer's).
 * - `self`: about the signed-in customer (/v1/me…): customers only, API keys get 403.
 */
export type CustomerAccess<P, Q, B> =
  | { account: (ctx: AccessContext<P, Q, B>) => string | readonly string[] | undefined | Promise<string | readonly string[] | undefined>; role?: CustomerRole }
  | { list: true; role?: CustomerRole }
  | { self: true }

export interface RouteDef<P = any, Q = any, B = any> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  url: string
  operationId: string
  summary: string
  description?: string
  tags: string[]
  /** any of these scopes admits an API key; admin always does (not on `customer: { self }` or `public` routes) */
  scopes: Scope[]
  /** customer access tokens: closed unless declared (see CustomerAccess) */
  customer?: CustomerAccess<P, Q, B>
  /**
   * No credential: the tenant is in the path (/v1/tenants/:tenantId/customer-auth/…),
   * for the customer's registration and sign-in, and the JWKS. The handler's
   * `principal` is not set.
   */
  public?: true
  /**
   * Only a reading grant (issue 10 §6, `aqg_…` from POST /v1/tenants/:tenantId/reading-grants)
   * calls it; API keys and customer tokens get 403. See grantRoute().
   */
  readingGrant?: true
  /**
   * The platform operator's credential only (issue 10 §7, /v1/platform/…):
   * tenant keys and customers get 403. The handler's `principal` is not set;
   * an idempotent operator write reads its Idempotency-Key itself (there is
   * no tenant to file it under).
   */
  operator?: true
  params?: z.ZodType<P>
  query?: z.ZodType<Q>
  body?: z.ZodType<B>
  /** request body read as a stream (NDJSON bulk uploads): no JSON body schema */
  rawBody?: { contentTypes: string[]; description: string }
  /**
   * A JSON body described by `schema`, or a file (`media`: PDF, CSV, XLSX,
   * ZIP …) that the handler returns as a Buffer or a stream, after setting
   * content-type and content-disposition on the reply (default: media[0]).
   */
  response: { status: number; description: string } & ({ schema: z.ZodType; media?: never } | { media: string[]; schema?: never })
  /** extra documented error statuses beyond the common ones */
  errors?: number[]
  /** body size limit for this route in bytes */
  bodyLimit?: number
  /** the write is run in one transaction with its Idempotency-Key record */
  idempotent?: boolean
  /** one example (`request`, `response`), or several by name (`named`: OpenAPI `examples`) */
  examples?: { request?: unknown; response?: unknown; named?: Record<string, { summary: string; request: unknown; response: unknown }> }
  handler(ctx: RouteContext<P, Q, B>): Promise<unknown>
}

export function route<P = unknown, Q = unknown, B = unknown>(def: RouteDef<P, Q, B>): RouteDef<P, Q, B> {
  return def
}

/** A route that takes no credential: its handler has no principal to read. */
export function publicRoute<P = unknown, Q = unknown, B = unknown>(
  def: Omit<RouteDef<P, Q, B>, 'scopes' | 'public' | 'customer' | 'handler'> & { handler(ctx: Omit<RouteContext<P, Q, B>, 'principal' | 'accounts'>): Promise<unknown> },
): RouteDef<P, Q, B> {
  return { ...def, scopes: [], public: true }
}

/** A route for the bearer of a reading grant alone: its handler gets `grant`, no principal. */
export function grantRoute<P = unknown, Q = unknown, B = unknown>(
  def: Omit<RouteDef<P, Q, B>, 'scopes' | 'public' | 'customer' | 'readingGrant' | 'handler'> & { handler(ctx: Omit<RouteContext<P, Q, B>, 'principal' | 'accounts' | 'grant'> & { grant: ReadingGrantHolder }): Promise<unknown> },
): RouteDef<P, Q, B> {
  return { ...def, scopes: [], readingGrant: true, handler: (ctx) => def.handler({ ...ctx, grant: ctx.grant! }) }
}

/** A route for the platform operator only: its handler has no tenant principal. */
export function operatorRoute<P = unknown, Q = unknown, B = unknown>(
  def: Omit<RouteDef<P, Q, B>, 'scopes' | 'public' | 'customer' | 'operator' | 'handler'> & { handler(ctx: Omit<RouteContext<P, Q, B>, 'principal' | 'accounts'>): Promise<unknown> },
): RouteDef<P, Q, B> {
  return { ...def, scopes: [], operator: true }
}

/** What kind of caller may call a route, for the authorization matrix and the contract. */
export function customerAccessOf(def: RouteDef): 'none' | 'account' | 'list' | 'self' {
  const c = def.customer
  return !c ? 'none' : 'account' in c ? 'account' : 'list' in c ? 'list' : 'self'
}

/** Fastify path syntax (:id) → OpenAPI ({id}). */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
}
