// When a reading may be dated: not in the future (beyond a small clock skew),
// not before the meter was first commissioned, not after it was dismantled or
// replaced (meters-and-readings.md, "Validation"). Readings on the day of the
// event itself are allowed: the act records the index of that day (776 §42).
import type { CandidateReading, MeterFacts } from '../facts.ts'
import type { ReadingPolicy } from '../policy.ts'

export function dateReasons(r: CandidateReading, m: MeterFacts, nowMs: number, policy: ReadingPolicy, out: string[]): void {
  const t = r.at.ms
  if (t > nowMs + policy.futureSkewMs) out.push('future_date')
  let firstCommissioned: number | undefined
  let latest: MeterFacts['events'][number] | undefined
  for (const e of m.events) {
    if (e.kind === 'commissioned' && (firstCommissioned === undefined || e.dayStartMs < firstCommissioned)) firstCommissioned = e.dayStartMs
    if (e.dayStartMs <= t && (latest === undefined || e.dayStartMs >= latest.dayStartMs)) latest = e
  }
  // A meter with no commissioning on record (imported history) is not judged.
  if (firstCommissioned !== undefined && t < firstCommissioned) out.push('before_commissioning')
  else if (latest && (latest.kind === 'dismantled' || latest.kind === 'replaced') && t >= latest.dayEndMs) out.push('after_dismantling')
}
