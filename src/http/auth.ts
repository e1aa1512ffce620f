// Types the principal that authenticate() leaves on the request.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Principal } from '../app/auth/principal.ts'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined
  }
}

export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('principal', undefined)
}, { name: 'aqualedger-auth' })
