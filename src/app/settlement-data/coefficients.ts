// The increasing coefficient K from a date on, per resource (memo 003: 1.1
// from 2015-01-01 … 1.5 from 2016-07-01; conventions.md: 3 for cold water
// from 2025-12-06). Keyed by resource and date: one value per day, never edited.
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { coreResource } from '../calculations/facts-schema.ts'
import { decimal, isoDate } from '../schemas.ts'

export const coefficientInput = z.strictObject({
  resource: coreResource,
  validFrom: isoDate.describe('K applies from this day until the next coefficient of the resource'),
  value: decimal.refine((v) => Number(v) >= 1, 'K is at least 1').describe('the increasing coefficient K'),
})

export const coefficientDto = z.object({ resource: z.string(), validFrom: z.string(), value: z.string() }).meta({ id: 'Coefficient' })
export const coefficientFilters = z.object({ resource: coreResource.optional() })

export async function createCoefficient(db: Db, tenantId: string, input: z.output<typeof coefficientInput>) {
  const row = await db.insertInto('coefficients').values({ tenantId, ...input }).returning(['resource', 'validFrom', 'value']).executeTakeFirstOrThrow()
  return row
}

export async function listCoefficients(db: Db, tenantId: string, f: z.output<typeof coefficientFilters>) {
  const items = await db.selectFrom('coefficients').select(['resource', 'validFrom', 'value']).where('tenantId', '=', tenantId)
    .$if(!!f.resource, (q) => q.where('resource', '=', f.resource!)).orderBy('resource').orderBy('validFrom').execute()
  return { items }
}
