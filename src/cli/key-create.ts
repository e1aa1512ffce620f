// key:create: argument parsing and the key (and optional tenant) it makes.
import { parseArgs } from 'node:util'
import { z } from 'zod'
import type { Db } from '../db/database.ts'
import { createApiKey, type CreatedKey } from '../app/auth/api-keys.ts'
import { SCOPES, type Scope } from '../app/auth/principal.ts'
import { AppError } from '../app/errors.ts'
import { createTenant, createTenantInput, getTenant } from '../app/tenants/tenants.ts'
import { tenantDefaults } from '../app/tenants/platform-tenants.ts'

export const KEY_CREATE_USAGE = `Usage:
  npm run key:create -- --tenant <uuid> [--name <key name>] [--scopes admin,accounting]
  npm run key:create -- --new-tenant --name <tenant name> --currency <RUB|IRR|SEK|…> --time-zone <IANA zone>
                        [--minor-units N] [--calendar gregorian|solar_hijri] [--locale ru-RU]
                        [--billing-period-months 1|2] [--key-name <key name>] [--scopes admin]

Creates an API key and prints it once (only its hash is stored).
Scopes: ${SCOPES.join(', ')} (default: admin).
With --new-tenant, creates the tenant first; defaults follow the currency
(IRR: 0 minor units, solar_hijri, fa-IR, two-month periods; others: 2, gregorian, 1).`

export class UsageError extends Error {
  override name = 'UsageError'
}

export type KeyCreateCommand =
  | { kind: 'help' }
  | { kind: 'existing'; tenantId: string; keyName: string; scopes: Scope[] }
  | { kind: 'new'; tenant: z.input<typeof createTenantInput>; keyName: string; scopes: Scope[] }

function parseScopes(value: string | undefined): Scope[] {
  const list = (value ?? 'admin').split(',').map((s) => s.trim()).filter(Boolean)
  if (list.length === 0) throw new UsageError('--scopes needs at least one scope')
  const unknown = list.filter((s) => !(SCOPES as readonly string[]).includes(s))
  if (unknown.length) throw new UsageError(`unknown scope(s): ${unknown.join(', ')}; known: ${SCOPES.join(', ')}`)
  return [...new Set(list)] as Scope[]
}

function parseInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number`)
  return Number(value)
}

/** Parses key:create arguments; throws UsageError on anything wrong. */
export function parseKeyCreateArgs(args: string[]): KeyCreateCommand {
  let values
  try {
    ({ values } = parseArgs({
      args, allowPositionals: false, strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        tenant: { type: 'string' },
        name: { type: 'string' },
        'key-name': { type: 'string' },
        scopes: { type: 'string' },
        'new-tenant': { type: 'boolean' },
        currency: { type: 'string' },
        'time-zone': { type: 'string' },
        'minor-units': { type: 'string' },
        calendar: { type: 'string' },
        locale: { type: 'string' },
        'billing-period-months': { type: 'string' },
      },
    }))
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  if (values.help) return { kind: 'help' }
  const scopes = parseScopes(values.scopes)
  if (values['new-tenant']) {
    if (values.tenant) throw new UsageError('--tenant and --new-tenant exclude each other')
    const missing = (['name', 'currency', 'time-zone'] as const).filter((k) => !values[k])
    if (missing.length) throw new UsageError(`--new-tenant needs ${missing.map((m) => `--${m}`).join(', ')}`)
    const currency = values.currency!.toUpperCase()
    // the same defaults as the operator's POST /v1/platform/tenants
    const defaults = tenantDefaults(currency)
    const tenant = {
      name: values.name!, currency: currency as 'RUB', timeZone: values['time-zone']!,
      minorUnits: parseInteger(values['minor-units'], '--minor-units') ?? defaults.minorUnits,
      calendar: (values.calendar ?? defaults.calendar) as 'gregorian',
      locale: values.locale ?? defaults.locale,
      billingPeriodMonths: (parseInteger(values['billing-period-months'], '--billing-period-months') ?? defaults.billingPeriodMonths) as 1,
      policy: {},
    }
    const checked = createTenantInput.safeParse(tenant)
    if (!checked.success) {
      throw new UsageError(checked.error.issues.map((i) => `--${String(i.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`).join('\n'))
    }
    return { kind: 'new', tenant, keyName: values['key-name'] ?? 'admin key', scopes }
  }
  if (!values.tenant) throw new UsageError('give --tenant <uuid>, or --new-tenant to create one')
  if (!z.uuid().safeParse(values.tenant).success) throw new UsageError(`--tenant must be a tenant id (uuid), got "${values.tenant}"`)
  for (const k of ['currency', 'time-zone', 'minor-units', 'calendar', 'locale', 'billing-period-months'] as const) {
    if (values[k] !== undefined) throw new UsageError(`--${k} is only for --new-tenant`)
  }
  return { kind: 'existing', tenantId: values.tenant, keyName: values.name ?? values['key-name'] ?? `${scopes.join('+')} key`, scopes }
}

export interface KeyCreateResult {
  tenantId: string
  tenantName: string
  tenantCreated: boolean
  key: CreatedKey
}

/** Runs a parsed key:create command against the database. */
export async function runKeyCreate(db: Db, cmd: Exclude<KeyCreateCommand, { kind: 'help' }>): Promise<KeyCreateResult> {
  try {
    const tenant = cmd.kind === 'new' ? await createTenant(db, cmd.tenant) : await getTenant(db, cmd.tenantId)
    const key = await createApiKey(db, tenant.id, cmd.keyName, cmd.scopes)
    return { tenantId: tenant.id, tenantName: tenant.name, tenantCreated: cmd.kind === 'new', key }
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw new UsageError(`no tenant ${(cmd as { tenantId: string }).tenantId} in this database`)
    throw err
  }
}
