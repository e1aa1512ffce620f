// guaranteed_volume (004 §18): the contract's guaranteed supply volume, per
// day × days, or per month pro rata by days of each month.
import { Big } from '../shared/decimal.ts'
import type { Trace } from '../shared/trace.ts'
import { daysInMonthOf, splitByMonth } from './day-math.ts'
import type { DayRange } from './day-math.ts'
import type { ServicePoint } from './facts.ts'

export interface GuaranteedPiece {
  range: DayRange
  volume: Big
  trace: Trace
}

const RULE = 'guaranteed_volume: Decree 776 §18'

export function volumeGuaranteed(guaranteed: NonNullable<ServicePoint['guaranteedVolume']>, range: DayRange): GuaranteedPiece[] {
  if ('perDay' in guaranteed) {
    const days = range.to - range.from
    const volume = new Big(guaranteed.perDay).times(days)
    return [{ range, volume, trace: { rule: RULE, inputs: { perDay: guaranteed.perDay, days }, formula: `${guaranteed.perDay} × ${days} = ${volume.toFixed()}` } }]
  }
  return splitByMonth(range).map((m) => {
    const days = m.to - m.from
    const dim = daysInMonthOf(m.from)
    const volume = new Big(guaranteed.perMonth).div(dim).times(days)
    return {
      range: m,
      volume,
      trace: { rule: RULE, inputs: { perMonth: guaranteed.perMonth, days, daysInMonth: dim }, formula: `${guaranteed.perMonth} / ${dim} × ${days} = ${volume.toFixed()}` },
    }
  })
}
