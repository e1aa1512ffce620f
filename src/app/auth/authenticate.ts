// Bearer credentials → the principal, remembered on the request. Shared by the
// REST routes and the GraphQL resolvers. Two kinds (issue 10 §2): a tenant's
// API key (`aql_…`), or a customer access token (a JWT of the product's keys).
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { AppError, unauthorized } from '../errors.ts'
import { customerPrincipal } from '../customer-auth/customer-principal.ts'
import { verifyApiKey } from './api-keys.ts'
import { isReadingGrantToken, verifyReadingGrant, type ReadingGrantHolder } from '../customer-auth/reading-grant.ts'
import type { Principal } from './principal.ts'

export interface AuthenticatableRequest {
  headers: Record<string, string | string[] | undefined>
  principal?: Principal | undefined
}

export const grantOnly = () => new AppError('forbidden', 403, 'a reading grant can only list its account\'s meters and submit their readings (/v1/reading-grant/…)')

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

function presented(request: AuthenticatableRequest): string | string[] | undefined {
  const header = request.headers.authorization
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : request.headers['x-api-key']
}

/**
 * The reading grant of a grant route (issue 10 §6): a live grant, or 401 for
 * none or a dead one; any other valid credential is 403 (a key or a customer
 * token has its own routes for readings).
 */
export async function authenticateReadingGrant(db: Db, clock: Clock, request: AuthenticatableRequest): Promise<ReadingGrantHolder> {
  const key = presented(request)
  if (typeof key === 'string' && isReadingGrantToken(key)) {
    const g = await verifyReadingGrant(db, key, clock)
    if (!g) throw unauthorized()
    return g
  }
  await authenticate(db, clock, request)
  throw new AppError('forbidden', 403, 'this operation takes a reading grant (POST /v1/tenants/{tenantId}/reading-grants); API keys and customer tokens submit readings at POST /v1/readings')
}

export async function authenticate(db: Db, clock: Clock, request: AuthenticatableRequest): Promise<Principal> {
  if (request.principal) return request.principal
  const key = presented(request)
  if (typeof key !== 'string' || key === '') throw unauthorized()
  // A reading grant (issue 10 §6) is good only on its own routes (register-routes.ts readingGrant): anywhere else, a live one is 403.
  if (isReadingGrantToken(key)) throw (await verifyReadingGrant(db, key, clock)) ? grantOnly() : unauthorized()
  const principal = key.startsWith('aql_') ? await verifyApiKey(db, key)
    : key.length <= 4096 && JWT_SHAPE.test(key) ? await customerPrincipal(db, key, clock) : undefined
  if (!principal) throw unauthorized()
  request.principal = principal
  return principal
}
