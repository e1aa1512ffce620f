// The platform operator's operations (issue 10 §7, §2): tenants and the
// signing keys of customer access tokens. Only the operator credential
// (AQUALEDGER_OPERATOR_TOKEN_SHA256) calls them; it calls nothing else.
import { z } from 'zod'
import { idParams } from '../../app/schemas.ts'
import { pageOf } from '../../app/schemas.ts'
import { readIdempotencyKey, requestHash } from '../../app/idempotency/idempotency-keys.ts'
import { createdTenantDto, createTenantAsOperator, getPlatformTenant, listTenants, platformTenantDto, platformTenantInput,
  platformTenantListQuery } from '../../app/tenants/platform-tenants.ts'
import { rotateSigningKey, signingKeyStates } from '../../app/customer-auth/signing-keys.ts'
import { operatorRoute } from '../route.ts'

const tags = ['Platform']
const signingKeyDto = z.object({
  kid: z.string(), alg: z.string(), createdAt: z.string(), retiredAt: z.string().nullable().describe('when it stopped signing'),
  publishedUntil: z.string().nullable().describe('a retired key stays in the JWKS, and its tokens verify, until then'),
  signing: z.boolean().describe('the key new tokens are signed with'),
}).meta({ id: 'SigningKey' })

export const platformRoutes = [
  operatorRoute({ method: 'POST', url: '/v1/platform/tenants', operationId: 'createTenant', summary: 'Create a tenant and its first admin API key (shown once)', tags,
    description: 'The operator credential only. Unspecified settings follow the currency (IRR: 0 minor units, solar_hijri, fa-IR, two-month periods; '
      + 'others: 2, gregorian, the currency\'s locale, monthly). With an Idempotency-Key a retry makes no second tenant: it answers the same tenant '
      + 'with a newly issued admin key (the secret of the first is not stored, so it cannot be shown again); the earlier key stays valid.',
    body: platformTenantInput, idempotent: true, errors: [422],
    examples: { request: { name: 'Vodokanal Irkutsk', currency: 'RUB', timeZone: 'Asia/Irkutsk' } },
    response: { status: 201, schema: createdTenantDto, description: 'the tenant and its admin key' },
    async handler({ db, clock, body, request, reply }) {
      const key = readIdempotencyKey(request.headers['idempotency-key'])
      const r = await createTenantAsOperator(db, body, clock, key ? { key, requestHash: requestHash('POST', '/v1/platform/tenants', body) } : undefined)
      if (key) reply.header('idempotency-key', key)
      if (r.replayed) reply.header('idempotent-replayed', 'true')
      return r.body
    } }),
  operatorRoute({ method: 'GET', url: '/v1/platform/tenants', operationId: 'listTenants', summary: 'Every tenant, oldest first', tags,
    query: platformTenantListQuery, response: { status: 200, schema: pageOf(platformTenantDto), description: 'a page' },
    handler: ({ db, query }) => listTenants(db, query) }),
  operatorRoute({ method: 'GET', url: '/v1/platform/tenants/:id', operationId: 'getPlatformTenant', summary: 'One tenant', tags,
    params: idParams, errors: [404], response: { status: 200, schema: platformTenantDto, description: 'the tenant' },
    handler: ({ db, params }) => getPlatformTenant(db, params.id) }),
  operatorRoute({ method: 'GET', url: '/v1/platform/signing-keys', operationId: 'listSigningKeys', summary: 'The published signing keys of customer access tokens', tags,
    response: { status: 200, schema: z.object({ items: z.array(signingKeyDto) }), description: 'newest first' },
    handler: async ({ db, clock }) => ({ items: await signingKeyStates(db, clock) }) }),
  operatorRoute({ method: 'POST', url: '/v1/platform/signing-keys/rotate', operationId: 'rotateSigningKeys', summary: 'Rotate the signing key of customer access tokens', tags,
    description: 'A new key signs from now on; the previous one signs no more but stays in /.well-known/jwks.json, and its tokens verify, '
      + 'until they have all expired (twice the access-token lifetime); then it is gone.',
    response: { status: 201, schema: z.object({ kid: z.string().describe('the new signing key'), retired: z.array(z.string()).describe('the keys that stopped signing'),
      keys: z.array(signingKeyDto) }), description: 'the new key and the published set' },
    async handler({ db, clock }) {
      const r = await rotateSigningKey(db, clock)
      return { ...r, keys: await signingKeyStates(db, clock) }
    } }),
]
