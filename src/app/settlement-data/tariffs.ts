// Tariff versions as effective-dated facts (bills-and-tariffs.md "Tariffs are
// data with effective dates"). Append-only: a version is never edited, so a
// bill can always be recomputed from what it was priced with; versions of
// one service and usage type must not overlap (the day's price is then one).
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import type { TariffVersion } from '../../core/tariff/types.ts'
import { tariffScheduleSchema } from '../calculations/tariff-schema.ts'
import { isUtilityService, parseUtilityDefinition } from './utility-tariffs.ts'
import { conflict, notFound, validationError } from '../errors.ts'
import { decodeCursor, pageFrom } from '../pagination.ts'
import { isoDate, pageQuery, uuid } from '../schemas.ts'
import { inTransaction } from '../transaction.ts'

const name = z.string().trim().min(1).max(100)

export const tariffVersionInput = z.strictObject({
  service: name.describe('cold_water, hot_water, wastewater, …; electricity, district_heating, solar_production and waste_collection take their own definition (README "Other utilities (Sweden)")'),
  usageType: name.describe('residential, non_residential, commercial, …: matched against the service point\'s usage type'),
  validFrom: isoDate.describe('first day in force'),
  validTo: isoDate.nullable().default(null).describe('the day after the last in force (exclusive); null = open-ended'),
  definition: z.record(z.string(), z.unknown()).describe('the price: volume, fixedFees, surcharges, taxes, costPricePerM3 — the calculation API\'s tariff version without id, service, usage and dates'),
  source: z.string().trim().max(500).nullish().describe('where the numbers come from (decree, board decision)'),
}).refine((v) => v.validTo === null || v.validFrom < v.validTo, { message: 'validFrom must be before validTo', path: ['validTo'] })
export type TariffVersionInput = z.output<typeof tariffVersionInput>

export const tariffVersionDto = z.object({
  id: uuid, service: z.string(), usageType: z.string(), validFrom: z.string(), validTo: z.string().nullable(),
  definition: z.record(z.string(), z.unknown()), source: z.string().nullable(), createdAt: z.string(),
}).meta({ id: 'TariffVersion' })
export type TariffVersionDto = z.infer<typeof tariffVersionDto>

export const tariffFilters = pageQuery.extend({
  service: name.optional(), usageType: name.optional(),
  on: isoDate.optional().describe('only the versions in force on this day'),
})

const DEFINITION_KEYS = ['volume', 'fixedFees', 'surcharges', 'taxes', 'costPricePerM3']

/** The definition checked with the calculation API's schema: the same shapes the core prices with. */
function checkDefinition(input: TariffVersionInput): Record<string, unknown> {
  if (isUtilityService(input.service)) return checkUtilityDefinition(input)
  const extra = Object.keys(input.definition).filter((k) => !DEFINITION_KEYS.includes(k))
  if (extra.length) throw validationError('the tariff definition is not valid', extra.map((k) => ({ path: `body.definition.${k}`, message: `unknown field; expected one of ${DEFINITION_KEYS.join(', ')}` })))
  const version = { ...input.definition, id: 'new', service: input.service, usage: input.usageType, from: input.validFrom, to: input.validTo }
  const r = tariffScheduleSchema.safeParse({ versions: [version] })
  if (!r.success) {
    throw validationError('the tariff definition is not valid', r.error.issues.map((i) => ({
      path: ['body.definition', ...i.path.slice(2).map(String)].join('.'), message: i.message,
    })))
  }
  const { id: _i, service: _s, usage: _u, from: _f, to: _t, ...definition } = r.data.versions[0]!
  return definition
}

/** Electricity, district heating, solar production and waste: their own shapes (utility-tariffs.ts). */
function checkUtilityDefinition(input: TariffVersionInput): Record<string, unknown> {
  const r = parseUtilityDefinition(input.service, input.definition)
  if (!r.success) {
    throw validationError(`the ${input.service} tariff definition is not valid`, r.error.issues.map((i) => ({
      path: ['body.definition', ...i.path.map(String)].join('.'), message: i.message,
    })))
  }
  return r.data
}

type Row = { tariffVersionId: string; service: string; usageType: string; validFrom: string; validTo: string | null; definition: Record<string, unknown>; source: string | null; createdAt: Date }

const toDto = (r: Row): TariffVersionDto => ({
  id: r.tariffVersionId, service: r.service, usageType: r.usageType, validFrom: r.validFrom, validTo: r.validTo,
  definition: r.definition, source: r.source, createdAt: r.createdAt.toISOString(),
})

export async function createTariffVersion(db: Db, tenantId: string, input: TariffVersionInput): Promise<TariffVersionDto> {
  const definition = checkDefinition(input)
  return inTransaction(db, async (trx) => {
    // Two writers of the same service and usage type take turns, so the overlap check holds.
    await sql`select pg_advisory_xact_lock(hashtext(${`tariff:${tenantId}:${input.service}:${input.usageType}`}))`.execute(trx)
    const overlap = await trx.selectFrom('tariffVersions').select(['tariffVersionId', 'validFrom', 'validTo'])
      .where('tenantId', '=', tenantId).where('service', '=', input.service).where('usageType', '=', input.usageType)
      .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>', input.validFrom)]))
      .$if(input.validTo !== null, (q) => q.where('validFrom', '<', input.validTo!))
      .executeTakeFirst()
    if (overlap) throw conflict(`the version ${overlap.tariffVersionId} of ${input.service}/${input.usageType} is in force on some of these days (from ${overlap.validFrom}${overlap.validTo ? ` to ${overlap.validTo}` : ''}): versions are facts and never overlap`)
    const row = await trx.insertInto('tariffVersions').values({
      tenantId, tariffVersionId: uuidv7(), service: input.service, usageType: input.usageType, validFrom: input.validFrom,
      validTo: input.validTo, definition: JSON.stringify(definition), source: input.source ?? null,
    }).returningAll().executeTakeFirstOrThrow()
    return toDto(row as Row)
  })
}

export async function getTariffVersion(db: Db, tenantId: string, id: string): Promise<TariffVersionDto> {
  const row = await db.selectFrom('tariffVersions').selectAll().where('tenantId', '=', tenantId).where('tariffVersionId', '=', id).executeTakeFirst()
  if (!row) throw notFound('tariff version')
  return toDto(row as Row)
}

export async function listTariffVersions(db: Db, tenantId: string, f: z.output<typeof tariffFilters>) {
  const after = decodeCursor(f.cursor)
  const rows = await db.selectFrom('tariffVersions').selectAll().where('tenantId', '=', tenantId)
    .$if(!!after, (q) => q.where('tariffVersionId', '>', after!))
    .$if(!!f.service, (q) => q.where('service', '=', f.service!))
    .$if(!!f.usageType, (q) => q.where('usageType', '=', f.usageType!))
    .$if(!!f.on, (q) => q.where('validFrom', '<=', f.on!).where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>', f.on!)])))
    .orderBy('tariffVersionId').limit(f.limit + 1).execute()
  return pageFrom(rows as Row[], f.limit, (r) => r.tariffVersionId, toDto)
}

/** The core's form of a stored version: its id is the row's, its dates the row's. */
export function toCoreVersion(r: { tariffVersionId: string; service: string; usageType: string; validFrom: string; validTo: string | null; definition: Record<string, unknown>; source: string | null }): TariffVersion {
  return { ...(r.definition as object), id: r.tariffVersionId, service: r.service, usage: r.usageType, from: r.validFrom, to: r.validTo,
    ...(r.source ? { source: r.source } : {}) } as TariffVersion
}
