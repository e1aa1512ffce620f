// Bearer credentials → the principal, remembered on the request. Shared by the
// REST routes and the GraphQL resolvers. Three kinds (issue 10 §2, §7): a
// tenant's API key (`aql_…`), a customer access token (a JWT of the
// product's keys), and the platform operator's token (`aqlop_…`), which
// serves the /v1/platform operations only: every tenant operation refuses it
// here, in one place, so no route can forget to.
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { AppError, unauthorized } from '../errors.ts'
import { customerPrincipal } from '../customer-auth/customer-principal.ts'
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

export const operatorRefused = () => new AppError('forbidden', 403, 'the platform operator credential serves the /v1/platform operations only')
const operatorOnly = () => new AppError('forbidden', 403, 'this operation is for the platform operator')

function presented(request: AuthenticatableRequest): string {
  const header = request.headers.authorization
  const key = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : request.headers['x-api-key']
  if (typeof key !== 'string' || key === '') throw unauthorized()
  return key
}

/** A tenant's caller (API key or customer); the operator gets 403, anything else invalid 401. */
export async function authenticate(db: Db, clock: Clock, request: AuthenticatableRequest): Promise<Principal> {
  if (request.principal) return request.principal
  const key = presented(request)
  if (key.startsWith(OPERATOR_TOKEN_PREFIX)) {
    if (isOperatorToken(request.server?.operatorCredential, key)) throw operatorRefused()
    throw unauthorized()
  }
  const principal = key.startsWith('aql_') ? await verifyApiKey(db, key)
    : key.length <= 4096 && JWT_SHAPE.test(key) ? await customerPrincipal(db, key, clock) : undefined
  if (!principal) throw unauthorized()
  request.principal = principal
  return principal
}

/** The platform operator; a valid tenant key or customer token gets 403, anything else 401. */
export async function authenticateOperator(db: Db, clock: Clock, request: AuthenticatableRequest): Promise<OperatorPrincipal> {
  const key = presented(request)
  if (key.startsWith(OPERATOR_TOKEN_PREFIX)) {
    if (isOperatorToken(request.server?.operatorCredential, key)) return { kind: 'operator' }
    throw unauthorized()
  }
  await authenticate(db, clock, request)
  throw operatorOnly()
}
