// The facts of one service point that the volume core needs, as plain data:
// ISO dates and decimal strings, exactly as the shell loads them. Nothing
// here is computed; see prepare.ts for the parsed form.
import type { DayInterval, IsoDate } from '../shared/dates.ts'

export type Resource = 'cold_water' | 'hot_water' | 'wastewater'
export type CustomerKind = 'residential' | 'organization'

/** Losses in the pipe between the boundary of responsibility and the meter (004 §21). */
export type LossesToBoundary =
  | { kind: 'percent'; percent: string }
  | { kind: 'volume_per_month'; volume: string }

export interface ServicePoint {
  id: string
  resource: Resource
  customerKind: CustomerKind
  /** inner diameter at the connection point, mm (capacity, 004 §16) */
  diameterMm: string
  lossesToBoundary?: LossesToBoundary
  /** a transit organization's point: volumes delivered downstream (004 §20, §27) */
  transit?: { downstreamPointIds: string[]; runoffPerMonth?: string }
  /** hot water: open systems report consumption, used for wastewater only (seed 000) */
  hotWaterSystem?: 'open' | 'closed'
  /** guaranteed supply volume of the contract (004 §18), per day or per month */
  guaranteedVolume?: { perDay: string } | { perMonth: string }
  /** wastewater without a meter = water from all sources + runoff (004 §23) */
  wastewater?: {
    sourcePointIds: string[]
    runoffPerMonth?: string
    /** consumption reported from an open hot-water system, with the heat supplier's invoice (000) */
    openHotWater?: { from: IsoDate; to: IsoDate; volume: string }[]
  }
}

export type MeterEvent =
  | { kind: 'installed'; date: IsoDate }
  | { kind: 'commissioned'; date: IsoDate; index: string }
  | { kind: 'failed'; date: IsoDate; index?: string }
  | { kind: 'dismantled'; date: IsoDate; index?: string }
  | { kind: 'verified'; date: IsoDate; index?: string }
  /** the verification interval ended on this date: not working from it (004 §9, §49) */
  | { kind: 'verification_due'; date: IsoDate }
  | { kind: 'replaced'; date: IsoDate; index?: string; byMeterId?: string }

export interface Meter {
  id: string
  serial: string
  /** whole digits of the register (rollover at 10^digits) */
  digits: number
  decimals: number
  /** for rollover plausibility */
  maxFlowM3PerH?: string
  /** a control (parallel) meter (004 §13) */
  control: boolean
  events: MeterEvent[]
}

/** An accepted reading: an index, or a consumption since the previous reading (open hot-water systems). */
export type Reading =
  | { meterId: string; date: IsoDate; index: string }
  | { meterId: string; date: IsoDate; consumption: string }

export type Act =
  | {
      kind: 'unauthorized_connection'
      /** the previous inspection of that place (004 §16a) */
      from: IsoDate
      /** the day it was eliminated (exclusive end) */
      to: IsoDate
      diameterMm?: string
      /** a device's rated flow instead of the pipe formula (003 hose table) */
      ratedFlowLPerMin?: string
      /** the subscriber reported it (6-month cap) */
      selfReported?: boolean
    }
  | { kind: 'technical_impossibility'; date: IsoDate }
  /** residents away (or a notified stop of consumption); residents absent, all when omitted */
  | { kind: 'temporary_absence'; from: IsoDate; to: IsoDate; residents?: number }
  | { kind: 'notice_to_install'; date: IsoDate; deadline?: IsoDate }
  | { kind: 'readings_reconciliation'; date: IsoDate; meterId: string; index: string }

/** Number of residents (permanent and temporary) from a date on. */
export interface ResidentsFrom {
  from: IsoDate
  count: number
}

/** A consumption norm, m³ per person per month, effective-dated; seasonal if months given (1–12). */
export interface Norm {
  resource: Resource
  from: IsoDate
  to?: IsoDate
  perPersonPerMonth: string
  months?: number[]
}

/** Extra norms (003): watering a land plot (units = m²) or livestock (units = heads). */
export interface ExtraNorm {
  resource: Resource
  kind: 'land_plot' | 'livestock'
  from: IsoDate
  to?: IsoDate
  perUnitPerMonth: string
  units: string
  months?: number[]
}

/** Increasing coefficient K from a date on, per resource (effective-dated data). */
export interface CoefficientFrom {
  resource: Resource
  from: IsoDate
  value: string
}

/** Approved water balance (004 §23.1): average daily wastewater volume. */
export interface WaterBalance {
  approvedOn: IsoDate
  validUntil: IsoDate
  averageDailyVolume: string
  /** share of this outlet, percent */
  outletPercent?: string
}

/** Everything known about one service point. */
export interface PointFacts {
  point: ServicePoint
  meters: Meter[]
  readings: Reading[]
  acts: Act[]
  residents?: ResidentsFrom[]
  norms?: Norm[]
  extraNorms?: ExtraNorm[]
  coefficients?: CoefficientFrom[]
  waterBalances?: WaterBalance[]
}

/** The input of settleVolumes: a point, the interval to settle, and its network. */
export interface VolumeFacts extends PointFacts {
  interval: DayInterval
  /** other service points by id: downstream points of a transit organization, water sources of wastewater */
  network?: Record<string, PointFacts>
}
