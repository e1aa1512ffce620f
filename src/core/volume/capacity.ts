// capacity (004 §16, §24; memo 003): the throughput of the connection with
// full section at v = 1.2 m/s, around the clock: V = π × d² / 4 × v × t.
// A device's rated flow (003's hose table, l/min) may replace the pipe formula.
import { Big } from '../shared/decimal.ts'
import { fxOfBig, mulInt, toText } from '../shared/fixed.ts'
import type { Fx } from '../shared/fixed.ts'
import type { Trace } from '../shared/trace.ts'
import type { CustomerKind } from './facts.ts'
import type { PolicyPeriod, VolumePolicy } from './policy.ts'
import { addPeriod } from './day-math.ts'
import type { DayRange } from './day-math.ts'

export type CapacitySource =
  | { kind: 'pipe'; diameterMm: string }
  | { kind: 'rated_flow'; litresPerMinute: string }

const THOUSAND = new Big(1000)

/** m³ per day: π × (d/1000)² / 4 × v × seconds per day. */
export function capacityPerDay(source: CapacitySource, policy: VolumePolicy): Big {
  if (source.kind === 'rated_flow') {
    // l/min × seconds per day ÷ (60 s/min × 1000 l/m³): multiply first, one division last (issue 9 §3)
    return new Big(source.litresPerMinute).times(policy.secondsPerDay).div(60_000)
  }
  // π × d_mm² × v × s ÷ (4 × 1000²): every product is exact, the one division comes
  // last (issue 9 §3). Dividing by 4 first cut π × d² to Big.DP places before × v × s.
  const mm = new Big(source.diameterMm)
  return new Big(policy.pi).times(mm.times(mm)).times(policy.waterSpeedMPerS).times(policy.secondsPerDay).div(4_000_000)
}

// A bill run meets the same few diameters and flows under one policy: the
// m³ per day (five big.js steps with two divisions) is computed once per
// (π, speed, seconds, source) and kept as an exact Fx. Same value, same volumes.
// The key holds every input, so a policy edited in place cannot read a stale entry.
interface DailyCapacity { perDay: Fx; diameterM: string }
const daily = new Map<string, DailyCapacity>()

function dailyCapacity(source: CapacitySource, policy: VolumePolicy): DailyCapacity {
  const key = `${policy.pi}|${policy.waterSpeedMPerS}|${policy.secondsPerDay}|${source.kind === 'pipe' ? `d${source.diameterMm}` : `q${source.litresPerMinute}`}`
  let c = daily.get(key)
  if (!c) {
    c = {
      perDay: fxOfBig(capacityPerDay(source, policy)),
      diameterM: source.kind === 'pipe' ? new Big(source.diameterMm).div(THOUSAND).toFixed() : '',
    }
    if (daily.size > 10_000) daily.clear()
    daily.set(key, c)
  }
  return c
}

/** Volume by capacity for `days` days (linear in days: splitting never changes the sum), exact. */
export function volumeByCapacity(source: CapacitySource, days: number, policy: VolumePolicy): { volume: Fx; trace: Trace } {
  const c = dailyCapacity(source, policy)
  const volume = mulInt(c.perDay, days)
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
  return {
    volume,
    trace: {
      rule: 'capacity: Decree 776 §16',
      inputs: { pi: policy.pi, diameterM: c.diameterM, speedMPerS: policy.waterSpeedMPerS, days, seconds },
      formula: `${policy.pi} × ${c.diameterM}² / 4 × ${policy.waterSpeedMPerS} × ${seconds} = ${toText(volume)}`,
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
