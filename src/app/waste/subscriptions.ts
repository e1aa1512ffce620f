// Waste-collection subscriptions of an address (issue 12 §1,
// multi-utility.md "Waste collection"): bin size and collection frequency,
// effective-dated on a waste_collection service point. A new subscription
// ends the open one the day it starts (a change of bin or frequency); it
// never overlaps an earlier one. The fee is the waste_collection tariff.
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { WASTE_FREQUENCIES } from '../../core/utility/types.ts'
import type { WasteFrequency } from '../../core/utility/types.ts'
import { conflict, notFound, unprocessable } from '../errors.ts'
import { isoDate, uuid } from '../schemas.ts'
import { inTransaction } from '../transaction.ts'

export const wasteSubscriptionInput = z.strictObject({
  binLitres: z.number().int().min(1).max(10000).describe('bin size, litres (140, 190, 370 …)'),
  frequency: z.enum(WASTE_FREQUENCIES as [WasteFrequency, ...WasteFrequency[]]).describe('weekly, every_other_week, every_four_weeks'),
  validFrom: isoDate.describe('first day; pickups are counted every 7/14/28 days from it'),
})

export const wasteSubscriptionDto = z.object({
  id: uuid, servicePointId: uuid, binLitres: z.number().int(), frequency: z.string(), validFrom: z.string(),
  validTo: z.string().nullable().describe('the day after the last (exclusive); null = open-ended'),
}).meta({ id: 'WasteSubscription' })
export type WasteSubscriptionDto = z.infer<typeof wasteSubscriptionDto>

async function wastePoint(db: Db, tenantId: string, servicePointId: string): Promise<void> {
  const sp = await db.selectFrom('servicePoints').select('resource').where('tenantId', '=', tenantId).where('servicePointId', '=', servicePointId).executeTakeFirst()
  if (!sp) throw notFound('service point')
  if (sp.resource !== 'waste_collection') {
    throw unprocessable('not_a_waste_point', `a waste subscription belongs to a waste_collection service point, not to ${sp.resource}`)
  }
}

export async function addWasteSubscription(db: Db, tenantId: string, servicePointId: string, input: z.output<typeof wasteSubscriptionInput>): Promise<WasteSubscriptionDto> {
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`waste:${tenantId}:${servicePointId}`}))`.execute(trx)
    await wastePoint(trx, tenantId, servicePointId)
    const later = await trx.selectFrom('wasteSubscriptions').select('validFrom').where('tenantId', '=', tenantId).where('servicePointId', '=', servicePointId)
      .where('validFrom', '>=', input.validFrom).executeTakeFirst()
    if (later) throw conflict(`the point has a subscription from ${later.validFrom}: subscriptions are facts, a new one starts after the last`)
    // the open subscription ends the day the new one starts
    await trx.updateTable('wasteSubscriptions').set({ validTo: input.validFrom }).where('tenantId', '=', tenantId).where('servicePointId', '=', servicePointId)
      .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>', input.validFrom)])).execute()
    const row = await trx.insertInto('wasteSubscriptions').values({ tenantId, subscriptionId: uuidv7(), servicePointId, binLitres: input.binLitres,
      frequency: input.frequency, validFrom: input.validFrom, validTo: null }).returningAll().executeTakeFirstOrThrow()
    return toDto(row)
  })
}

export async function listWasteSubscriptions(db: Db, tenantId: string, servicePointId: string): Promise<{ items: WasteSubscriptionDto[] }> {
  await wastePoint(db, tenantId, servicePointId)
  const rows = await db.selectFrom('wasteSubscriptions').selectAll().where('tenantId', '=', tenantId).where('servicePointId', '=', servicePointId)
    .orderBy('validFrom').execute()
  return { items: rows.map(toDto) }
}

/**
 * The subscriptions of an address's waste points (seed 001 "Mina avtal", the
 * portal's address view), in point and date order; a customer's limited to
 * the points of the accounts it holds (`accounts`), as consumption is.
 * Indexes: service_points_premises (0110), waste_subscriptions_point (0100).
 */
export async function listWasteSubscriptionsAtPremises(db: Db, tenantId: string, premisesId: string, accounts: readonly string[] | undefined): Promise<{ items: WasteSubscriptionDto[] }> {
  const premises = await db.selectFrom('premises').select('premisesId').where('tenantId', '=', tenantId).where('premisesId', '=', premisesId).executeTakeFirst()
  if (!premises) throw notFound('premises')
  let q = db.selectFrom('wasteSubscriptions as w')
    .innerJoin('servicePoints as sp', (j) => j.onRef('sp.tenantId', '=', 'w.tenantId').onRef('sp.servicePointId', '=', 'w.servicePointId'))
    .selectAll('w').where('sp.tenantId', '=', tenantId).where('sp.premisesId', '=', premisesId).where('sp.resource', '=', 'waste_collection')
  if (accounts) q = q.where('sp.accountId', 'in', accounts.length ? [...accounts] : ['00000000-0000-0000-0000-000000000000'])
  const rows = await q.orderBy('w.servicePointId').orderBy('w.validFrom').execute()
  return { items: rows.map(toDto) }
}

const toDto = (r: { subscriptionId: string; servicePointId: string; binLitres: number; frequency: string; validFrom: string; validTo: string | null }): WasteSubscriptionDto => ({
  id: r.subscriptionId, servicePointId: r.servicePointId, binLitres: r.binLitres, frequency: r.frequency, validFrom: r.validFrom, validTo: r.validTo,
})
