// Facility groups (issue 10 §5, seed 001 "Administration": "gruppera
// anläggningar"): a customer user names groups of its facilities, premises
// or service points of the accounts it holds. A group stores what the
// customer chose; which service points it covers is resolved on every read
// (servicePointsOfGroup) against the accounts the user holds at that moment,
// by the app's clock, so a revoked or expired delegation drops its facilities
// from every group at once and a group never shows another's service point.
// servicePointsOfGroup is the one resolution every per-group view uses
// (lists, balances, documents here; consumption per group elsewhere).
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { conflict, notFound } from '../errors.ts'
import { uuid } from '../schemas.ts'
import { inTransaction } from '../transaction.ts'

export const facilityGroupInput = z.object({
  name: z.string().trim().min(1).max(100),
  premisesIds: z.array(uuid).max(500).default([]).describe('premises: every service point there of an account you hold'),
  servicePointIds: z.array(uuid).max(2000).default([]).describe('single service points of accounts you hold'),
}).strict().meta({ id: 'FacilityGroupInput' })
export const facilityGroupPatch = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  premisesIds: z.array(uuid).max(500).optional().describe('replaces the premises'),
  servicePointIds: z.array(uuid).max(2000).optional().describe('replaces the service points'),
}).strict().meta({ id: 'FacilityGroupPatch' })

export const groupServicePointDto = z.object({
  id: z.uuid(), resource: z.string(), code: z.string().nullable(), accountId: z.uuid(), accountNumber: z.string(),
  premisesId: z.uuid().nullable(), address: z.string().nullable(),
}).meta({ id: 'GroupServicePoint' })
export type GroupServicePoint = z.infer<typeof groupServicePointDto>

export const facilityGroupDto = z.object({
  id: z.uuid(), name: z.string(),
  premisesIds: z.array(z.uuid()).describe('the premises chosen'), servicePointIds: z.array(z.uuid()).describe('the service points chosen'),
  servicePoints: z.array(groupServicePointDto).describe('what the group covers now: the chosen service points and those at the chosen premises, of the accounts you hold now'),
  accountIds: z.array(z.uuid()).describe('the accounts of those service points'),
  createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'FacilityGroup' })
export type FacilityGroupDto = z.infer<typeof facilityGroupDto>

const groupNotFound = () => notFound('facility group')
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The service points at a premises: its own premises, else its account's. */
const premisesOf = sql<string | null>`coalesce(sp.premises_id, a.premises_id)`

/** Service points of the accounts the user holds now (a delegation past its end excluded, by the app's clock). */
function heldServicePoints(db: Db, tenantId: string, customerUserId: string, now: Date) {
  return db.selectFrom('servicePoints as sp')
    .innerJoin('accounts as a', (j) => j.onRef('a.tenantId', '=', 'sp.tenantId').onRef('a.accountId', '=', 'sp.accountId'))
    .innerJoin('customerAccountLinks as l', (j) => j.onRef('l.tenantId', '=', 'sp.tenantId').onRef('l.accountId', '=', 'sp.accountId')
      .on('l.customerUserId', '=', customerUserId).on((eb) => eb.or([eb('l.expiresAt', 'is', null), eb('l.expiresAt', '>', now)])))
    .leftJoin('premises as p', (j) => j.onRef('p.tenantId', '=', 'sp.tenantId').on('p.premisesId', '=', premisesOf))
    .select(['sp.servicePointId', 'sp.resource', 'sp.code', 'sp.accountId', 'a.number', 'p.address', premisesOf.as('premisesId')])
    .where('sp.tenantId', '=', tenantId)
}

async function ownGroup(db: Db, tenantId: string, customerUserId: string, groupId: string) {
  if (!UUID.test(groupId)) throw groupNotFound()
  const g = await db.selectFrom('facilityGroups').selectAll().where('tenantId', '=', tenantId).where('groupId', '=', groupId)
    .where('customerUserId', '=', customerUserId).executeTakeFirst()
  if (!g) throw groupNotFound()
  return g
}

/**
 * The service points a group covers now: the ones chosen and those at the
 * chosen premises, of the accounts the user holds at `clock`'s instant. A
 * group that is not the user's answers 404 (another's is a missing one).
 */
export async function servicePointsOfGroup(db: Db, tenantId: string, customerUserId: string, groupId: string, clock: Clock): Promise<GroupServicePoint[]> {
  await ownGroup(db, tenantId, customerUserId, groupId)
  const rows = await heldServicePoints(db, tenantId, customerUserId, clock.now())
    .where((eb) => eb.or([
      eb('sp.servicePointId', 'in', eb.selectFrom('facilityGroupServicePoints').select('servicePointId').where('tenantId', '=', tenantId).where('groupId', '=', groupId)),
      eb(premisesOf, 'in', eb.selectFrom('facilityGroupPremises').select('premisesId').where('tenantId', '=', tenantId).where('groupId', '=', groupId)),
    ]))
    .orderBy('a.number').orderBy('sp.servicePointId').execute()
  return rows.map((r) => ({ id: r.servicePointId, resource: r.resource, code: r.code, accountId: r.accountId, accountNumber: r.number,
    premisesId: r.premisesId, address: r.address }))
}

/** Every chosen facility must be within the user's reach now: one that is not answers 404, like a missing one. */
async function checkReach(db: Db, tenantId: string, customerUserId: string, premisesIds: string[], servicePointIds: string[], now: Date) {
  if (servicePointIds.length) {
    const found = await heldServicePoints(db, tenantId, customerUserId, now).where('sp.servicePointId', 'in', servicePointIds).execute()
    if (new Set(found.map((f) => f.servicePointId)).size !== new Set(servicePointIds).size) throw notFound('service point')
  }
  if (premisesIds.length) {
    const found = await heldServicePoints(db, tenantId, customerUserId, now).where(premisesOf, 'in', premisesIds).execute()
    const atPremises = new Set(found.map((f) => f.premisesId))
    // A premises of a held account with no service point yet is also the customer's.
    const viaAccounts = await db.selectFrom('accounts as a')
      .innerJoin('customerAccountLinks as l', (j) => j.onRef('l.tenantId', '=', 'a.tenantId').onRef('l.accountId', '=', 'a.accountId')
        .on('l.customerUserId', '=', customerUserId).on((eb) => eb.or([eb('l.expiresAt', 'is', null), eb('l.expiresAt', '>', now)])))
      .select('a.premisesId').where('a.tenantId', '=', tenantId).where('a.premisesId', 'in', premisesIds).execute()
    for (const v of viaAccounts) atPremises.add(v.premisesId)
    if (new Set(premisesIds).size !== [...new Set(premisesIds)].filter((p) => atPremises.has(p)).length) throw notFound('premises')
  }
}

async function toDto(db: Db, g: { tenantId: string; groupId: string; customerUserId: string; name: string; createdAt: Date; updatedAt: Date }, clock: Clock): Promise<FacilityGroupDto> {
  const [premises, points, covered] = await Promise.all([
    db.selectFrom('facilityGroupPremises').select('premisesId').where('tenantId', '=', g.tenantId).where('groupId', '=', g.groupId).orderBy('premisesId').execute(),
    db.selectFrom('facilityGroupServicePoints').select('servicePointId').where('tenantId', '=', g.tenantId).where('groupId', '=', g.groupId).orderBy('servicePointId').execute(),
    servicePointsOfGroup(db, g.tenantId, g.customerUserId, g.groupId, clock),
  ])
  return { id: g.groupId, name: g.name, premisesIds: premises.map((p) => p.premisesId), servicePointIds: points.map((p) => p.servicePointId),
    servicePoints: covered, accountIds: [...new Set(covered.map((c) => c.accountId))], createdAt: g.createdAt.toISOString(), updatedAt: g.updatedAt.toISOString() }
}

const nameTaken = (err: { code?: string; constraint?: string }) => {
  if (err?.code === '23505' && err.constraint === 'facility_groups_user_name') throw conflict('you have a group of this name')
  throw err
}

async function writeMembers(trx: Db, tenantId: string, groupId: string, premisesIds: string[] | undefined, servicePointIds: string[] | undefined) {
  if (premisesIds) {
    await trx.deleteFrom('facilityGroupPremises').where('tenantId', '=', tenantId).where('groupId', '=', groupId).execute()
    const ids = [...new Set(premisesIds)]
    if (ids.length) await trx.insertInto('facilityGroupPremises').values(ids.map((premisesId) => ({ tenantId, groupId, premisesId }))).execute()
  }
  if (servicePointIds) {
    await trx.deleteFrom('facilityGroupServicePoints').where('tenantId', '=', tenantId).where('groupId', '=', groupId).execute()
    const ids = [...new Set(servicePointIds)]
    if (ids.length) await trx.insertInto('facilityGroupServicePoints').values(ids.map((servicePointId) => ({ tenantId, groupId, servicePointId }))).execute()
  }
}

export async function createFacilityGroup(db: Db, tenantId: string, customerUserId: string, input: z.output<typeof facilityGroupInput>, clock: Clock): Promise<FacilityGroupDto> {
  const now = clock.now()
  await checkReach(db, tenantId, customerUserId, input.premisesIds, input.servicePointIds, now)
  const groupId = randomUUID()
  const g = await inTransaction(db, async (trx) => {
    const row = await trx.insertInto('facilityGroups').values({ tenantId, groupId, customerUserId, name: input.name, createdAt: now, updatedAt: now })
      .returningAll().executeTakeFirstOrThrow()
    await writeMembers(trx, tenantId, groupId, input.premisesIds, input.servicePointIds)
    return row
  }).catch(nameTaken)
  return toDto(db, g, clock)
}

export async function updateFacilityGroup(db: Db, tenantId: string, customerUserId: string, groupId: string, patch: z.output<typeof facilityGroupPatch>, clock: Clock): Promise<FacilityGroupDto> {
  await ownGroup(db, tenantId, customerUserId, groupId)
  await checkReach(db, tenantId, customerUserId, patch.premisesIds ?? [], patch.servicePointIds ?? [], clock.now())
  const g = await inTransaction(db, async (trx) => {
    const row = await trx.updateTable('facilityGroups').set({ ...(patch.name !== undefined ? { name: patch.name } : {}), updatedAt: clock.now() })
      .where('tenantId', '=', tenantId).where('groupId', '=', groupId).returningAll().executeTakeFirstOrThrow()
    await writeMembers(trx, tenantId, groupId, patch.premisesIds, patch.servicePointIds)
    return row
  }).catch(nameTaken)
  return toDto(db, g, clock)
}

export async function deleteFacilityGroup(db: Db, tenantId: string, customerUserId: string, groupId: string): Promise<void> {
  await ownGroup(db, tenantId, customerUserId, groupId)
  await db.deleteFrom('facilityGroups').where('tenantId', '=', tenantId).where('groupId', '=', groupId).execute()
}

export async function getFacilityGroup(db: Db, tenantId: string, customerUserId: string, groupId: string, clock: Clock): Promise<FacilityGroupDto> {
  return toDto(db, await ownGroup(db, tenantId, customerUserId, groupId), clock)
}

export async function listFacilityGroups(db: Db, tenantId: string, customerUserId: string, clock: Clock): Promise<FacilityGroupDto[]> {
  const groups = await db.selectFrom('facilityGroups').selectAll().where('tenantId', '=', tenantId).where('customerUserId', '=', customerUserId)
    .orderBy(sql`lower(name)`).limit(500).execute()
  return Promise.all(groups.map((g) => toDto(db, g, clock)))
}
