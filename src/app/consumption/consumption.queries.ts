// One SQL round trip per consumption request (issue 12 §2, bench:consumption):
// the tenant's zone and locale, whether the object asked about exists, its
// service points with their meters, meter events and the accepted readings of
// a window, each meter's readings as one text. Around the window, the
// one reading before and the one after: what interpolation at its edges needs
// however rarely the meter is read (an annual reading, multi-utility.md).
// Indexes: service_points_account / service_points_premises (0110),
// meters_service_point, meter_events_meter, and readings_dedupe's
// (tenant_id, meter_id, read_at) prefix for the window and the two probes.
import { executePrepared, preparedQuery, type Db } from '../../db/database.ts'

export type ConsumptionScope =
  | { kind: 'service_point'; id: string }
  | { kind: 'premises'; id: string }
  | { kind: 'account'; id: string }
  | { kind: 'customer'; id: string }
  /** a signed-in customer's own accounts (no customer id asked for) */
  | { kind: 'accounts' }
  /** a facility group's service points (issue 10 §5), resolved by the caller against what the customer holds now */
  | { kind: 'facility_group'; id: string; servicePointIds: readonly string[] }

/** [kind, date, index] of a meter event */
export type EventRow = [string, string, string | null]
/** [meterId, serial, digits, decimals, control, maxFlow, events, readings as "day kind value;…" (kind i or c)] */
export type MeterRow = [string, string, number, number, boolean, string | null, EventRow[], string]

export interface ConsumptionRow {
  tz: string
  locale: string
  id: string | null
  accountId: string | null
  resource: string | null
  unit: string | null
  meters: MeterRow[] | null
}

/** The accepted readings with a value of meter m, from $3 … to $4 (instants); ordered by readings_dedupe's prefix. */
const ACCEPTED = `from readings r where r.tenant_id = $1 and r.meter_id = m.meter_id and r.status = 'accepted' and r.value is not null`

/**
 * Each meter's readings as one text, "day kind value" joined by ";" (kind i or c):
 * cheaper for the server to build than a JSON value per reading, and split in
 * one pass. The range runs from the last reading before the window to the
 * first after it: one index range scan, already in order.
 */
const POINTS = `select sp.service_point_id as id, sp.account_id, sp.resource, sp.unit,
    (select coalesce(json_agg(json_build_array(m.meter_id, m.serial, m.digits, m.decimals, m.is_control, m.max_flow_m3h::text,
      (select coalesce(json_agg(json_build_array(e.kind, e.occurred_on::text, e.meter_index::text) order by e.occurred_on, e.created_at), '[]')
        from meter_events e where e.tenant_id = m.tenant_id and e.meter_id = m.meter_id),
      (select coalesce(string_agg((r.read_at at time zone t.tz)::date::text || case r.kind when 'index' then ' i ' else ' c ' end || r.value::text, ';' order by r.read_at), '')
        ${ACCEPTED}
          and r.read_at >= coalesce((select r.read_at ${ACCEPTED} and r.read_at < $3 order by r.read_at desc limit 1), $3)
          and r.read_at <= coalesce((select r.read_at ${ACCEPTED} and r.read_at >= $4 order by r.read_at limit 1), $4))
    ) order by m.meter_id), '[]') from meters m where m.tenant_id = $1 and m.service_point_id = sp.service_point_id) as meters
  from service_points sp`

/**
 * One statement per (scope, customer's accounts or not, one resource or all):
 * every condition is in the text, so the plan the server caches for a
 * prepared statement fits every call ("$5 is null or …" would leave the
 * generic plan scanning all the tenant's points). $2 the object's id, $5 the
 * customer's accounts, $6 the resource, $7 a facility group's service points.
 */
const OWNER: Record<ConsumptionScope['kind'], [owner: string, where: string]> = {
  service_point: ['select 1 from service_points where tenant_id = $1 and service_point_id = $2::uuid', 'sp.service_point_id = $2::uuid'],
  premises: ['select 1 from premises where tenant_id = $1 and premises_id = $2::uuid', 'sp.premises_id = $2::uuid'],
  account: ['select 1 from accounts where tenant_id = $1 and account_id = $2::uuid', 'sp.account_id = $2::uuid'],
  // a customer token asking for a customer: only one it holds an account of exists for it
  customer: [`select 1 from customers c where c.tenant_id = $1 and c.customer_id = $2::uuid
    and ($5::uuid[] is null or exists (select 1 from accounts a where a.tenant_id = $1 and a.customer_id = c.customer_id and a.account_id = any($5::uuid[])))`,
  'sp.account_id in (select a.account_id from accounts a where a.tenant_id = $1 and a.customer_id = $2::uuid)'],
  accounts: ['select $2::uuid is null', 'sp.account_id = any($5::uuid[])'],
  // the group was found and resolved by facility-groups.ts: $7 its service points
  facility_group: ['select $2::uuid is not null', 'sp.service_point_id = any($7::uuid[])'],
}

// Waste collection has no meter and no volume: its pickups are at
// /v1/premises/{id}/pickups, its fees on the bill; it is no consumption series.
const statements = new Map<string, ReturnType<typeof preparedQuery<ConsumptionRow>>>()

function statement(kind: ConsumptionScope['kind'], held: boolean, one: boolean) {
  const k = `${kind}|${held}|${one}`
  let q = statements.get(k)
  if (!q) {
    const [owner, where] = OWNER[kind]
    const filter = `${held && kind !== 'accounts' ? ' and sp.account_id = any($5::uuid[])' : ''}${one ? ' and sp.resource = $6::text' : ''}`
    // $5, $6 and $7 are always sent: a statement that does not use them still names their types
    q = preparedQuery<ConsumptionRow>(`with t as (select time_zone as tz, locale from tenants where tenant_id = $1),
  unused as (select $5::uuid[] as held, $6::text as resource, $7::uuid[] as points)
select t.tz, t.locale, p.id, p.account_id, p.resource, p.unit, p.meters
from t join (${owner}) o on true
left join lateral (${POINTS} where sp.tenant_id = $1 and ${where}${filter} and sp.resource <> 'waste_collection') p on true
order by p.resource, p.id`)
    statements.set(k, q)
  }
  return q
}

/**
 * The points of the scope with meters and readings of [windowFrom, windowTo)
 * (instants), or undefined when the object does not exist (in this tenant).
 */
export async function loadConsumptionFacts(db: Db, tenantId: string, scope: ConsumptionScope, window: { from: string; to: string },
  accounts: readonly string[] | undefined, resource: string | undefined): Promise<ConsumptionRow[] | undefined> {
  const q = statement(scope.kind, accounts !== undefined, resource !== undefined)
  const id = 'id' in scope ? scope.id : null
  const { rows } = await executePrepared(db, q(tenantId, id, window.from, window.to, accounts ? [...accounts] : null, resource ?? null,
    scope.kind === 'facility_group' ? [...scope.servicePointIds] : null))
  return rows.length ? rows : undefined
}
