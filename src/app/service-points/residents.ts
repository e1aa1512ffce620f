// Residents registered at a service point over time (normative charges,
// Decree 354 formula 4(1)): each row holds from its date until the next.
import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { notFound } from '../errors.ts'
import { isoDate } from '../schemas.ts'

export const residentsInput = z.object({ effectiveFrom: isoDate, residents: z.number().int().min(0).max(10000) }).strict()
export const residentsDto = z.object({ effectiveFrom: z.string(), residents: z.number().int() }).meta({ id: 'ResidentsEntry' })

export async function assertServicePoint(db: Db, tenantId: string, servicePointId: string): Promise<void> {
  const sp = await db.selectFrom('servicePoints').select('servicePointId')
    .where('tenantId', '=', tenantId).where('servicePointId', '=', servicePointId).executeTakeFirst()
  if (!sp) throw notFound('service point')
}

export async function setResidents(db: Db, tenantId: string, servicePointId: string, input: z.infer<typeof residentsInput>) {
  await assertServicePoint(db, tenantId, servicePointId)
  await db.insertInto('residents').values({ tenantId, servicePointId, ...input })
    .onConflict((oc) => oc.columns(['tenantId', 'servicePointId', 'effectiveFrom']).doUpdateSet({ residents: input.residents, recordedAt: sql<Date>`now()` }))
    .execute()
  return listResidents(db, tenantId, servicePointId)
}

export async function listResidents(db: Db, tenantId: string, servicePointId: string) {
  await assertServicePoint(db, tenantId, servicePointId)
  const rows = await db.selectFrom('residents').select(['effectiveFrom', 'residents'])
    .where('tenantId', '=', tenantId).where('servicePointId', '=', servicePointId).orderBy('effectiveFrom').execute()
  return { items: rows }
}
