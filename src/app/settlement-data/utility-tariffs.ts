// Tariff definitions of the non-water utilities (multi-utility.md), stored as
// tariff versions like water's (same table, same route, same effective
// dates and no-overlap rule); the service names which shape the definition
// has. Checked here with zod, turned into the core's versions (core/utility).
import { z } from 'zod'
import { decimal } from '../schemas.ts'
import { ENERGY_SERVICES, UTILITY_SERVICES, WASTE_FREQUENCIES, WASTE_SERVICE } from '../../core/utility/types.ts'
import type { EnergyTariffVersion, UtilityTariffVersion, WasteFrequency, WasteTariffVersion } from '../../core/utility/types.ts'

const line = z.string().trim().regex(/^[a-z][a-z0-9_]{0,59}$/, 'a snake_case line name')
const periodFee = z.strictObject({ line, amount: decimal, per: z.enum(['period', 'year']).default('period') })
const month = z.number().int().min(1).max(12)

export const energyDefinition = z.strictObject({
  unit: z.enum(['kWh', 'MWh']).describe('the unit every rate is per'),
  fixedFees: z.array(periodFee).default([]),
  unitPrices: z.array(z.strictObject({
    line,
    kind: z.enum(['price', 'tax', 'credit']).default('price').describe('price: energy or transfer price; tax: per-unit tax (energy tax); credit: paid for production fed into the grid'),
    rate: decimal,
    seasons: z.array(z.strictObject({ name: z.string().trim().min(1).max(40), months: z.array(month).min(1), rate: decimal })).optional()
      .describe('rates by season or month (district heating\'s winter price); the base rate in the other months'),
  })).min(1),
  vatPercent: decimal.nullable().default('25').describe('VAT on every charge line; prices exclude VAT; credits carry none'),
})

export const wasteDefinition = z.strictObject({
  basicFees: z.array(periodFee).default([]),
  collectionFees: z.array(z.strictObject({
    binLitres: z.number().int().min(1).max(10000), frequency: z.enum(WASTE_FREQUENCIES as [WasteFrequency, ...WasteFrequency[]]),
    line: line.default('collection_fee'), amount: decimal, per: z.enum(['period', 'year', 'pickup']),
  })).default([]),
  vatPercent: decimal.nullable().default('25'),
})

export const isUtilityService = (service: string): boolean => UTILITY_SERVICES.includes(service)

/** The definition of a utility tariff checked; zod's issues for the caller to report. */
export function parseUtilityDefinition(service: string, definition: unknown) {
  return service === WASTE_SERVICE ? wasteDefinition.safeParse(definition) : energyDefinition.safeParse(definition)
}

interface StoredVersion { tariffVersionId: string; service: string; usageType: string; validFrom: string; validTo: string | null; definition: Record<string, unknown> }

/** A stored utility version as the core's; null when the definition does not parse (the point then reports invalid_tariff). */
export function toUtilityVersion(r: StoredVersion): UtilityTariffVersion | null {
  const base = { id: r.tariffVersionId, usage: r.usageType, from: r.validFrom, to: r.validTo }
  if (r.service === WASTE_SERVICE) {
    const d = wasteDefinition.safeParse(r.definition)
    return d.success ? { ...base, service: WASTE_SERVICE, ...d.data } satisfies WasteTariffVersion : null
  }
  if (!(ENERGY_SERVICES as readonly string[]).includes(r.service)) return null
  const d = energyDefinition.safeParse(r.definition)
  return d.success ? { ...base, service: r.service as EnergyTariffVersion['service'], ...d.data } satisfies EnergyTariffVersion : null
}
