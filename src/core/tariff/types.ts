// Tariffs as effective-dated data (bills-and-tariffs.md "Tariffs are data with
// effective dates"). Decimals are strings here, as they come from storage or
// the API; compile-schedule.ts parses them once.
import type { DayInterval, IsoDate } from '../shared/dates.ts'
import type { Trace } from '../shared/trace.ts'

/**
 * A volume for one service over an interval, as a volume method produced it
 * (compatible with src/core/volume segments plus the service they are for).
 */
export interface PricedVolume {
  /** service / resource: 'cold_water', 'hot_water', 'wastewater', … */
  service: string
  /** the volume method: 'metered', 'normative', 'capacity', … */
  method: string
  interval: DayInterval
  /** m³, decimal string, ≥ 0 */
  volume: string
  meterId?: string
  trace?: Trace
  /** the caller's own reference, handed back with the line that prices this volume (ComposeBillInput.onVolumeLine) */
  ref?: number
}

/** One band of a stepped price, in m³ per unit per month (`monthDays`-day month). */
export interface StepBand {
  from: string
  /** null = unbounded */
  to: string | null
  rate: string
}

/** A set of bands, used when the monthly per-unit consumption is ≤ `appliesUpTo` (null = any). */
export interface StepTable {
  appliesUpTo: string | null
  bands: StepBand[]
}

export type VolumePrice =
  | { shape: 'flat'; rate: string }
  | {
      shape: 'stepped'
      /** checked in order; the first whose appliesUpTo admits the consumption is used */
      tables: StepTable[]
      /** the month the thresholds are stated for; Iranian tariffs use 30 days (conventions.md) */
      monthDays?: number
      /**
       * progressive: each m³ at its band's rate (default);
       * whole_at_band: all m³ at the rate of the band the consumption falls in.
       */
      mode?: 'progressive' | 'whole_at_band'
    }

export interface FixedFee {
  /** the line's name, e.g. 'subscription' (Iranian آبونمان, seed 002 item 20) */
  line: string
  /** amount per billing period, currency units */
  amount: string
  /** only for this connection diameter (e.g. '1/2"', 'DN20'); absent = any */
  diameter?: string
  /** per connection, or times the number of dwellings / units (Swedish VA, seed 001) */
  per: 'connection' | 'dwelling'
  /** pro rata by days of the billing period; otherwise charged once, by the version in force on the period's last day */
  proRata: boolean
}

/** A percent of other lines of the same service and tariff version: a surcharge or a tax. */
export interface PercentLine {
  line: string
  percent: string
  /** names of the lines it is computed on; '*' = every earlier non-info line */
  of: string[]
  /** only when the service point has this flag (e.g. 'water_project', seed 002 item 24) */
  when?: string
}

export interface TariffVersion {
  id: string
  service: string
  /** 'residential', 'non_residential', 'commercial', … */
  usage: string
  /** half-open [from, to); to null = open-ended */
  from: IsoDate
  to: IsoDate | null
  volume?: { line: string; price: VolumePrice }
  fixedFees?: FixedFee[]
  /** computed on volume and fixed-fee lines, in order */
  surcharges?: PercentLine[]
  /** computed after surcharges, in order */
  taxes?: PercentLine[]
  /** full cost of one m³: shown as information (seed 002 items 28–29), never summed */
  costPricePerM3?: string
  /** where the numbers come from */
  source?: string
}

export interface TariffSchedule {
  versions: TariffVersion[]
}
