// What every point of a tenant shares in a bill run: the tariff schedule
// (compiled once per chunk), norms and coefficients as the core's facts, the
// volume and money policies.
import type { Db } from '../../db/database.ts'
import { compileSchedule } from '../../core/tariff/compile-schedule.ts'
import type { CompiledSchedule } from '../../core/tariff/compile-schedule.ts'
import type { TariffSchedule } from '../../core/tariff/types.ts'
import type { MoneyPolicy } from '../../core/bill/money-policy.ts'
import { DEFAULT_VOLUME_POLICY } from '../../core/volume/index.ts'
import type { VolumePolicy } from '../../core/volume/index.ts'
import type { CoefficientFrom, ExtraNorm, Norm } from '../../core/volume/facts.ts'
import { moneyFor } from '../calculations/money-for.ts'
import { toCoreVersion } from '../settlement-data/tariffs.ts'
import { getTenant } from '../tenants/tenants.ts'
import { isUtilityService, toUtilityVersion } from '../settlement-data/utility-tariffs.ts'
import type { UtilityTariffVersion } from '../../core/utility/types.ts'

export interface TenantData {
  tenantId: string
  timeZone: string
  /** e.g. ru-RU, fa-IR, sv-SE: what its customers are shown (traces/market-citations.ts) */
  locale: string
  currency: string
  billingPeriodMonths: number
  /** compiled, or the raw schedule when it does not compile (each point then reports invalid_tariff) */
  tariffs: CompiledSchedule | TariffSchedule
  norms: Norm[]
  extraNorms: ExtraNorm[]
  coefficients: CoefficientFrom[]
  policy: VolumePolicy
  money: MoneyPolicy
  /** electricity, district heating, solar production and waste tariffs (core/utility); water's schedule holds none of them */
  utilityTariffs: UtilityTariffVersion[]
}

const WATER = new Set(['cold_water', 'hot_water', 'wastewater'])

export async function loadTenantData(db: Db, tenantId: string): Promise<TenantData> {
  const tenant = await getTenant(db, tenantId)
  const [versions, norms, coefficients] = await Promise.all([
    db.selectFrom('tariffVersions').selectAll().where('tenantId', '=', tenantId).orderBy('validFrom').execute(),
    db.selectFrom('norms').selectAll().where('tenantId', '=', tenantId).orderBy('validFrom').execute(),
    db.selectFrom('coefficients').selectAll().where('tenantId', '=', tenantId).orderBy('validFrom').execute(),
  ])
  const schedule: TariffSchedule = { versions: versions.filter((v) => !isUtilityService(v.service)).map((v) => toCoreVersion(v as any)) }
  const utilityTariffs = versions.filter((v) => isUtilityService(v.service)).flatMap((v) => toUtilityVersion(v as any) ?? [])
  let tariffs: CompiledSchedule | TariffSchedule = schedule
  try { tariffs = compileSchedule(schedule) } catch { /* settleServicePoint reports invalid_tariff per point */ }
  return {
    tenantId, timeZone: tenant.timeZone, locale: tenant.locale, currency: tenant.currency, billingPeriodMonths: tenant.billingPeriodMonths, tariffs,
    norms: norms.filter((n) => n.kind === 'per_person' && WATER.has(n.resource)).map((n) => ({
      resource: n.resource as Norm['resource'], from: n.validFrom, perPersonPerMonth: n.value,
      ...(n.validTo ? { to: n.validTo } : {}), ...(n.months ? { months: n.months } : {}) })),
    // extra norms need the point's units (m² of land, heads): not recorded on service points yet
    extraNorms: [],
    coefficients: coefficients.filter((c) => WATER.has(c.resource)).map((c) => ({ resource: c.resource as CoefficientFrom['resource'], from: c.validFrom, value: c.value })),
    policy: { ...DEFAULT_VOLUME_POLICY, ...tenant.policy } as VolumePolicy,
    money: moneyFor(tenant.currency, tenant),
    utilityTariffs,
  }
}
