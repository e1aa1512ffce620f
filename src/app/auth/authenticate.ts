// Bearer API keys → the principal (tenant + scopes), remembered on the
// request. Shared by the REST routes and the GraphQL resolvers.
import type { Db } from '../../db/database.ts'
import { unauthorized } from '../errors.ts'
import { verifyApiKey } from './api-keys.ts'
import type { Principal } from './principal.ts'

export interface AuthenticatableRequest {
  headers: Record<string, string | string[] | undefined>
  principal?: Principal | undefined
}

export async function authenticate(db: Db, request: AuthenticatableRequest): Promise<Principal> {
  if (request.principal) return request.principal
  const header = request.headers.authorization
  const key = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : request.headers['x-api-key']
  if (typeof key !== 'string' || key === '') throw unauthorized()
  const principal = await verifyApiKey(db, key)
  if (!principal) throw unauthorized()
  request.principal = principal
  return principal
}
