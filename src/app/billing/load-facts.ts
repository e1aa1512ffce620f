// The facts of a chunk of accounts, loaded in bulk: a handful of set-based
// queries per chunk (points, meters, events, readings, acts, residents,
// links), never one per service point. Rows become the core's plain facts
// (src/core/volume/facts.ts): ISO dates and decimal strings.
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { Act, Meter, MeterEvent, PointFacts, Reading, ResidentsFrom, ServicePoint } from '../../core/volume/facts.ts'
import type { WasteSubscription } from '../../core/utility/types.ts'
import type { Suspension, TermChange } from '../../core/settle/term-segments.ts'

export interface LoadedPoint {
  accountId: string
  facts: PointFacts
  /** the resource as stored: the core settles water only */
  resource: string
  usage: string
  dwellings: number
  /** ids of points whose volumes this one needs (transit downstream, wastewater sources) */
  needs: string[]
  /** the account's open days: opened on `from`, closed on `to` (exclusive) when it is closed */
  open: { from: string; to: string | null }
  /** the unit the point's meters count in (m3, kWh, MWh, pickup) */
  unit?: string
  /** a waste_collection point's subscriptions (bin size, frequency), in date order */
  waste?: WasteSubscription[]
  /** m³ per month (seed 002 items 8, 18), the newest value */
  contractCapacityM3?: string | null
  /** the point's terms by date (completed service requests, issue 12 §4); absent: the stored values hold throughout */
  terms?: TermChange[]
  /** temporary disconnections: days not billed */
  suspensions?: Suspension[]
}

/** Resources a bill run bills: water by the volume methods, the other utilities by core/utility (issue 12 §1). */
export const BILLED_RESOURCES = ['cold_water', 'hot_water', 'wastewater', 'electricity', 'district_heating', 'solar_production', 'waste_collection']

export interface Window {
  /** first day of the period */
  from: string
  /** the day after the period */
  to: string
  /** readings from this day on: a year and more before the period (averaging, Decree 776 §17) */
  readingsFrom: string
  timeZone: string
}

type PointRow = { id: string; account: string; akind: string; resource: string; usage: string; diameter: string | null; lossvol: string | null;
  losspct: string | null; transit: boolean; hws: 'open' | 'closed' | null; gv: string | null; gvper: 'day' | 'month' | null; dwellings: number; premises: string | null;
  opened: string; closed: string | null; unit: string; cap: string | null; spclosed: string | null }

const POINT_COLUMNS = sql`sp.service_point_id as id, sp.account_id as account, a.kind as akind, sp.resource, sp.usage_type as usage,
  sp.diameter_mm::text as diameter, sp.losses_volume_m3::text as lossvol, sp.losses_percent::text as losspct, sp.transit_organization as transit,
  sp.hot_water_system as hws, sp.guaranteed_volume::text as gv, sp.guaranteed_volume_per as gvper, sp.dwelling_units as dwellings, sp.premises_id as premises,
  a.opened_on::text as opened, a.closed_on::text as closed, sp.unit, sp.contract_capacity_m3::text as cap, sp.closed_on::text as spclosed`

/** The points of the accounts with ids in [first, last] that are open during the period, in account order. */
export async function loadChunkPoints(db: Db, tenantId: string, first: string, last: string, w: Window, exclude: string[] = []): Promise<LoadedPoint[]> {
  // The chunk's accounts first (a range of the primary key), then their points by that list (issue 13). With the range
  // in the join itself the planner either hashed a scan of every service point of the tenant once per chunk (cost
  // growing with the tenant) or, with the range on both tables, misjudged it as a row or two and looped over the
  // chunk's points once per account: 640 ms a chunk at 1M points. A list of known length it estimates exactly.
  const { rows } = await sql<{ id: string }>`select account_id as id from accounts
    where tenant_id = ${tenantId} and account_id between ${first} and ${last} and not (account_id = any(${exclude}::uuid[]))`.execute(db)
  return loadAccountPoints(db, tenantId, rows.map((r) => r.id), w)
}

/** The points of the listed accounts open during the period (a chunk's, or earlier periods' for corrections). */
export async function loadAccountPoints(db: Db, tenantId: string, accountIds: string[], w: Window): Promise<LoadedPoint[]> {
  if (!accountIds.length) return []
  return openPoints(db, tenantId, accountIds, w)
}

/** Billed points (BILLED_RESOURCES) of the listed accounts that are open during the window, in account order. */
async function openPoints(db: Db, tenantId: string, accountIds: string[], w: Window): Promise<LoadedPoint[]> {
  // the list on both tables: each is then reached by its index on the account (see loadChunkPoints)
  const { rows } = await sql<PointRow>`
    select ${POINT_COLUMNS}
    from accounts a join service_points sp on sp.tenant_id = a.tenant_id and sp.account_id = a.account_id
    where a.tenant_id = ${tenantId} and a.account_id = any(${accountIds}::uuid[]) and sp.account_id = any(${accountIds}::uuid[])
      and a.opened_on < ${w.to} and (a.closed_on is null or a.closed_on > ${w.from})
      and sp.resource = any(${BILLED_RESOURCES}::text[])
      and (sp.closed_on is null or sp.closed_on > ${w.from})
    order by a.account_id, sp.service_point_id`.execute(db)
  return withDetails(db, tenantId, rows, w)
}

/** Points by id (another account's downstream points of a transit organization). */
export async function loadPointsById(db: Db, tenantId: string, ids: string[], w: Window): Promise<LoadedPoint[]> {
  if (!ids.length) return []
  const { rows } = await sql<PointRow>`
    select ${POINT_COLUMNS}
    from service_points sp join accounts a on a.tenant_id = sp.tenant_id and a.account_id = sp.account_id
    where sp.tenant_id = ${tenantId} and sp.service_point_id = any(${ids}::uuid[])`.execute(db)
  return withDetails(db, tenantId, rows, w)
}

async function withDetails(db: Db, tenantId: string, rows: PointRow[], w: Window): Promise<LoadedPoint[]> {
  if (!rows.length) return []
  const ids = rows.map((r) => r.id)
  const [meters, acts, residents, links, waste, terms, suspensions] = await Promise.all([
    sql<{ id: string; point: string; serial: string; digits: number; decimals: number; maxflow: string | null; control: boolean; due: string | null }>`
      select meter_id as id, service_point_id as point, serial, digits, decimals, max_flow_m3h::text as maxflow, is_control as control, verification_due as due
      from meters where tenant_id = ${tenantId} and service_point_id = any(${ids}::uuid[])`.execute(db),
    sql<{ point: string; meter: string | null; kind: string; on: string; details: Record<string, any> }>`
      select service_point_id as point, meter_id as meter, kind, drawn_up_on as on, details
      from acts where tenant_id = ${tenantId} and service_point_id = any(${ids}::uuid[]) and drawn_up_on < ${w.to}
      order by drawn_up_on`.execute(db),
    sql<{ point: string; from: string; count: number }>`
      select service_point_id as point, effective_from as from, residents as count
      from residents where tenant_id = ${tenantId} and service_point_id = any(${ids}::uuid[]) order by effective_from`.execute(db),
    sql<{ up: string; down: string }>`
      select upstream_id as up, downstream_id as down from service_point_links
      where tenant_id = ${tenantId} and upstream_id = any(${ids}::uuid[])`.execute(db),
    wasteSubscriptions(db, tenantId, rows.filter((r) => r.resource === 'waste_collection').map((r) => r.id)),
    // issue 12 §4: terms by date and disconnections (primary keys of migration T0170)
    sql<{ point: string; attribute: TermChange['attribute']; from: string; value: string; previous: string | null }>`
      select service_point_id as point, attribute, effective_from::text as from, value, previous_value as previous
      from service_point_terms where tenant_id = ${tenantId} and service_point_id = any(${ids}::uuid[]) order by effective_from`.execute(db),
    sql<{ point: string; from: string; to: string | null; request: string }>`
      select service_point_id as point, from_on::text as from, until_on::text as to, request_id as request
      from service_point_suspensions where tenant_id = ${tenantId} and service_point_id = any(${ids}::uuid[])
        and from_on < ${w.to} and (until_on is null or until_on > ${w.from})`.execute(db),
  ])
  const meterIds = meters.rows.map((m) => m.id)
  const [events, readings] = await Promise.all([
    sql<{ meter: string; kind: string; on: string; index: string | null }>`
      select meter_id as meter, kind, occurred_on as on, meter_index::text as index
      from meter_events where tenant_id = ${tenantId} and meter_id = any(${meterIds}::uuid[]) order by meter_id, occurred_on, created_at`.execute(db),
    // the reading's day in the tenant's zone; the first reading at or after the period's end closes it (volume-methods.md §1)
    sql<{ meter: string; day: string; kind: 'index' | 'consumption'; value: string }>`
      select meter_id as meter, (read_at at time zone ${w.timeZone})::date::text as day, kind, value::text as value
      from readings where tenant_id = ${tenantId} and meter_id = any(${meterIds}::uuid[]) and status = 'accepted' and value is not null
        and read_at >= ${w.readingsFrom}::date - 1 and read_at < ${w.to}::date + 93
      order by meter_id, read_at`.execute(db),
  ])

  const byPoint = <T extends { point: string }>(list: T[]) => {
    const m = new Map<string, T[]>()
    for (const x of list) { const l = m.get(x.point); if (l) l.push(x); else m.set(x.point, [x]) }
    return m
  }
  const eventsByMeter = new Map<string, MeterEvent[]>()
  for (const e of events.rows) {
    const ev = meterEvent(e)
    const l = eventsByMeter.get(e.meter)
    if (l) l.push(ev); else eventsByMeter.set(e.meter, [ev])
  }
  const readingsByMeter = new Map<string, Reading[]>()
  for (const r of readings.rows) {
    const rd: Reading = r.kind === 'consumption' ? { meterId: r.meter, date: r.day, consumption: r.value } : { meterId: r.meter, date: r.day, index: r.value }
    const l = readingsByMeter.get(r.meter)
    if (l) l.push(rd); else readingsByMeter.set(r.meter, [rd])
  }
  const metersByPoint = byPoint(meters.rows)
  const actsByPoint = byPoint(acts.rows)
  const residentsByPoint = byPoint(residents.rows)
  const termsByPoint = byPoint(terms.rows)
  const suspensionsByPoint = byPoint(suspensions.rows)
  const downstream = new Map<string, string[]>()
  for (const l of links.rows) { const d = downstream.get(l.up); if (d) d.push(l.down); else downstream.set(l.up, [l.down]) }
  // Wastewater without its own meter = the water of the same account (and premises) from all sources (Decree 776 §23).
  const waterOf = new Map<string, string[]>()
  for (const r of rows) {
    if (r.resource !== 'cold_water' && r.resource !== 'hot_water') continue
    const key = `${r.account}:${r.premises ?? ''}`
    const l = waterOf.get(key); if (l) l.push(r.id); else waterOf.set(key, [r.id])
  }

  return rows.map((r) => {
    const pointMeters: Meter[] = (metersByPoint.get(r.id) ?? []).map((m) => {
      const evs = [...(eventsByMeter.get(m.id) ?? [])]
      if (m.due) evs.push({ kind: 'verification_due', date: m.due })
      return { id: m.id, serial: m.serial, digits: m.digits, decimals: m.decimals, control: m.control, events: evs,
        ...(m.maxflow ? { maxFlowM3PerH: m.maxflow } : {}) }
    })
    const pointReadings = pointMeters.flatMap((m) => readingsByMeter.get(m.id) ?? [])
    const transitDown = r.transit ? downstream.get(r.id) ?? [] : []
    const sources = r.resource === 'wastewater' ? waterOf.get(`${r.account}:${r.premises ?? ''}`) ?? [] : []
    const point: ServicePoint = {
      id: r.id, resource: r.resource as ServicePoint['resource'],
      customerKind: r.akind === 'residential' ? 'residential' : 'organization',
      // capacity needs a diameter (Decree 776 §16); without one the capacity volume is 0 and the trace shows d = 0
      diameterMm: r.diameter ?? '0',
      ...(r.losspct ? { lossesToBoundary: { kind: 'percent' as const, percent: r.losspct } } : r.lossvol ? { lossesToBoundary: { kind: 'volume_per_month' as const, volume: r.lossvol } } : {}),
      ...(r.transit ? { transit: { downstreamPointIds: transitDown } } : {}),
      ...(r.hws ? { hotWaterSystem: r.hws } : {}),
      ...(r.gv && r.gvper ? { guaranteedVolume: r.gvper === 'day' ? { perDay: r.gv } : { perMonth: r.gv } } : {}),
      ...(sources.length ? { wastewater: { sourcePointIds: sources } } : {}),
    }
    const residentsList: ResidentsFrom[] = (residentsByPoint.get(r.id) ?? []).map((x) => ({ from: x.from, count: x.count }))
    const pointTerms = termsByPoint.get(r.id)
    const pointSuspensions = suspensionsByPoint.get(r.id)
    // a permanently disconnected point closes before its account may (closed_on: the first day closed)
    const closed = r.spclosed !== null && (r.closed === null || r.spclosed < r.closed) ? r.spclosed : r.closed
    return {
      accountId: r.account, resource: r.resource, usage: r.usage, dwellings: r.dwellings, needs: [...transitDown, ...sources],
      open: { from: r.opened, to: closed }, unit: r.unit, ...(r.resource === 'waste_collection' ? { waste: waste.get(r.id) ?? [] } : {}),
      contractCapacityM3: r.cap,
      ...(pointTerms ? { terms: pointTerms.map((x) => ({ attribute: x.attribute, from: x.from, value: x.value, previous: x.previous })) } : {}),
      ...(pointSuspensions ? { suspensions: pointSuspensions.map((x) => ({ from: x.from, to: x.to, requestId: x.request })) } : {}),
      facts: { point, meters: pointMeters, readings: pointReadings, acts: (actsByPoint.get(r.id) ?? []).flatMap((a) => coreAct(a, w)),
        ...(residentsList.length ? { residents: residentsList } : {}) },
    }
  })
}

/** The subscriptions of waste points, by point, in date order (migration T0100's index). */
async function wasteSubscriptions(db: Db, tenantId: string, ids: string[]): Promise<Map<string, WasteSubscription[]>> {
  const out = new Map<string, WasteSubscription[]>()
  if (!ids.length) return out
  const rows = await db.selectFrom('wasteSubscriptions').select(['subscriptionId', 'servicePointId', 'binLitres', 'frequency', 'validFrom', 'validTo'])
    .where('tenantId', '=', tenantId).where('servicePointId', 'in', ids).orderBy('servicePointId').orderBy('validFrom').execute()
  for (const r of rows) {
    const s: WasteSubscription = { id: r.subscriptionId, binLitres: r.binLitres, frequency: r.frequency, from: r.validFrom, to: r.validTo }
    const l = out.get(r.servicePointId); if (l) l.push(s); else out.set(r.servicePointId, [s])
  }
  return out
}

function meterEvent(e: { kind: string; on: string; index: string | null }): MeterEvent {
  const index = e.index ?? undefined
  switch (e.kind) {
    case 'installed': return { kind: 'installed', date: e.on }
    case 'commissioned': return { kind: 'commissioned', date: e.on, index: e.index ?? '0' }
    case 'replaced': return { kind: 'replaced', date: e.on, ...(index ? { index } : {}) }
    default: return { kind: e.kind as 'failed' | 'dismantled' | 'verified', date: e.on, ...(index ? { index } : {}) }
  }
}

/** An act row as the core's act; acts that record a meter event (commissioning, failure, dismantling) are in the meter's timeline. */
function coreAct(a: { meter: string | null; kind: string; on: string; details: Record<string, any> }, w: Window): Act[] {
  const d = a.details
  switch (a.kind) {
    case 'unauthorized_connection':
      // not yet eliminated: it lasts to the end of the period at least (Decree 776 §16a)
      return [{ kind: 'unauthorized_connection', from: d.from, to: d.to ?? w.to, ...(d.diameterMm ? { diameterMm: d.diameterMm } : {}),
        ...(d.ratedFlowLitresPerMinute ? { ratedFlowLPerMin: d.ratedFlowLitresPerMinute } : {}), ...(d.selfReported ? { selfReported: true } : {}) }]
    case 'technical_impossibility': return [{ kind: 'technical_impossibility', date: a.on }]
    case 'temporary_absence': return [{ kind: 'temporary_absence', from: d.from, to: d.to, ...(d.persons ? { residents: d.persons } : {}) }]
    case 'notice_to_install': return [{ kind: 'notice_to_install', date: a.on, ...(d.deadline ? { deadline: d.deadline } : {}) }]
    case 'readings_reconciliation': return a.meter ? [{ kind: 'readings_reconciliation', date: a.on, meterId: a.meter, index: d.utilityIndex }] : []
    default: return []
  }
}
