// Tenants: one utility each, with currency, calendar, billing period and the
// policy parameters of the settlement core (overrides over the defaults).
import { v7 as uuidv7 } from 'uuid'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { DEFAULT_VOLUME_POLICY } from '../../core/volume/policy.ts'
import { volumeScaleOf } from '../../core/shared/volume-scale.ts'
import { AppError, notFound, validationError } from '../errors.ts'
import type { Clock } from '../clock.ts'
import { audit } from '../customer-auth/audit.ts'
import { forgetTenantMoney } from '../ledger/balance.ts'
import { text } from '../schemas.ts'

export const timeZone = z.string().refine((tz) => {
  try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true } catch { return false }
}, 'must be an IANA time zone, e.g. Europe/Stockholm')

/** Overrides must name known parameters and keep each default's type. */
export const policyOverrides = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const defaults = DEFAULT_VOLUME_POLICY as unknown as Record<string, unknown>
  for (const [k, v] of Object.entries(value)) {
    if (!(k in defaults)) { ctx.addIssue({ code: 'custom', path: [k], message: 'unknown policy parameter' }); continue }
    const d = defaults[k]
    const same = Array.isArray(d) ? Array.isArray(v) : typeof v === typeof d && v !== null
    if (!same) ctx.addIssue({ code: 'custom', path: [k], message: `must be of the same type as the default (${Array.isArray(d) ? 'array' : typeof d})` })
    // 20 places: what a division keeps (DIV_PLACES); π with its full double digits has 15 (issue 9 §3)
    else if (typeof d === 'string' && /^\d/.test(d) && !/^\d{1,15}(\.\d{1,20})?$/.test(v as string)) ctx.addIssue({ code: 'custom', path: [k], message: 'must be a decimal string' })
    else if (typeof d === 'number' && (!Number.isInteger(v) || (v as number) < 0)) ctx.addIssue({ code: 'custom', path: [k], message: 'must be a non-negative whole number' })
    else if (k === 'volumePlaces' || k === 'volumeRounding') {
      try { volumeScaleOf({ [k]: v }) } catch (err) { ctx.addIssue({ code: 'custom', path: [k], message: (err as Error).message }) }
    }
  }
})

export const tenantFields = {
  name: text(200),
  currency: z.enum(['RUB', 'IRR', 'SEK', 'EUR', 'USD', 'UZS', 'KZT']).describe('ISO 4217'),
  minorUnits: z.number().int().min(0).max(4).describe('2 for kopecks and öre, 0 for rials'),
  timeZone,
  calendar: z.enum(['gregorian', 'solar_hijri']),
  locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a locale like ru-RU, fa-IR, sv-SE'),
  billingPeriodMonths: z.union([z.literal(1), z.literal(2)]),
  policy: policyOverrides.default({}),
}
export const createTenantInput = z.object(tenantFields).strict()
/** Every setting the tenants table holds; currency and minor units only while nothing is in money (updateTenant). */
// policy without its default: a patch that leaves it out keeps it (with the default, every PATCH reset the overrides to {})
export const updateTenantInput = z.object({ ...tenantFields, policy: policyOverrides }).partial().strict()

export const tenantDto = z.object({
  id: z.uuid(), name: z.string(), currency: z.string(), minorUnits: z.number().int(), timeZone: z.string(),
  calendar: z.enum(['gregorian', 'solar_hijri']), locale: z.string(), billingPeriodMonths: z.number().int(),
  policy: z.record(z.string(), z.unknown()).describe('the tenant\'s overrides'),
  effectivePolicy: z.record(z.string(), z.unknown()).describe('defaults with the overrides applied: what the settlement core uses'),
}).meta({ id: 'Tenant' })
export type TenantDto = z.infer<typeof tenantDto>

export function toDto(r: any): TenantDto {
  return { id: r.tenantId, name: r.name, currency: r.currency, minorUnits: r.minorUnits, timeZone: r.timeZone, calendar: r.calendar,
    locale: r.locale, billingPeriodMonths: r.billingPeriodMonths, policy: r.policy,
    effectivePolicy: { ...DEFAULT_VOLUME_POLICY, ...r.policy } }
}

export async function createTenant(db: Db, input: z.input<typeof createTenantInput>, tenantId: string = uuidv7()): Promise<TenantDto> {
  const parsed = createTenantInput.safeParse(input)
  if (!parsed.success) throw validationError('invalid tenant', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })))
  const t = parsed.data
  const row = await db.insertInto('tenants').values({ ...t, tenantId, policy: JSON.stringify(t.policy) }).returningAll().executeTakeFirstOrThrow()
  return toDto(row)
}

export async function getTenant(db: Db, tenantId: string): Promise<TenantDto> {
  const row = await db.selectFrom('tenants').selectAll().where('tenantId', '=', tenantId).executeTakeFirst()
  if (!row) throw notFound('tenant')
  return toDto(row)
}

/** Settings every amount of the tenant is read in: they change only while no amount exists. */
const MONEY_SETTINGS = ['currency', 'minorUnits'] as const

/**
 * A tenant admin changes the settings (issue 10 §7; PATCH /v1/tenant, GraphQL
 * updateTenant), with an audit entry of what changed, in one transaction.
 * Currency and minor units only while the tenant has no bills and no ledger
 * entries (payments): stored amounts are in the currency they were made in,
 * so a change after the first one would relabel them (409 currency_locked).
 */
export async function updateTenant(db: Db, tenantId: string, input: z.infer<typeof updateTenantInput>, actor: string, clock: Clock): Promise<TenantDto> {
  const { policy, ...rest } = input
  const row = await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('tenants').selectAll().where('tenantId', '=', tenantId).forUpdate().executeTakeFirst()
    if (!before) throw notFound('tenant')
    const changed: Record<string, { from: unknown; to: unknown }> = {}
    for (const [k, v] of Object.entries({ ...rest, ...(policy ? { policy } : {}) })) {
      const was = (before as Record<string, unknown>)[k]
      if (JSON.stringify(was) !== JSON.stringify(v)) changed[k] = { from: was, to: v }
    }
    const money = MONEY_SETTINGS.filter((k) => k in changed)
    if (money.length) {
      const bill = await trx.selectFrom('bills').select('billId').where('tenantId', '=', tenantId).limit(1).executeTakeFirst()
      const entry = bill ? undefined : await trx.selectFrom('ledgerEntries').select('accountId').where('tenantId', '=', tenantId).limit(1).executeTakeFirst()
      if (bill || entry) {
        throw new AppError('currency_locked', 409, `the ${money.join(' and ')} cannot change: the tenant already has ${bill ? 'bills' : 'payments or other ledger entries'} `
          + `in ${before.currency}, and stored amounts keep the currency they were made in`)
      }
    }
    const updated = await trx.updateTable('tenants')
      .set({ ...rest, ...(policy ? { policy: JSON.stringify(policy) } : {}), updatedAt: clock.now() })
      .where('tenantId', '=', tenantId).returningAll().executeTakeFirstOrThrow()
    if (Object.keys(changed).length) await audit(trx, tenantId, { actor, action: 'tenant.settings_changed', subject: tenantId, detail: { changed } }, clock)
    return updated
  })
  forgetTenantMoney(tenantId)
  return toDto(row)
}
