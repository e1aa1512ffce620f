// A service point's billing terms by date (issue 12 §4): a completed usage,
// units, diameter or capacity change adds a row to service_point_terms
// (migration T0170) and the point's column keeps the newest value, so GET
// /v1/service-points shows what holds now while the settlement of any
// period, a correction of an earlier one included, reads the value valid on
// each day (core/settle/term-segments.ts).
import { sql } from 'kysely'
import { addDays } from '../../core/shared/dates.ts'
import { termOn, type TermAttribute } from '../../core/settle/term-segments.ts'
import type { Db } from '../../db/database.ts'
import { unprocessable } from '../errors.ts'

const COLUMN: Record<TermAttribute, string> = {
  usage_type: 'usage_type', dwelling_units: 'dwelling_units', diameter_mm: 'diameter_mm', contract_capacity_m3: 'contract_capacity_m3',
}

export interface OpenPoint { servicePointId: string; resource: string; usageType: string; dwellingUnits: number; diameterMm: string | null; contractCapacityM3: string | null; closedOn: string | null }

/** The account's points open on `day` (not permanently disconnected by then), locked for the change. */
export async function openPointsOf(trx: Db, tenantId: string, accountId: string, day: string): Promise<OpenPoint[]> {
  return trx.selectFrom('servicePoints').select(['servicePointId', 'resource', 'usageType', 'dwellingUnits', 'diameterMm', 'contractCapacityM3', 'closedOn'])
    .where('tenantId', '=', tenantId).where('accountId', '=', accountId)
    .where((eb) => eb.or([eb('closedOn', 'is', null), eb('closedOn', '>', day)]))
    .orderBy('servicePointId').forUpdate().execute()
}

/** The one point a change applies to: the given one, or the account's only open point. */
export async function onePoint(trx: Db, tenantId: string, accountId: string, day: string, servicePointId: string | undefined, where: string): Promise<OpenPoint> {
  const points = await openPointsOf(trx, tenantId, accountId, day)
  if (servicePointId) {
    const p = points.find((x) => x.servicePointId === servicePointId)
    if (!p) throw unprocessable('unknown_service_point', `service point ${servicePointId} is not an open point of this account on ${day}`, [{ path: `${where}.completion.servicePointId`, message: 'not an open point of this account' }])
    return p
  }
  if (points.length === 1) return points[0]!
  throw unprocessable(points.length ? 'service_point_required' : 'no_open_service_point',
    points.length ? `the account has ${points.length} open service points: name one in completion.servicePointId (${points.map((p) => `${p.servicePointId} ${p.resource}`).join(', ')})`
      : `the account has no service point open on ${day}`,
    [{ path: `${where}.completion.servicePointId`, message: points.length ? 'required: the account has several points' : 'no open point' }])
}

/** Records `value` from `from` on, keeping what it replaced; returns the value before. */
export async function changeTerm(trx: Db, tenantId: string, p: OpenPoint, attribute: TermAttribute, from: string, value: string, requestId: string): Promise<{ previous: string | null }> {
  const history = await trx.selectFrom('servicePointTerms').select(['effectiveFrom as from', 'value', 'previousValue as previous'])
    .where('tenantId', '=', tenantId).where('servicePointId', '=', p.servicePointId).where('attribute', '=', attribute).orderBy('effectiveFrom').execute()
  const stored = attribute === 'usage_type' ? p.usageType : attribute === 'dwelling_units' ? String(p.dwellingUnits)
    : attribute === 'diameter_mm' ? p.diameterMm : p.contractCapacityM3
  const changes = history.map((h) => ({ attribute, from: h.from, value: h.value, previous: h.previous }))
  const previous = termOn(changes, addDays(from, -1), stored)
  await trx.insertInto('servicePointTerms').values({ tenantId, servicePointId: p.servicePointId, attribute, effectiveFrom: from, value, previousValue: previous, requestId })
    .onConflict((oc) => oc.columns(['tenantId', 'servicePointId', 'attribute', 'effectiveFrom']).doUpdateSet({ value, requestId })).execute()
  // the next change (if this one is inserted before it) now replaces this value
  await trx.updateTable('servicePointTerms').set({ previousValue: value }).where('tenantId', '=', tenantId).where('servicePointId', '=', p.servicePointId)
    .where('attribute', '=', attribute).where('effectiveFrom', '=', (eb) => eb.selectFrom('servicePointTerms').select((e) => e.fn.min('effectiveFrom').as('m'))
      .where('tenantId', '=', tenantId).where('servicePointId', '=', p.servicePointId).where('attribute', '=', attribute).where('effectiveFrom', '>', from)).execute()
  // the column holds the newest value
  const newest = await trx.selectFrom('servicePointTerms').select('value').where('tenantId', '=', tenantId).where('servicePointId', '=', p.servicePointId)
    .where('attribute', '=', attribute).orderBy('effectiveFrom', 'desc').limit(1).executeTakeFirstOrThrow()
  await sql`update service_points set ${sql.ref(COLUMN[attribute])} = ${attribute === 'dwelling_units' ? Number(newest.value) : newest.value}, updated_at = now()
    where tenant_id = ${tenantId} and service_point_id = ${p.servicePointId}`.execute(trx)
  return { previous }
}
