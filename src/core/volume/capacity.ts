// capacity (004 §16, §24; memo 003): the throughput of the connection with
// full section at v = 1.2 m/s, around the clock: V = π × d² / 4 × v × t.
// A device's rated flow (003's hose table, l/min) may replace the pipe formula.
import { div, fx, fxInt, mul, mulInt, toText, Fx } from '../shared/decimal.ts'
import type { Trace } from '../shared/trace.ts'
import type { CustomerKind } from './facts.ts'
import type { PolicyPeriod, VolumePolicy } from './policy.ts'
import { addPeriod } from './day-math.ts'
import type { DayRange } from './day-math.ts'

export type CapacitySource =
  | { kind: 'pipe'; diameterMm: string }
  | { kind: 'rated_flow'; litresPerMinute: string }

/** m³ per day: π × (d/1000)² / 4 × v × seconds per day, exact but for the one division (to 20 places, DIV_PLACES). */
export function capacityPerDay(source: CapacitySource, policy: VolumePolicy): Fx {
  if (source.kind === 'rated_flow') {
    // l/min × seconds per day ÷ (60 s/min × 1000 l/m³): multiply first, one division last (issue 9 §3)
    return div(mulInt(fx(source.litresPerMinute), policy.secondsPerDay), fxInt(60_000), 20, 'half_up')
  }
  // π × d_mm² × v × s ÷ (4 × 1000²): every product is exact, the one division comes
  // last (issue 9 §3). Dividing by 4 first cut π × d² to 20 places before × v × s.
  const mm = fx(source.diameterMm)
  return div(mulInt(mul(mul(fx(policy.pi), mul(mm, mm)), fx(policy.waterSpeedMPerS)), policy.secondsPerDay), fxInt(4_000_000), 20, 'half_up')
}

/** Volume by capacity for `days` days (linear in days: splitting never changes the sum), exact. */
export function volumeByCapacity(source: CapacitySource, days: number, policy: VolumePolicy): { volume: Fx; trace: Trace } {
  const volume = mulInt(capacityPerDay(source, policy), days)
  const seconds = policy.secondsPerDay * days
  if (source.kind === 'rated_flow') {
    return {
      volume,
      trace: {
        rule: 'capacity (rated flow of the device): memo 003',
        inputs: { litresPerMinute: source.litresPerMinute, days, secondsPerDay: policy.secondsPerDay },
        formula: `${source.litresPerMinute} l/min × ${seconds / 60} min / 1000 = ${toText(volume)}`,
      },
    }
  }
  // d / 1000 exactly: the point moves three places
  const d = fx(source.diameterMm)
  const diameterM = toText(new Fx(d.n === d.n ? d.n : d.u, d.e + 3))
  return {
    volume,
    trace: {
      rule: 'capacity: Decree 776 §16',
      inputs: { pi: policy.pi, diameterM, speedMPerS: policy.waterSpeedMPerS, days, seconds },
      formula: `${policy.pi} × ${diameterM}² / 4 × ${policy.waterSpeedMPerS} × ${seconds} = ${toText(volume)}`,
    },
  }
}

/** Which cap applies to an unauthorized connection (004 §16a, §24; memo 003). */
export function unauthorizedCap(kind: CustomerKind, selfReported: boolean, policy: VolumePolicy): PolicyPeriod {
  if (selfReported) return policy.unauthorizedCap.selfReported
  return kind === 'residential' ? policy.unauthorizedCap.residential : policy.unauthorizedCap.organization
}

/** The act's period [previous inspection, elimination) cut to the cap, counted back from the elimination day. */
export function cappedUnauthorizedRange(act: DayRange, cap: PolicyPeriod): { range: DayRange; capped: boolean } {
  const earliest = addPeriod(act.to, cap, -1)
  if (act.from >= earliest) return { range: act, capped: false }
  return { range: { from: earliest, to: act.to }, capped: true }
}
