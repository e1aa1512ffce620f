// The verdict on one reading: every rule adds its reason codes; the codes
// decide the status. Codes are stable: clients switch on them.
//
//   code                         status    why
//   ---------------------------  --------  ------------------------------------------------
//   invalid_row                  rejected  the row breaks the input schema (not stored)
//   unknown_meter                rejected  no such meter in this tenant; another tenant's
//                                          meter is unknown too, never revealed (not stored)
//   duplicate                    —         same meter, instant, value and source as a stored
//                                          reading (bulk status "duplicate"; nothing added)
//   consumption_on_index_meter   rejected  the meter registers an index; a volume cannot be read as one
//   index_on_consumption_meter   rejected  open hot-water systems submit consumption (000)
//   too_many_decimals            rejected  more decimals than the meter shows (002 item 16)
//   exceeds_digits               rejected  more whole digits than the register has
//   future_date                  rejected  dated after now + skew
//   before_commissioning         rejected  before the meter's first commissioning (776 §42)
//   after_dismantling            rejected  after the meter was dismantled or replaced
//   lower_index                  rejected  below the previous index, no plausible rollover
//   rollover_unverified          flagged   lower index, rollover possible but the meter's
//                                          maximum flow is unknown: a person decides
//   spike                        flagged   consumption per day > factor × history average
//   rollover                     accepted  a plausible rollover (noted, not a fault)
//
// A flagged reading is stored and does not drive a bill until accepted
// (meters-and-readings.md). Rejected readings of a known meter are stored
// too, as the record of what was refused.
import type { CandidateReading, MeterFacts, PreviousReading } from '../facts.ts'
import type { ReadingPolicy } from '../policy.ts'
import { dateReasons } from './dates.ts'
import { forwardConsumption, indexOrderReasons } from './index-order.ts'
import { kindAndValueReasons } from './kind-and-value.ts'
import { isSpike } from './spike.ts'

export type ReadingStatus = 'accepted' | 'flagged' | 'rejected'

export const REJECTING = new Set(['invalid_row', 'unknown_meter', 'consumption_on_index_meter', 'index_on_consumption_meter',
  'too_many_decimals', 'exceeds_digits', 'future_date', 'before_commissioning', 'after_dismantling', 'lower_index'])
export const FLAGGING = new Set(['rollover_unverified', 'spike'])

export interface Verdict {
  status: ReadingStatus
  reasons: string[]
}

const ACCEPTED: Verdict = Object.freeze({ status: 'accepted', reasons: Object.freeze([]) as unknown as string[] }) as Verdict

export function statusOf(reasons: readonly string[]): ReadingStatus {
  let flagged = false
  for (const r of reasons) {
    if (REJECTING.has(r)) return 'rejected'
    if (FLAGGING.has(r)) flagged = true
  }
  return flagged ? 'flagged' : 'accepted'
}

/** Judge one reading against its meter, the previous accepted reading and the policy. Pure. */
export function judgeReading(r: CandidateReading, m: MeterFacts, prev: PreviousReading | null, nowMs: number, policy: ReadingPolicy): Verdict {
  const reasons: string[] = []
  kindAndValueReasons(r, m, reasons)
  dateReasons(r, m, nowMs, policy, reasons)
  if (reasons.length) return { status: 'rejected', reasons }
  if (r.value === null) return ACCEPTED
  const order = indexOrderReasons(r, m, prev, reasons)
  if (order.consumptionScaled !== null && order.sinceMs !== null && m.history) {
    const c = order.consumptionScaled === -1n ? forwardConsumption(r, m, prev) : order.consumptionScaled
    if (c !== null && isSpike(c, r.at.ms - order.sinceMs, m.history, policy)) reasons.push('spike')
  }
  if (!reasons.length) return ACCEPTED
  return { status: statusOf(reasons), reasons }
}
