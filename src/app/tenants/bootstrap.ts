// A newcomer's first start: an empty database gets a tenant and an admin key.
import type { Db } from '../../db/database.ts'
import { createApiKey } from '../auth/api-keys.ts'
import { createTenant } from './tenants.ts'

export async function bootstrapIfEmpty(db: Db) {
  const any = await db.selectFrom('tenants').select('tenantId').limit(1).executeTakeFirst()
  if (any) return undefined
  const tenant = await createTenant(db, {
    name: 'Default utility', currency: 'RUB', minorUnits: 2, timeZone: 'Europe/Moscow', calendar: 'gregorian',
    locale: 'ru-RU', billingPeriodMonths: 1, policy: {},
  })
  const key = await createApiKey(db, tenant.id, 'bootstrap admin key', ['admin'])
  return { tenantId: tenant.id, tenantName: tenant.name, apiKey: key.apiKey }
}
