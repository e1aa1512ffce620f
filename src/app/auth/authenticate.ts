// Bearer credentials → the principal, remembered on the request. Shared by the
// REST routes and the GraphQL resolvers. Two kinds (issue 10 §2): a tenant's
// API key (`aql_…`), or a customer access token (a JWT of the product's keys).
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { unauthorized } from '../errors.ts'
import { customerPrincipal } from '../customer-auth/customer-principal.ts'
import { verifyApiKey } from './api-keys.ts'
import type { Principal } from './principal.ts'

export interface AuthenticatableRequest {
  headers: Record<string, string | string[] | undefined>
  principal?: Principal | undefined
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

export async function authenticate(db: Db, clock: Clock, request: AuthenticatableRequest): Promise<Principal> {
  if (request.principal) return request.principal
  const header = request.headers.authorization
  const key = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : request.headers['x-api-key']
  if (typeof key !== 'string' || key === '') throw unauthorized()
  const principal = key.startsWith('aql_') ? await verifyApiKey(db, key)
    : key.length <= 4096 && JWT_SHAPE.test(key) ? await customerPrincipal(db, key, clock) : undefined
  if (!principal) throw unauthorized()
  request.principal = principal
  return principal
}
