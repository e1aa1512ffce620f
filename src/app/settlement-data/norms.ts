// Consumption norms N (m³ per person per month, Decree 354 formula 4(1)),
// effective-dated and seasonal when months are given; extra norms for a
// land plot or livestock (memo 003). Facts: created, never edited.
import { v7 as uuidv7 } from 'uuid'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { notFound } from '../errors.ts'
import { decodeCursor, pageFrom } from '../pagination.ts'
import { coreResource } from '../calculations/facts-schema.ts'
import { decimal, isoDate, pageQuery, uuid } from '../schemas.ts'

export const normInput = z.strictObject({
  resource: coreResource,
  kind: z.enum(['per_person', 'land_plot', 'livestock']).default('per_person').describe('per person (m³/person/month), or extra norms per m² of land or per head of livestock'),
  validFrom: isoDate,
  validTo: isoDate.nullable().default(null).describe('exclusive; null = open-ended'),
  value: decimal.describe('m³ per person (or m², head) per month, set by the regional authority'),
  months: z.array(z.number().int().min(1).max(12)).min(1).max(12).nullable().default(null).describe('calendar months (1–12) of a seasonal norm; all months when null'),
}).refine((v) => v.validTo === null || v.validFrom < v.validTo, { message: 'validFrom must be before validTo', path: ['validTo'] })

export const normDto = z.object({
  id: uuid, resource: z.string(), kind: z.string(), validFrom: z.string(), validTo: z.string().nullable(), value: z.string(),
  months: z.array(z.number()).nullable(), createdAt: z.string(),
}).meta({ id: 'Norm' })

export const normFilters = pageQuery.extend({ resource: coreResource.optional() })

type Row = { normId: string; resource: string; kind: string; validFrom: string; validTo: string | null; value: string; months: number[] | null; createdAt: Date }
const toDto = (r: Row): z.infer<typeof normDto> => ({ id: r.normId, resource: r.resource, kind: r.kind, validFrom: r.validFrom, validTo: r.validTo,
  value: r.value, months: r.months, createdAt: r.createdAt.toISOString() })

export async function createNorm(db: Db, tenantId: string, input: z.output<typeof normInput>) {
  const row = await db.insertInto('norms').values({ tenantId, normId: uuidv7(), resource: input.resource, kind: input.kind,
    validFrom: input.validFrom, validTo: input.validTo, value: input.value, months: input.months }).returningAll().executeTakeFirstOrThrow()
  return toDto(row as Row)
}

export async function getNorm(db: Db, tenantId: string, id: string) {
  const row = await db.selectFrom('norms').selectAll().where('tenantId', '=', tenantId).where('normId', '=', id).executeTakeFirst()
  if (!row) throw notFound('norm')
  return toDto(row as Row)
}

export async function listNorms(db: Db, tenantId: string, f: z.output<typeof normFilters>) {
  const after = decodeCursor(f.cursor)
  const rows = await db.selectFrom('norms').selectAll().where('tenantId', '=', tenantId)
    .$if(!!after, (q) => q.where('normId', '>', after!)).$if(!!f.resource, (q) => q.where('resource', '=', f.resource!))
    .orderBy('normId').limit(f.limit + 1).execute()
  return pageFrom(rows as Row[], f.limit, (r) => r.normId, toDto)
}
