// guaranteed_volume (004 §18): the contract's guaranteed supply volume, per
// day × days, or per month pro rata by days of each month.
import { dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import type { Trace } from '../shared/trace.ts'
import type { DayRange } from './day-math.ts'
import type { ServicePoint } from './facts.ts'
import { perMonthParts } from './pro-rata.ts'

export interface GuaranteedPiece {
  range: DayRange
  volume: Fx
  trace: Trace
}

const RULE = 'guaranteed_volume: Decree 776 §18'

export function volumeGuaranteed(guaranteed: NonNullable<ServicePoint['guaranteedVolume']>, range: DayRange): GuaranteedPiece[] {
  if ('perDay' in guaranteed) {
    const days = range.to - range.from
    const volume = dec(guaranteed.perDay).times(days)
    return [{ range, volume, trace: { rule: RULE, inputs: { perDay: guaranteed.perDay, days }, formula: `${guaranteed.perDay} × ${days} = ${volume.toFixed()}` } }]
  }
  // a whole month is the monthly volume exactly; a part is × days ÷ days in the month (pro-rata.ts)
  return perMonthParts(guaranteed.perMonth, range).map((m) => ({
    range: m.range,
    volume: m.volume,
    trace: { rule: RULE, inputs: { perMonth: guaranteed.perMonth, days: m.days, daysInMonth: m.daysInMonth }, formula: `${m.formula} = ${m.volume.toFixed()}` },
  }))
}
