// Tariffs of the other utilities a Swedish municipal company bills beside
// water (multi-utility.md): electricity, district heating, solar production
// (a credit) and waste collection. Effective-dated data like water tariffs;
// decimals are strings as they come from storage. Water keeps its own tariff
// shapes (core/tariff) and Decree 776 volume methods: nothing here is water.
import type { IsoDate } from '../shared/dates.ts'

export const ENERGY_SERVICES = ['electricity', 'district_heating', 'solar_production'] as const
export type EnergyService = typeof ENERGY_SERVICES[number]
export const WASTE_SERVICE = 'waste_collection'
export type UtilityService = EnergyService | typeof WASTE_SERVICE
export const UTILITY_SERVICES: readonly string[] = [...ENERGY_SERVICES, WASTE_SERVICE]

export type EnergyUnit = 'kWh' | 'MWh'

/** A fee per billing period (pro rata by days when it covers part of it), or per year (× days / days of the year). */
export interface PeriodFee {
  /** the line's name, e.g. 'fixed_fee', 'network_fee', 'basic_fee' */
  line: string
  amount: string
  per: 'period' | 'year'
}

/** A price per unit; `seasons` override `rate` in the months they name (district heating's winter price, a monthly price). */
export interface UnitPrice {
  /** 'energy_price', 'transfer_fee', 'energy_tax', 'production_compensation', … */
  line: string
  /**
   * price: a charge (VAT applies); tax: a per-unit tax such as the energy tax
   * (a charge, VAT applies on top of it); credit: paid to the customer for
   * production fed into the grid (a negative line, no VAT)
   */
  kind: 'price' | 'tax' | 'credit'
  rate: string
  seasons?: { name: string; months: number[]; rate: string }[]
}

export interface EnergyTariffVersion {
  id: string
  service: EnergyService
  usage: string
  /** half-open [from, to) */
  from: IsoDate
  to: IsoDate | null
  /** the unit every rate is per */
  unit: EnergyUnit
  fixedFees: PeriodFee[]
  unitPrices: UnitPrice[]
  /** VAT percent on every charge line (prices and fees exclude VAT); null = none */
  vatPercent: string | null
}

export type WasteFrequency = 'weekly' | 'every_other_week' | 'every_four_weeks'
export const WASTE_FREQUENCIES: readonly WasteFrequency[] = ['weekly', 'every_other_week', 'every_four_weeks']
/** days between pickups (ASSUMPTION, README "Other utilities (Sweden)"): the pickups a frequency implies */
export const PICKUP_EVERY_DAYS: Record<WasteFrequency, number> = { weekly: 7, every_other_week: 14, every_four_weeks: 28 }

/** The collection fee of one bin size and frequency, per period, per year or per emptying (multi-utility.md "Waste collection"). */
export interface CollectionFee {
  binLitres: number
  frequency: WasteFrequency
  line: string
  amount: string
  per: 'period' | 'year' | 'pickup'
}

export interface WasteTariffVersion {
  id: string
  service: typeof WASTE_SERVICE
  usage: string
  from: IsoDate
  to: IsoDate | null
  /** the basic fee per household (grundavgift) */
  basicFees: PeriodFee[]
  collectionFees: CollectionFee[]
  vatPercent: string | null
}

export type UtilityTariffVersion = EnergyTariffVersion | WasteTariffVersion

/** A waste subscription of an address (a waste_collection service point), effective-dated. */
export interface WasteSubscription {
  id: string
  binLitres: number
  frequency: WasteFrequency
  from: IsoDate
  to: IsoDate | null
}
