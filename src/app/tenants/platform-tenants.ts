// The platform operator's tenants (issue 10 §7): create one (with its first
// admin API key, shown once) and list them. What the CLI did alone
// (npm run key:create -- --new-tenant) is now an API operation too, with the
// same defaults per currency.
//
// Idempotency-Key: a retry with the same key and body makes no second tenant.
// The admin key's secret is stored only as a hash, so the first answer cannot
// be replayed; the retry answers the same tenant with a newly issued admin
// key instead. The earlier key stays valid (a delayed duplicate must not
// revoke the key the caller holds); both show in GET /v1/api-keys, where the
// tenant's admin revokes the one nobody holds.
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { createApiKey } from '../auth/api-keys.ts'
import { SCOPES } from '../auth/principal.ts'
import { audit } from '../customer-auth/audit.ts'
import { AppError, notFound } from '../errors.ts'
import { decodeCursor, pageFrom } from '../pagination.ts'
import { pageQuery, text } from '../schemas.ts'
import { v7 as uuidv7 } from 'uuid'
import { policyOverrides, tenantDto, tenantFields, timeZone, toDto } from './tenants.ts'

/** What a currency implies when the operator does not say (the CLI's rule): IRR → rials, Solar Hijri, fa-IR, two-month periods. */
const LOCALE_BY_CURRENCY: Record<string, string> = { RUB: 'ru-RU', IRR: 'fa-IR', SEK: 'sv-SE', UZS: 'uz-UZ', KZT: 'kk-KZ', EUR: 'en', USD: 'en-US' }
export function tenantDefaults(currency: string) {
  const iranian = currency === 'IRR'
  return {
    minorUnits: iranian ? 0 : 2, calendar: (iranian ? 'solar_hijri' : 'gregorian') as 'gregorian' | 'solar_hijri',
    locale: LOCALE_BY_CURRENCY[currency] ?? 'en', billingPeriodMonths: (iranian ? 2 : 1) as 1 | 2,
  }
}

export const platformTenantInput = z.object({
  name: tenantFields.name,
  currency: tenantFields.currency,
  timeZone,
  minorUnits: tenantFields.minorUnits.optional().describe('default: 0 for IRR, else 2'),
  calendar: tenantFields.calendar.optional().describe('default: solar_hijri for IRR, else gregorian'),
  locale: tenantFields.locale.optional().describe('language and market, e.g. ru-RU, fa-IR, sv-SE; default from the currency'),
  billingPeriodMonths: tenantFields.billingPeriodMonths.optional().describe('default: 2 for IRR, else 1'),
  policy: policyOverrides.optional(),
  adminKeyName: text(120).optional().describe('the first admin key\'s name; default "first admin key"'),
}).strict()

export const platformTenantDto = tenantDto.extend({ createdAt: z.string() }).meta({ id: 'PlatformTenant' })
export const createdTenantDto = z.object({
  tenant: platformTenantDto,
  adminApiKey: z.object({ id: z.uuid(), name: z.string(), scopes: z.array(z.enum(SCOPES)),
    apiKey: z.string().describe('the tenant\'s admin API key: shown once, store it now') }),
}).meta({ id: 'CreatedTenant' })
type CreatedTenant = z.infer<typeof createdTenantDto>

const platformDto = (r: any) => ({ ...toDto(r), createdAt: (r.createdAt as Date).toISOString() })

const keyReused = () => new AppError('idempotency_key_reused', 422, 'this Idempotency-Key was used with a different request; use a new key')

/** Creates a tenant and its first admin key in one transaction; `replayed` when the Idempotency-Key made it earlier. */
export async function createTenantAsOperator(db: Db, input: z.output<typeof platformTenantInput>, clock: Clock,
  idempotency?: { key: string; requestHash: string }): Promise<{ replayed: boolean; body: CreatedTenant }> {
  const { adminKeyName, policy, ...fields } = input
  const keyName = adminKeyName ?? 'first admin key'
  const values = { ...tenantDefaults(fields.currency), ...fields, tenantId: uuidv7(), policy: JSON.stringify(policy ?? {}),
    createdAt: clock.now(), updatedAt: clock.now(), createdWithKey: idempotency?.key ?? null, createdRequestHash: idempotency?.requestHash ?? null }
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('tenants').values(values)
      .onConflict((oc) => oc.column('createdWithKey').where('createdWithKey', 'is not', null).doNothing())
      .returningAll().executeTakeFirst()
    const tenant = row ?? await trx.selectFrom('tenants').selectAll().where('createdWithKey', '=', idempotency!.key).executeTakeFirstOrThrow()
    if (!row && tenant.createdRequestHash !== idempotency!.requestHash) throw keyReused()
    const key = await createApiKey(trx, tenant.tenantId, keyName, ['admin'])
    await audit(trx, tenant.tenantId, { actor: 'operator', action: row ? 'tenant.created' : 'tenant.admin_key_reissued', subject: tenant.tenantId,
      detail: { name: tenant.name, currency: tenant.currency, adminKeyId: key.keyId } }, clock)
    return { replayed: !row, body: { tenant: platformDto(tenant), adminApiKey: { id: key.keyId, name: key.name, scopes: key.scopes, apiKey: key.apiKey } } }
  })
}

export const platformTenantListQuery = pageQuery

/** Every tenant, oldest first (uuid v7 ids), in pages. */
export async function listTenants(db: Db, q: z.output<typeof platformTenantListQuery>) {
  const after = decodeCursor(q.cursor)
  const rows = await db.selectFrom('tenants').selectAll().$if(!!after, (b) => b.where('tenantId', '>', after!))
    .orderBy('tenantId').limit(q.limit + 1).execute()
  return pageFrom(rows, q.limit, (r) => r.tenantId, platformDto)
}

export async function getPlatformTenant(db: Db, tenantId: string) {
  const row = await db.selectFrom('tenants').selectAll().where('tenantId', '=', tenantId).executeTakeFirst()
  if (!row) throw notFound('tenant')
  return platformDto(row)
}
