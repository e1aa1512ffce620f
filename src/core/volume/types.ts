// What the volume core returns: one segment per charge line, each with the
// method, the half-open day interval, the volume and the trace (why and how).
import type { DayInterval } from '../shared/dates.ts'
import type { Trace, Warning } from '../shared/trace.ts'

/** The six methods of volume-methods.md, plus the two wastewater calculations of 004 §23. */
export type VolumeMethod =
  | 'metered'
  | 'normative'
  | 'averaged'
  | 'guaranteed_volume'
  | 'capacity'
  | 'summation'
  | 'wastewater_by_supply'
  | 'water_balance'

export interface VolumeSegment {
  method: VolumeMethod
  interval: DayInterval
  /** m³, decimal string, unrounded */
  volume: string
  meterId?: string
  /** the choice rule that fired, e.g. 'rule 4 meter_failure: averaged (004 §17)' */
  rule: string
  /** normative only: base n×N and surcharge n×N×(K−1), priced separately (003) */
  normative?: { baseVolume: string; surchargeVolume: string; coefficient: string }
  /**
   * An estimate for days after the meter's last accepted reading
   * (policy.afterLastReading): reversed and recomputed when the actual reading
   * arrives (conventions.md). Absent on volumes that are not estimates.
   */
  estimated?: true
  trace: Trace
}

export type VolumeError =
  | {
      code: 'uncovered_days'
      servicePointId: string
      days: DayInterval
      reason: string
    }
  | { code: 'summation_cycle'; servicePointId: string; pointIds: string[]; message: string }
  | { code: 'unknown_point'; servicePointId: string; missingPointId: string; message: string }
  | { code: 'invalid_facts'; servicePointId: string; message: string }

export interface VolumeSettlement {
  servicePointId: string
  segments: VolumeSegment[]
  warnings: Warning[]
  errors: VolumeError[]
}
