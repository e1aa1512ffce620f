// Losses to the meter (004 §21): a meter not at the boundary of operational
// responsibility under-counts by the losses in the pipe between them; add a
// percentage of the volume, or a volume per month taken pro rata by days.
import { dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import type { DayRange } from './day-math.ts'
import type { LossesToBoundary } from './facts.ts'
import { perMonthParts } from './pro-rata.ts'

export interface LossesResult {
  losses: Fx
  note: string
}

export function lossesToBoundary(volume: Fx, range: DayRange, losses: LossesToBoundary): LossesResult {
  if (losses.kind === 'percent') {
    const l = volume.times(losses.percent).div(100)
    return { losses: l, note: `losses to the boundary (Decree 776 §21): ${volume.toFixed()} × ${losses.percent}% = ${l.toFixed()}` }
  }
  // a whole month is the monthly losses exactly; a part is × days ÷ days in the month (pro-rata.ts)
  let l = dec(0)
  const parts: string[] = []
  for (const m of perMonthParts(losses.volume, range)) {
    l = l.plus(m.volume)
    parts.push(m.formula)
  }
  return { losses: l, note: `losses to the boundary (Decree 776 §21): ${parts.join(' + ')} = ${l.toFixed()}` }
}
