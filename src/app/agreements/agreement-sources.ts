// Where agreements come from. Each source reads one kind of record for some
// accounts and says which utilities it serves; the overview asks every
// source (the multi-select counts need them all) and filters. Another kind of agreement (the
// waste subscriptions issue 12 §1 adds) is one more entry here: a query
// returning AgreementDto rows.
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
  utilities: ['water', 'electricity', 'district_heating', 'solar'],
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
      left join lateral (
        select * from tariff_versions t
        where t.tenant_id = sp.tenant_id and t.service = sp.resource and t.usage_type = sp.usage_type
          and t.valid_from <= d.on_day and (t.valid_to is null or t.valid_to > d.on_day)
        order by t.valid_from desc limit 1) tv on true
      where sp.tenant_id = ${s.tenantId} and sp.account_id = any(${[...s.accountIds]}::uuid[]) ${premises}
      order by a.number, sp.resource, sp.service_point_id`.execute(db)
    return rows.rows.map((r) => ({
      id: r.id, source: 'service_point', utility: UTILITY[r.resource] ?? 'water', resource: r.resource, status: r.status,
      startsOn: r.startsOn, endsOn: r.endsOn, accountId: r.accountId, accountNumber: r.accountNumber, premisesId: r.premisesId,
      address: r.address ? [r.address, [r.postalCode, r.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') : null,
      code: r.code, usageType: r.usageType, unit: r.unit,
      tariff: r.tariffVersionId ? { id: r.tariffVersionId, service: r.tariffService, usageType: r.tariffUsageType, validFrom: r.tariffValidFrom, validTo: r.tariffValidTo } : null,
      details: { ...(r.diameterMm !== null ? { diameterMm: r.diameterMm } : {}), dwellingUnits: r.dwellingUnits },
    }))
  },
}

/** Every source of agreements, in the order the overview lists them. */
export const AGREEMENT_SOURCES: readonly AgreementSource[] = [servicePoints]
