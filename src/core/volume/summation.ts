// summation (004 §20, §27): a transit organization without a working meter
// is charged the sum of what its subscribers and downstream transit
// organizations took, each by its own method; for wastewater, plus the
// surface runoff it receives. The graph walk lives in settle-volumes.ts
// (which passes `settleOther`); cycles are rejected there.
import { dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import type { Trace } from '../shared/trace.ts'
import type { DayRange } from './day-math.ts'
import { proRataPerMonth } from './pro-rata.ts'
import type { VolumeError } from './types.ts'

export interface OtherPointVolume {
  volume: Fx
  errors: VolumeError[]
}

export type SettleOther = (pointId: string, range: DayRange) => OtherPointVolume

export interface SumResult {
  volume: Fx
  trace: Trace
  errors: VolumeError[]
}

/** Σ volumes of the given points over the range (+ a per-month volume pro rata by days, e.g. runoff). */
export function sumOfPoints(pointIds: readonly string[], range: DayRange, settleOther: SettleOther, rule: string, perMonthExtra?: { label: string; perMonth: string }): SumResult {
  let volume = dec(0)
  const errors: VolumeError[] = []
  const inputs: Trace['inputs'] = {}
  const terms: string[] = []
  for (const id of pointIds) {
    const r = settleOther(id, range)
    errors.push(...r.errors)
    volume = volume.plus(r.volume)
    inputs[id] = r.volume.toFixed()
    terms.push(r.volume.toFixed())
  }
  const notes: string[] = []
  if (perMonthExtra) {
    const extra = proRataPerMonth(perMonthExtra.perMonth, range)
    volume = volume.plus(extra)
    inputs[perMonthExtra.label] = extra.toFixed()
    terms.push(extra.toFixed())
    notes.push(`${perMonthExtra.label}: ${perMonthExtra.perMonth} per month; a part of a month pro rata by days (× days ÷ days in the month)`)
  }
  return {
    volume,
    errors,
    trace: { rule, inputs, formula: `${terms.join(' + ') || '0'} = ${volume.toFixed()}`, ...(notes.length ? { notes } : {}) },
  }
}

