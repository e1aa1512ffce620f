// Where agreements come from. Each source reads one kind of record for some
// accounts and says which utilities it serves; the overview asks every
// source (the multi-select counts need them all) and filters. Another kind of
// agreement is one more entry here: a query returning AgreementDto rows.
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import { UTILITY_OF_RESOURCE as UTILITY, type AgreementDto, type Utility } from './agreement-dto.ts'

export interface SourceScope {
  tenantId: string
  accountIds: readonly string[]
  premisesIds?: readonly string[] | undefined
  /** the tenant's today */
  today: string
}

export interface AgreementSource {
  name: string
  utilities: readonly Utility[]
  rows(db: Db, s: SourceScope): Promise<AgreementDto[]>
}

/** "Street 1, 671 31 City" from a row's premises columns. */
const addressOf = (r: Record<string, any>): string | null =>
  r.address ? [r.address, [r.postalCode, r.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') : null

/** The tariff version a row's lateral join found, if any. */
const tariffOf = (r: Record<string, any>): AgreementDto['tariff'] =>
  r.tariffVersionId ? { id: r.tariffVersionId, service: r.tariffService, usageType: r.tariffUsageType, validFrom: r.tariffValidFrom, validTo: r.tariffValidTo } : null

/** The tariff version of a service point (sp) in force on d.on_day, as tv (tariff_versions' (tenant_id, service, usage_type, valid_from) key). */
const tariffOnDay = sql`left join lateral (
        select * from tariff_versions t
        where t.tenant_id = sp.tenant_id and t.service = sp.resource and t.usage_type = sp.usage_type
          and t.valid_from <= d.on_day and (t.valid_to is null or t.valid_to > d.on_day)
        order by t.valid_from desc limit 1) tv on true`

/** The status of a supply [startsOn, endsOn] on `today` (endsOn inclusive, null open-ended). */
export const statusSql = (today: string) => sql`case when a.opened_on > ${today}::date then 'upcoming'
  when a.closed_on is not null and a.closed_on < ${today}::date then 'ended' else 'active' end`

/**
 * Service points: water, electricity, district heating and solar. A service
 * point is supplied while its account is open (openedOn … closedOn); its
 * tariff is the version for its resource and usage type in force on the day
 * the status is judged (served by tariff_versions' (tenant_id, service, usage_type, valid_from) key).
 */
const servicePoints: AgreementSource = {
  name: 'service_point',
  utilities: ['water', 'electricity', 'district_heating', 'solar', 'waste'],
  async rows(db, s) {
    const premises = s.premisesIds?.length ? sql`and coalesce(sp.premises_id, a.premises_id) = any(${[...s.premisesIds]}::uuid[])` : sql``
    const rows = await sql<Record<string, any>>`
      select sp.service_point_id as id, sp.resource, sp.code, sp.usage_type, sp.unit, sp.account_id, a.number as account_number,
        coalesce(sp.premises_id, a.premises_id) as premises_id, p.address, p.postal_code, p.city,
        a.opened_on::text as starts_on, a.closed_on::text as ends_on, ${statusSql(s.today)} as status,
        tv.tariff_version_id, tv.service as tariff_service, tv.usage_type as tariff_usage_type, tv.valid_from::text as tariff_valid_from, tv.valid_to::text as tariff_valid_to,
        sp.diameter_mm::text as diameter_mm, sp.dwelling_units
      from service_points sp
      join accounts a on a.tenant_id = sp.tenant_id and a.account_id = sp.account_id
      left join premises p on p.tenant_id = sp.tenant_id and p.premises_id = coalesce(sp.premises_id, a.premises_id)
      -- the day the tariff is read on: the first day of an upcoming supply, the last of an ended one, else today
      cross join lateral (select case when a.opened_on > ${s.today}::date then a.opened_on
        when a.closed_on is not null and a.closed_on < ${s.today}::date then a.closed_on else ${s.today}::date end as on_day) d
      ${tariffOnDay}
      where sp.tenant_id = ${s.tenantId} and sp.account_id = any(${[...s.accountIds]}::uuid[]) ${premises}
        -- a waste point's agreements are its subscriptions (wasteSubscriptions below), once it has any
        and not (sp.resource = 'waste_collection' and exists (select 1 from waste_subscriptions w
          where w.tenant_id = sp.tenant_id and w.service_point_id = sp.service_point_id))
      order by a.number, sp.resource, sp.service_point_id`.execute(db)
    return rows.rows.map((r) => ({
      id: r.id, source: 'service_point', utility: UTILITY[r.resource] ?? 'water', resource: r.resource, status: r.status,
      startsOn: r.startsOn, endsOn: r.endsOn, accountId: r.accountId, accountNumber: r.accountNumber, premisesId: r.premisesId,
      address: addressOf(r),
      code: r.code, usageType: r.usageType, unit: r.unit,
      tariff: tariffOf(r),
      details: { ...(r.diameterMm !== null ? { diameterMm: r.diameterMm } : {}), dwellingUnits: r.dwellingUnits },
    }))
  },
}

/**
 * Waste collection subscriptions (issue 12 §1, multi-utility.md "Waste
 * collection"): one agreement per effective-dated subscription of a waste
 * point (bin size, frequency), from its first day to the day before
 * valid_to (exclusive there), cut by the account's closing; the tariff is
 * the waste_collection version in force on the day the status is judged.
 */
const wasteSubscriptions: AgreementSource = {
  name: 'waste_subscription',
  utilities: ['waste'],
  async rows(db, s) {
    const premises = s.premisesIds?.length ? sql`and coalesce(sp.premises_id, a.premises_id) = any(${[...s.premisesIds]}::uuid[])` : sql``
    const rows = await sql<Record<string, any>>`
      select w.subscription_id as id, sp.resource, sp.code, sp.usage_type, sp.account_id, a.number as account_number,
        coalesce(sp.premises_id, a.premises_id) as premises_id, p.address, p.postal_code, p.city,
        w.valid_from::text as starts_on, e.ends_on::text as ends_on,
        case when w.valid_from > ${s.today}::date then 'upcoming' when e.ends_on is not null and e.ends_on < ${s.today}::date then 'ended' else 'active' end as status,
        w.bin_litres, w.frequency,
        tv.tariff_version_id, tv.service as tariff_service, tv.usage_type as tariff_usage_type, tv.valid_from::text as tariff_valid_from, tv.valid_to::text as tariff_valid_to
      from waste_subscriptions w
      join service_points sp on sp.tenant_id = w.tenant_id and sp.service_point_id = w.service_point_id
      join accounts a on a.tenant_id = sp.tenant_id and a.account_id = sp.account_id
      left join premises p on p.tenant_id = sp.tenant_id and p.premises_id = coalesce(sp.premises_id, a.premises_id)
      -- the last day: the day before valid_to, or the account's closing if earlier
      cross join lateral (select least(w.valid_to - 1, a.closed_on) as ends_on) e
      cross join lateral (select case when w.valid_from > ${s.today}::date then w.valid_from
        when e.ends_on is not null and e.ends_on < ${s.today}::date then e.ends_on else ${s.today}::date end as on_day) d
      ${tariffOnDay}
      where w.tenant_id = ${s.tenantId} and sp.account_id = any(${[...s.accountIds]}::uuid[]) ${premises}
      order by a.number, w.valid_from, w.subscription_id`.execute(db)
    return rows.rows.map((r) => ({
      id: r.id, source: 'waste_subscription', utility: 'waste' as const, resource: r.resource, status: r.status,
      startsOn: r.startsOn, endsOn: r.endsOn, accountId: r.accountId, accountNumber: r.accountNumber, premisesId: r.premisesId,
      address: addressOf(r),
      code: r.code, usageType: r.usageType, unit: null,
      tariff: tariffOf(r),
      details: { binLitres: r.binLitres, frequency: r.frequency },
    }))
  },
}

/** Every source of agreements, in the order the overview lists them. */
export const AGREEMENT_SOURCES: readonly AgreementSource[] = [servicePoints, wasteSubscriptions]
