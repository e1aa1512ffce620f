// Types the principal that authenticate() leaves on the request, and holds
// the operator credential it compares against.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Principal } from '../app/auth/principal.ts'
import type { OperatorCredential } from '../app/auth/operator.ts'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined
  }
  interface FastifyInstance {
    /** the platform operator's configured credential (AQUALEDGER_OPERATOR_TOKEN_SHA256), read by authenticate() as request.server.operatorCredential */
    operatorCredential: OperatorCredential | undefined
  }
}

export const authPlugin = fp(async (app: FastifyInstance, opts: { operator?: OperatorCredential | undefined }) => {
  app.decorateRequest('principal', undefined)
  app.decorate('operatorCredential', opts.operator)
}, { name: 'aqualedger-auth' })
