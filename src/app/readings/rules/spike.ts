// Consumption per day far above the history's average per day is flagged
// (conventions.md: "high against history, normalised per day"). Exact: both
// sides are cross-multiplied in integers. A history shorter than the policy's
// minimum, or with no use at all, is not an average and the rule is skipped.
import type { HistoryFact } from '../facts.ts'
import { DAY_MS, type ReadingPolicy } from '../policy.ts'

export function isSpike(consumptionScaled: bigint, elapsedMs: number, history: HistoryFact | null, policy: ReadingPolicy): boolean {
  if (!history || history.consumptionScaled <= 0n || history.spanMs < policy.minHistoryDays * DAY_MS) return false
  const interval = BigInt(Math.max(elapsedMs, policy.minSpikeIntervalDays * DAY_MS))
  // consumption / interval > factor × history / span
  return consumptionScaled * BigInt(history.spanMs) > policy.spikeFactor * history.consumptionScaled * interval
}
