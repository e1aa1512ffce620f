// Bearer credentials → the principal, remembered on the request. Shared by the
// REST routes and the GraphQL resolvers. Four kinds (issue 10 §2, §6, §7): a
// tenant's API key (`aql_…`), a customer access token (a JWT of the
// product's keys), a reading grant (`aqg_…`, its own routes only) and the
// platform operator's token (`aqlop_…`), which serves the /v1/platform
// operations only. Every tenant operation refuses the last two here, in one
// place, so no route can forget to.
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { AppError, unauthorized } from '../errors.ts'
import { customerPrincipal } from '../customer-auth/customer-principal.ts'
import { isReadingGrantToken, verifyReadingGrant, type ReadingGrantHolder } from '../customer-auth/reading-grant.ts'
import { verifyApiKey } from './api-keys.ts'
import { isOperatorToken, OPERATOR_TOKEN_PREFIX, type OperatorCredential } from './operator.ts'
import type { OperatorPrincipal, Principal } from './principal.ts'

export interface AuthenticatableRequest {
  headers: Record<string, string | string[] | undefined>
  principal?: Principal | undefined
  /** the app (Fastify instance) the request came to: it holds the configured operator credential */
  server?: { operatorCredential?: OperatorCredential | undefined }
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

export const grantOnly = () => new AppError('forbidden', 403, 'a reading grant can only list its account\'s meters and submit their readings (/v1/reading-grant/…)')
export const operatorRefused = () => new AppError('forbidden', 403, 'the platform operator credential serves the /v1/platform operations only')
const operatorOnly = () => new AppError('forbidden', 403, 'this operation is for the platform operator')

function presented(request: AuthenticatableRequest): string {
  const header = request.headers.authorization
  const key = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : request.headers['x-api-key']
  if (typeof key !== 'string' || key === '') throw unauthorized()
  return key
}

/**
 * The reading grant of a grant route (issue 10 §6): a live grant, or 401 for
 * none or a dead one; any other valid credential is 403 (a key or a customer
 * token has its own routes for readings).
 */
export async function authenticateReadingGrant(db: Db, clock: Clock, request: AuthenticatableRequest): Promise<ReadingGrantHolder> {
  const key = presented(request)
  if (isReadingGrantToken(key)) {
    const g = await verifyReadingGrant(db, key, clock)
    if (!g) throw unauthorized()
    return g
  }
  await authenticate(db, clock, request)
  throw new AppError('forbidden', 403, 'this operation takes a reading grant (POST /v1/tenants/{tenantId}/reading-grants); API keys and customer tokens submit readings at POST /v1/readings')
}

/** A tenant's caller (API key or customer); a reading grant or the operator gets 403, anything else invalid 401. */
export async function authenticate(db: Db, clock: Clock, request: AuthenticatableRequest): Promise<Principal> {
  if (request.principal) return request.principal
  const key = presented(request)
  if (key.startsWith(OPERATOR_TOKEN_PREFIX)) {
    if (isOperatorToken(request.server?.operatorCredential, key)) throw operatorRefused()
    throw unauthorized()
  }
  // A reading grant (issue 10 §6) is good only on its own routes (register-routes.ts readingGrant): anywhere else, a live one is 403.
  if (isReadingGrantToken(key)) throw (await verifyReadingGrant(db, key, clock)) ? grantOnly() : unauthorized()
  const principal = key.startsWith('aql_') ? await verifyApiKey(db, key)
    : key.length <= 4096 && JWT_SHAPE.test(key) ? await customerPrincipal(db, key, clock) : undefined
  if (!principal) throw unauthorized()
  request.principal = principal
  return principal
}

/** The platform operator; a valid tenant key, customer token or reading grant gets 403, anything else 401. */
export async function authenticateOperator(db: Db, clock: Clock, request: AuthenticatableRequest): Promise<OperatorPrincipal> {
  const key = presented(request)
  if (key.startsWith(OPERATOR_TOKEN_PREFIX)) {
    if (isOperatorToken(request.server?.operatorCredential, key)) return { kind: 'operator' }
    throw unauthorized()
  }
  await authenticate(db, clock, request)
  throw operatorOnly()
}
