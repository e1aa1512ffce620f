// averaged (004 §17): average daily metered volume × days. The average is
// over the last 12 months of this meter's metered volumes before the event;
// a meter that worked less than that is averaged over its actual working
// period (only days its readings span count).
import { add, div, fxInt, mulInt, sub, toText, FX_ZERO } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import type { DayNumber } from '../shared/dates.ts'
import type { Trace } from '../shared/trace.ts'
import { addMonths, fromDayNumber } from './day-math.ts'
import type { DayRange } from './day-math.ts'
import { cumulativeAt } from './meter-timeline.ts'
import type { MeterTimeline } from './meter-timeline.ts'

export interface AverageBasis {
  meterId: string
  /** the window the average was taken over: [from, to) */
  window: DayRange
  /** metered days inside the window */
  days: number
  volume: Fx
}

/** Average daily metered volume in the `months` months before `eventDay`; undefined if no metered day. */
export function averageDailyBefore(t: MeterTimeline, eventDay: DayNumber, months: number): AverageBasis | undefined {
  const window = { from: addMonths(eventDay, -months), to: eventDay }
  let days = 0
  let volume = FX_ZERO
  for (const s of t.stretches) {
    const n = s.days.length
    if (n < 2) continue
    const a = Math.max(window.from, s.days[0]!)
    const b = Math.min(window.to, s.days[n - 1]!)
    if (b <= a) continue
    days += b - a
    volume = add(volume, sub(cumulativeAt(s, b), cumulativeAt(s, a)))
  }
  if (days === 0) return undefined
  return { meterId: t.meter.id, window, days, volume }
}

export function volumeAveraged(basis: AverageBasis, range: DayRange, rule: string): { volume: Fx; trace: Trace } {
  const days = range.to - range.from
  // metered volume × days ÷ metered days: multiplied first (issue 9 §3), so
  // averaging over as many days as were metered gives the metered volume exactly
  const volume = div(mulInt(basis.volume, days), fxInt(basis.days), 20, 'half_up')
  const meteredVolume = toText(basis.volume)
  return {
    volume,
    trace: {
      rule,
      inputs: {
        meterId: basis.meterId,
        windowFrom: fromDayNumber(basis.window.from),
        windowTo: fromDayNumber(basis.window.to),
        meteredDays: basis.days,
        meteredVolume,
        days,
      },
      formula: `${meteredVolume} / ${basis.days} × ${days} = ${toText(volume)}`,
      notes: [`average daily volume over the metered days of [${fromDayNumber(basis.window.from)}, ${fromDayNumber(basis.window.to)})`],
    },
  }
}
