// The non-water points of an account in a bill run (issue 12 §1):
// electricity, district heating and solar production priced from their own
// meters by core/utility/energy-lines.ts, waste collection from its
// subscription by core/utility/waste-lines.ts. Same lines, estimates and
// errors as water's, so writing, corrections (estimates reversed when the
// reading comes), documents and exports take them as they are.
import { settleEnergyPoint } from '../../core/utility/energy-lines.ts'
import type { UtilitySettlement } from '../../core/utility/energy-lines.ts'
import { settleWastePoint } from '../../core/utility/waste-lines.ts'
import type { EnergyMeter } from '../../core/utility/energy-index.ts'
import { ENERGY_SERVICES, WASTE_SERVICE } from '../../core/utility/types.ts'
import type { EnergyService, EnergyTariffVersion, EnergyUnit, WasteTariffVersion } from '../../core/utility/types.ts'
import { dec } from '../../core/shared/decimal.ts'
import type { LoadedPoint } from './load-facts.ts'
import type { TenantData } from './tenant-data.ts'

export const isUtilityResource = (resource: string): boolean => (ENERGY_SERVICES as readonly string[]).includes(resource) || resource === WASTE_SERVICE

export function settleUtilityPoint(p: LoadedPoint, t: TenantData, period: { from: string; to: string }, interval: { from: string; to: string }): UtilitySettlement {
  const id = p.facts.point.id
  if (p.resource === WASTE_SERVICE) {
    return settleWastePoint({ servicePointId: id, usage: p.usage, period, interval, subscriptions: p.waste ?? [], money: t.money,
      versions: t.utilityTariffs.filter((v): v is WasteTariffVersion => v.service === WASTE_SERVICE) })
  }
  const unit = p.unit === 'kWh' || p.unit === 'MWh' ? p.unit as EnergyUnit : null
  if (!unit) {
    return { lines: [], charges: dec(0), errors: [{ code: 'invalid_facts', message: `service point ${id}: an energy point counts in kWh or MWh, not ${p.unit}`, details: { unit: p.unit ?? null } }] }
  }
  const meters: EnergyMeter[] = p.facts.meters.filter((m) => !m.control).map((m) => {
    const c = m.events.find((e) => e.kind === 'commissioned')
    return {
      id: m.id, serial: m.serial,
      ...(c && 'index' in c && c.index !== undefined ? { commissioned: { date: c.date, index: c.index } } : {}),
      readings: p.facts.readings.flatMap((r) => (r.meterId === m.id && 'index' in r ? [{ date: r.date, index: r.index }] : [])),
    }
  })
  return settleEnergyPoint({ servicePointId: id, service: p.resource as EnergyService, usage: p.usage, unit, period, interval, meters, money: t.money,
    versions: t.utilityTariffs.filter((v): v is EnergyTariffVersion => v.service === p.resource),
    readingShift: t.policy.readingDateMeans === 'start_of_day' ? 0 : 1 })
}
