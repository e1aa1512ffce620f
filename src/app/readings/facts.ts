// What the pure rules need to know, loaded by the shell (meter-facts.ts) and
// passed in: no rule reads the database or the clock.
import type { ReadAt } from './read-at.ts'

export type ReadingKind = 'index' | 'consumption'

export interface MeterEventFact {
  kind: 'installed' | 'commissioned' | 'dismantled' | 'replaced'
  /** start of the event's day in the tenant's zone, epoch ms */
  dayStartMs: number
  /** start of the next day */
  dayEndMs: number
  /** the index at the event, canonical decimal; the new start for commissioning */
  index: string | null
}

/** Average use over earlier accepted readings, as one quotient (exact). */
export interface HistoryFact {
  /** consumption over the span, value × 10^9 */
  consumptionScaled: bigint
  spanMs: number
}

export interface MeterFacts {
  meterId: string
  digits: number
  decimals: number
  /** m³/h × 10^9, or null when the meter's maximum flow is unknown */
  maxFlowScaled: bigint | null
  readingKind: ReadingKind
  /** commissioning, installation, dismantling and replacement, by date */
  events: MeterEventFact[]
  history: HistoryFact | null
}

export interface PreviousReading {
  at: ReadAt
  /** canonical decimal */
  value: string
}

/** A reading as the rules see it: parsed, with a canonical value. */
export interface CandidateReading {
  at: ReadAt
  /** 'index' or 'consumption' as submitted; null for a status-only reading */
  kind: ReadingKind | null
  /** canonical decimal, or null when the reader recorded a status instead */
  value: string | null
}
