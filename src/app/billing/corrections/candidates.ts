// Which accounts of a chunk need earlier periods re-settled (issue 4 §2):
// those whose facts changed since their latest regular bill was computed.
// One query per chunk, never one per account. "Since" is the start of the
// bill run that billed the account last: a fact that arrived while that run
// was loading is counted again (a harmless re-check), never missed.
// A change reaches back to the day its effect starts: a reading (accepted,
// or decided on later) from the day after the previous accepted reading of
// its meter, since the volume between the two readings is redistributed; a
// readings reconciliation act the same way (meters-and-readings.md: "the
// basis for recalculating volumes"); other acts from their first day; meter
// events from their date; residents, coefficients, norms, tariff versions
// and waste subscriptions (issue 12 §1), a completed request's terms,
// disconnections and closings (issue 12 §4) recorded since from the day they
// take effect (a change of residents the
// customer reported late is recalculated from the change, volume-methods.md;
// a retroactive tariff reprices the periods it covers). Every billed period
// ending after that day is re-settled and compared with what was billed for it.
import { sql } from 'kysely'
import type { Db } from '../../../db/database.ts'
import { addMonths } from '../bill-runs.ts'

/**
 * How far back a run looks for corrections, in months. Not a core policy
 * number (the settlement core never looks at bills), so an app constant: the
 * general limitation period of 3 years (Civil Code RF art. 196) bounds what
 * a utility may still recalculate.
 */
export const CORRECTION_LOOKBACK_MONTHS = 36

export interface BilledPeriod { accountId: string; billId: string; number: string; periodStart: string; periodEnd: string }

export interface Candidate {
  accountId: string
  /** the earliest day a changed fact reaches */
  reach: string
  /** what changed, for the adjustment lines' traces (at most 5) */
  changes: string[]
  periods: BilledPeriod[]
}

export function lookbackStart(periodStart: string): string {
  return addMonths(periodStart, -CORRECTION_LOOKBACK_MONTHS)
}

export async function correctionCandidates(db: Db, tenantId: string, accountIds: string[], periodStart: string, timeZone: string): Promise<Candidate[]> {
  if (!accountIds.length) return []
  const lookback = lookbackStart(periodStart)
  const prevReadingDay = (meter: unknown, before: unknown) => sql<string>`(select (p.read_at at time zone ${timeZone})::date + 1 from readings p
      where p.tenant_id = ${tenantId} and p.meter_id = ${meter} and p.status = 'accepted' and p.value is not null and p.read_at < ${before}
      order by p.read_at desc limit 1)`
  const { rows } = await sql<{ accountId: string; reach: string; changes: string[] }>`
    with last as (
      select a.account_id, lb.since
      from unnest(${accountIds}::uuid[]) as a(account_id)
      cross join lateral (
        select coalesce(r.created_at, b.created_at) as since from bills b
        left join bill_runs r on r.tenant_id = b.tenant_id and r.bill_run_id = b.bill_run_id
        where b.tenant_id = ${tenantId} and b.account_id = a.account_id and b.kind = 'regular'
          and b.period_start < ${periodStart} and b.period_start >= ${lookback}
        order by b.period_start desc limit 1) lb
    ),
    pts as (
      select l.account_id, l.since, sp.service_point_id, sp.resource, sp.usage_type, sp.closed_on, sp.updated_at from last l
      join service_points sp on sp.tenant_id = ${tenantId} and sp.account_id = l.account_id
    ),
    -- The chunk's points and meters as arrays: every branch below names them in an index condition
    -- (= any), so Postgres probes the indexes instead of hashing a scan of the tenant's whole table once
    -- per chunk (a run's cost would grow with the tenant's size, issue 13).
    pt_ids as (select coalesce(array_agg(service_point_id), '{}') as ids from pts),
    mtr as (
      select p.account_id, p.since, m.meter_id from pts p
      join meters m on m.tenant_id = ${tenantId} and m.service_point_id = p.service_point_id
      where m.service_point_id = any((select ids from pt_ids)::uuid[])
    ),
    mtr_ids as (select coalesce(array_agg(meter_id), '{}') as ids from mtr),
    -- the chunk's earliest last bill: with the meters, the index condition of readings_changed (migration 0180)
    since_min as (select min(since) as at from last),
    -- Readings and meter events of the chunk's meters changed since its earliest last bill, found by the
    -- indexes of migration 0180 alone (materialized: joined to mtr first, the planner would probe each meter's
    -- whole history instead); each is then held to its own account's last bill below.
    changed_readings as materialized (
      select rd.meter_id, rd.read_at, rd.status, greatest(rd.created_at, rd.decided_at) as changed_at from readings rd
      where rd.tenant_id = ${tenantId} and rd.meter_id = any((select ids from mtr_ids)::uuid[])
        and greatest(rd.created_at, rd.decided_at) > (select at from since_min) and rd.read_at >= ${lookback}::date - 1
    ),
    changed_events as materialized (
      select e.meter_id, e.kind, e.occurred_on, e.created_at from meter_events e
      where e.tenant_id = ${tenantId} and e.meter_id = any((select ids from mtr_ids)::uuid[]) and e.created_at > (select at from since_min)
    ),
    changes as (
      select mtr.account_id, coalesce(${prevReadingDay(sql`mtr.meter_id`, sql`rd.read_at`)}, ${lookback}::date) as reach,
        'reading of ' || (rd.read_at at time zone ${timeZone})::date || ' ' || rd.status as what
      from mtr join changed_readings rd on rd.meter_id = mtr.meter_id
      where rd.changed_at > mtr.since
      union all
      select mtr.account_id, e.occurred_on, 'meter ' || e.kind || ' on ' || e.occurred_on
      from mtr join changed_events e on e.meter_id = mtr.meter_id
      where e.created_at > mtr.since
      union all
      select pts.account_id,
        case when a.kind = 'readings_reconciliation' and a.meter_id is not null
          then coalesce(${prevReadingDay(sql`a.meter_id`, sql`(a.drawn_up_on::timestamp at time zone ${timeZone})`)}, ${lookback}::date)
          else least(a.drawn_up_on, case when a.details->>'from' ~ '^\\d{4}-\\d{2}-\\d{2}$' then (a.details->>'from')::date end) end,
        a.kind || ' act of ' || a.drawn_up_on
      from pts join acts a on a.tenant_id = ${tenantId} and a.service_point_id = pts.service_point_id
      where a.service_point_id = any((select ids from pt_ids)::uuid[]) and greatest(a.created_at, a.updated_at) > pts.since
      union all
      select pts.account_id, r.effective_from, 'residents ' || r.residents || ' from ' || r.effective_from
      from pts join residents r on r.tenant_id = ${tenantId} and r.service_point_id = pts.service_point_id
      where r.service_point_id = any((select ids from pt_ids)::uuid[]) and r.recorded_at > pts.since
      union all
      select pts.account_id, c.valid_from, 'coefficient ' || c.value || ' from ' || c.valid_from
      from pts join coefficients c on c.tenant_id = ${tenantId} and c.resource = pts.resource
      where c.recorded_at > pts.since
      union all
      select pts.account_id, n.valid_from, 'norm ' || n.value || ' from ' || n.valid_from
      from pts join norms n on n.tenant_id = ${tenantId} and n.resource = pts.resource
      where n.created_at > pts.since
      union all
      select pts.account_id, w.valid_from, 'waste subscription ' || w.bin_litres || ' l ' || w.frequency || ' from ' || w.valid_from
      from pts join waste_subscriptions w on w.tenant_id = ${tenantId} and w.service_point_id = pts.service_point_id
      where w.service_point_id = any((select ids from pt_ids)::uuid[]) and w.created_at > pts.since
      union all
      -- issue 12 §4: a completed request's terms, disconnections and a permanent disconnection, from the day they hold
      select pts.account_id, t.effective_from, t.attribute || ' ' || t.value || ' from ' || t.effective_from
      from pts join service_point_terms t on t.tenant_id = ${tenantId} and t.service_point_id = pts.service_point_id
      where t.service_point_id = any((select ids from pt_ids)::uuid[]) and t.recorded_at > pts.since
      union all
      select pts.account_id, s.from_on, 'disconnected ' || s.from_on || coalesce(' to ' || s.until_on, '')
      from pts join service_point_suspensions s on s.tenant_id = ${tenantId} and s.service_point_id = pts.service_point_id
      where s.service_point_id = any((select ids from pt_ids)::uuid[]) and s.recorded_at > pts.since
      union all
      select pts.account_id, pts.closed_on, 'service point closed from ' || pts.closed_on
      from pts where pts.closed_on is not null and pts.updated_at > pts.since
      union all
      select pts.account_id, v.valid_from, 'tariff ' || v.service || ' from ' || v.valid_from
      from pts join tariff_versions v on v.tenant_id = ${tenantId} and v.service = pts.resource and v.usage_type = pts.usage_type
      where v.created_at > pts.since
    )
    select account_id, min(reach)::text as reach, (array_agg(what order by reach))[1:5] as changes
    from changes group by account_id`.execute(db)
  if (!rows.length) return []

  const bills = await sql<BilledPeriod>`
    select b.account_id, b.bill_id, b.number, b.period_start::text as period_start, b.period_end::text as period_end
    from unnest(${rows.map((r) => r.accountId)}::uuid[], ${rows.map((r) => r.reach)}::date[]) as c(account_id, reach)
    join bills b on b.tenant_id = ${tenantId} and b.account_id = c.account_id and b.kind = 'regular'
      and b.period_start >= ${lookback} and b.period_start < ${periodStart} and b.period_end > c.reach
    order by b.account_id, b.period_start`.execute(db)
  const byAccount = new Map<string, BilledPeriod[]>()
  for (const b of bills.rows) { const l = byAccount.get(b.accountId); if (l) l.push(b); else byAccount.set(b.accountId, [b]) }
  return rows.flatMap((r) => {
    const periods = byAccount.get(r.accountId)
    return periods ? [{ accountId: r.accountId, reach: r.reach, changes: r.changes, periods }] : []
  })
}
