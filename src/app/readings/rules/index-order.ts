// An index lower than the previous one is refused unless the register rolled
// over plausibly: consumption = 10^digits − previous + next, no more than the
// meter's maximum flow over the elapsed time (conventions.md, "Rollover").
// With no maximum flow on record the rollover cannot be verified: flagged for
// a person to decide. A declared commissioning (a new start index) resets the
// baseline, so a replaced meter starts from its act's index.
import { compareDecimal, registerSpan, toScaled } from '../decimal-text.ts'
import type { CandidateReading, MeterFacts, PreviousReading } from '../facts.ts'

const HOUR_MS = 3_600_000n

export interface IndexOrder {
  /** consumption since the baseline, value × 10^9; null when unknown */
  consumptionScaled: bigint | null
  /** when the baseline was read, epoch ms */
  sinceMs: number | null
}

/** The baseline: the later of the previous accepted reading and a start index declared at commissioning. */
export function baseline(r: CandidateReading, m: MeterFacts, prev: PreviousReading | null): { value: string; ms: number } | null {
  let base = prev ? { value: prev.value, ms: prev.at.ms } : null
  for (const e of m.events) {
    if ((e.kind === 'commissioned' || e.kind === 'installed') && e.index !== null && e.dayStartMs <= r.at.ms && (!base || e.dayStartMs > base.ms)) {
      base = { value: e.index, ms: e.dayStartMs }
    }
  }
  return base
}

export function indexOrderReasons(r: CandidateReading, m: MeterFacts, prev: PreviousReading | null, out: string[]): IndexOrder {
  if (r.kind !== 'index' || r.value === null) return { consumptionScaled: r.value === null ? null : toScaled(r.value), sinceMs: prev?.at.ms ?? null }
  const base = baseline(r, m, prev)
  if (!base) return { consumptionScaled: null, sinceMs: null }
  if (compareDecimal(r.value, base.value) >= 0) {
    // Fast path: most readings. Consumption is computed lazily only when the
    // spike rule has a history to compare with (see spike.ts).
    return { consumptionScaled: -1n, sinceMs: base.ms }
  }
  const span = registerSpan(m.digits)
  const prevScaled = toScaled(base.value)
  if (prevScaled >= span) { out.push('lower_index'); return { consumptionScaled: null, sinceMs: null } }
  const rolled = span - prevScaled + toScaled(r.value)
  if (m.maxFlowScaled === null) { out.push('rollover_unverified'); return { consumptionScaled: rolled, sinceMs: base.ms } }
  const elapsed = BigInt(Math.max(0, r.at.ms - base.ms))
  // rolled ≤ maxFlow × elapsed hours, multiplied out to stay in integers
  if (rolled * HOUR_MS <= m.maxFlowScaled * elapsed) { out.push('rollover'); return { consumptionScaled: rolled, sinceMs: base.ms } }
  out.push('lower_index')
  return { consumptionScaled: null, sinceMs: null }
}

/** Consumption of an index reading above its baseline (the fast path's deferred sum). */
export function forwardConsumption(r: CandidateReading, m: MeterFacts, prev: PreviousReading | null): bigint | null {
  const base = baseline(r, m, prev)
  return base && r.value !== null ? toScaled(r.value) - toScaled(base.value) : null
}
