// Bearer API keys. The principal (tenant + scopes) rides on the request;
// every route then checks its own scopes.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { verifyApiKey } from '../app/auth/api-keys.ts'
import { unauthorized } from '../app/errors.ts'
import type { Principal } from '../app/auth/principal.ts'
import type { Db } from '../db/database.ts'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined
  }
}

export async function authenticate(db: Db, request: FastifyRequest): Promise<Principal> {
  if (request.principal) return request.principal
  const header = request.headers.authorization
  const key = header?.startsWith('Bearer ') ? header.slice(7).trim() : request.headers['x-api-key']
  if (typeof key !== 'string' || key === '') throw unauthorized()
  const principal = await verifyApiKey(db, key)
  if (!principal) throw unauthorized()
  request.principal = principal
  return principal
}

export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('principal', undefined)
}, { name: 'aqualedger-auth' })
