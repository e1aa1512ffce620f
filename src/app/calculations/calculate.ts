// The "why is my bill this high" use-case: settle one service point's facts
// given inline, price them, and return every line with its trace. Reads the
// tenant's defaults (currency, time zone, policy); writes nothing.
import { fitToTenant } from '../traces/market-citations.ts'
import type { Db } from '../../db/database.ts'
import { settleServicePoint } from '../../core/settle.ts'
import type { ServicePointSettlement, SettleError } from '../../core/settle.ts'
import { BLOCKING_CODES } from '../../core/settle.ts'
import { DEFAULT_VOLUME_POLICY } from '../../core/volume/index.ts'
import type { PointFacts, VolumeFacts, VolumePolicy } from '../../core/volume/index.ts'
import type { FieldIssue } from '../errors.ts'
import { unprocessable } from '../errors.ts'
import { getTenant } from '../tenants/tenants.ts'
import { todayIn, type Clock } from '../clock.ts'
import type { CalculationInput } from './calculation-input.ts'
import type { CalculationDto } from './calculation-output.ts'
import { moneyFor } from './money-for.ts'
import { scaleFor, shownPlain, shownScaleOf, shownVolume } from './shown-volumes.ts'
import type { ShownScale } from './shown-volumes.ts'

export interface TenantDefaults {
  currency: string
  minorUnits: number
  policy: Record<string, unknown>
}

/** Pure: the calculation for validated input, the tenant's defaults and today. Blocking core errors → 422. */
export function runCalculation(input: CalculationInput, tenant: TenantDefaults, today: string, where = 'body'): CalculationDto {
  const policy = { ...DEFAULT_VOLUME_POLICY, ...tenant.policy, ...input.policy } as VolumePolicy
  const { usage, service, billingDiameter, dwellings, units, flags, ...point } = input.servicePoint
  const facts: VolumeFacts = { ...pointFacts(point, input), interval: input.interval, ...(input.network ? { network: network(input.network) } : {}) }
  let s: ServicePointSettlement
  try {
    s = settleServicePoint({
      facts, policy, today,
      billing: { usage, ...(service ? { service } : {}), ...(billingDiameter ? { diameter: billingDiameter } : {}), ...(dwellings ? { dwellings } : {}), ...(units ? { units } : {}), ...(flags ? { flags } : {}) },
      tariffs: input.tariffs,
      money: moneyFor(input.currency ?? tenant.currency, tenant, input.money),
      ...(input.previousCarry !== undefined ? { previousCarry: input.previousCarry } : {}),
      ...(input.debt !== undefined ? { debt: input.debt } : {}),
    })
  } catch (err) {
    // the core signals facts it cannot settle with RangeError (e.g. an impossible meter timeline)
    if (err instanceof RangeError) throw unprocessable('invalid_facts', err.message, [{ path: where, message: err.message }])
    throw err
  }
  const blocking = s.errors.filter((e) => BLOCKING_CODES.has(e.code))
  if (blocking.length) throw unprocessable(blocking[0]!.code, blocking.map((e) => e.message).join('; '), blocking.flatMap((e) => issuesOf(e, where)))
  const shown = shownScaleOf(policy as unknown as Record<string, unknown>, meterPlacesOf(input))
  return { ...shownVolumes(s, shown), today, errors: s.errors, policy: policy as unknown as Record<string, unknown> }
}

/** Issue 9 §3: every volume at the policy's scale; the traces keep the exact figures. Amounts were priced from those. */
function shownVolumes(s: ServicePointSettlement, shown: ShownScale): ServicePointSettlement {
  return {
    ...s,
    lines: s.lines.map((l) => (l.volume === undefined ? l
      : { ...l, ...shownVolume(l.volume, l.trace, scaleFor(shown, l.method, l.trace.inputs['meterId'])) })),
    totals: { ...s.totals, volume: shownPlain(s.totals.volume, shown) },
    volumes: s.volumes.map((v) => ({
      ...v,
      ...shownVolume(v.volume, v.trace, scaleFor(shown, v.method, v.meterId)),
      ...(v.normative ? { normative: { ...v.normative, baseVolume: shownPlain(v.normative.baseVolume, shown), surchargeVolume: shownPlain(v.normative.surchargeVolume, shown) } } : {}),
    })),
  }
}

/** The calculation's meters' resolutions (decimals), its network's too. */
function meterPlacesOf(input: CalculationInput): (meterId: string) => number | undefined {
  const places = new Map<string, number>()
  for (const m of input.meters) places.set(m.id, m.decimals)
  for (const f of Object.values(input.network ?? {})) for (const m of f.meters) places.set(m.id, m.decimals)
  return (id) => places.get(id)
}

export async function calculate(db: Db, tenantId: string, input: CalculationInput, clock: Clock, where = 'body'): Promise<CalculationDto> {
  const tenant = await getTenant(db, tenantId)
  return fitToTenant(runCalculation(input, tenant, input.today ?? todayIn(tenant.timeZone, clock), where), tenant.locale)
}


type FactLists = Pick<CalculationInput, 'meters' | 'readings' | 'acts' | 'residents' | 'norms' | 'extraNorms' | 'coefficients' | 'waterBalances'>

function pointFacts(point: PointFacts['point'], f: FactLists): PointFacts {
  return {
    point,
    meters: f.meters, readings: f.readings, acts: f.acts,
    ...(f.residents ? { residents: f.residents } : {}),
    ...(f.norms ? { norms: f.norms } : {}),
    ...(f.extraNorms ? { extraNorms: f.extraNorms } : {}),
    ...(f.coefficients ? { coefficients: f.coefficients } : {}),
    ...(f.waterBalances ? { waterBalances: f.waterBalances } : {}),
  }
}

function network(n: NonNullable<CalculationInput['network']>): Record<string, PointFacts> {
  return Object.fromEntries(Object.entries(n).map(([id, f]) => [id, pointFacts({ ...f.point, id: f.point.id === 'service-point' ? id : f.point.id }, f)]))
}

function issuesOf(e: SettleError, where: string): FieldIssue[] {
  switch (e.code) {
    case 'tariff_not_found':
      return [{ path: `${where}.tariffs`, message: e.message }, { path: `${where}.servicePoint.usage`, message: `no ${e.service} tariff for usage "${e.usage}" over [${e.days.from}, ${e.days.to})` }]
    case 'invalid_tariff': return [{ path: `${where}.tariffs.versions`, message: e.message }]
    case 'summation_cycle': case 'unknown_point': return [{ path: `${where}.network`, message: e.message }]
    default: return [{ path: where, message: e.message }]
  }
}
