// The caller's own tenant and its API keys.
import { z } from 'zod'
import { createApiKey, forgetCachedKeys, revokeApiKey } from '../../app/auth/api-keys.ts'
import { SCOPES } from '../../app/auth/principal.ts'
import { notFound } from '../../app/errors.ts'
import { getTenant, tenantDto, updateTenant, updateTenantInput } from '../../app/tenants/tenants.ts'
import { idParams, text } from '../../app/schemas.ts'
import { route } from '../route.ts'
import { READ_SCOPES } from '../../app/auth/principal.ts'
import { actorOf } from '../../app/customer-auth/audit.ts'

const apiKeyDto = z.object({ id: z.uuid(), name: z.string(), scopes: z.array(z.enum(SCOPES)), createdAt: z.string(), revokedAt: z.string().nullable() }).meta({ id: 'ApiKey' })
const createdKeyDto = z.object({ id: z.uuid(), name: z.string(), scopes: z.array(z.enum(SCOPES)),
  apiKey: z.string().describe('the key itself: shown once, store it now') }).meta({ id: 'CreatedApiKey' })

export const tenantRoutes = [
  route({
    method: 'GET', url: '/v1/tenant', operationId: 'getTenant', summary: 'The caller\'s tenant: currency, calendar, billing period, policy', tags: ['Tenant'],
    scopes: READ_SCOPES, response: { status: 200, schema: tenantDto, description: 'the tenant' },
    handler: ({ db, principal }) => getTenant(db, principal.tenantId),
  }),
  route({
    method: 'PATCH', url: '/v1/tenant', operationId: 'updateTenant', summary: 'Change the tenant\'s settings and policy overrides', tags: ['Tenant'],
    description: 'Name, language and market (locale), time zone, calendar, billing period, policy overrides; currency and minor units only while the tenant '
      + 'has no bills and no payments (409 currency_locked). Every change is written to the audit log (tenant.settings_changed) and applies at once.',
    scopes: ['admin'], body: updateTenantInput, errors: [409],
    examples: { request: { name: 'Kommunen Vatten AB', locale: 'sv-SE', timeZone: 'Europe/Stockholm' } },
    response: { status: 200, schema: tenantDto, description: 'the tenant' },
    handler: ({ db, clock, principal, body }) => updateTenant(db, principal.tenantId, body, actorOf(principal), clock),
  }),
  route({
    method: 'GET', url: '/v1/api-keys', operationId: 'listApiKeys', summary: 'The tenant\'s API keys (never the secrets)', tags: ['Tenant'],
    scopes: ['admin'], response: { status: 200, schema: z.object({ items: z.array(apiKeyDto) }), description: 'keys' },
    async handler({ db, principal }) {
      const rows = await db.selectFrom('apiKeys').selectAll().where('tenantId', '=', principal.tenantId).orderBy('createdAt').execute()
      return { items: rows.map((r) => ({ id: r.keyId, name: r.name, scopes: r.scopes as any, createdAt: r.createdAt.toISOString(), revokedAt: r.revokedAt?.toISOString() ?? null })) }
    },
  }),
  route({
    method: 'POST', url: '/v1/api-keys', operationId: 'createApiKey', summary: 'Create an API key; the key is shown once', tags: ['Tenant'],
    scopes: ['admin'], idempotent: false,
    body: z.object({ name: text(120), scopes: z.array(z.enum(SCOPES)).min(1) }).strict(),
    response: { status: 201, schema: createdKeyDto, description: 'the new key' },
    async handler({ db, principal, body }) {
      const k = await createApiKey(db, principal.tenantId, body.name, body.scopes)
      return { id: k.keyId, name: k.name, scopes: k.scopes, apiKey: k.apiKey }
    },
  }),
  route({
    method: 'DELETE', url: '/v1/api-keys/:id', operationId: 'revokeApiKey', summary: 'Revoke an API key', tags: ['Tenant'],
    scopes: ['admin'], params: idParams, errors: [404],
    response: { status: 200, schema: z.object({ revoked: z.literal(true) }), description: 'revoked' },
    async handler({ db, principal, params }) {
      if (!(await revokeApiKey(db, principal.tenantId, params.id))) throw notFound('api key')
      forgetCachedKeys()
      return { revoked: true as const }
    },
  }),
]
