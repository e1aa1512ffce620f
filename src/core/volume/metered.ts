// metered: volume = closing index − opening index (volume-methods.md §1).
// Boundaries between readings are interpolated linearly by days, and the
// trace says so. Because the volume of [a, c) is V(c) − V(a) on one
// cumulative series, splitting an interval never changes the total.
import { sub, toText } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import type { Trace } from '../shared/trace.ts'
import { fromDayNumber } from './day-math.ts'
import type { DayRange } from './day-math.ts'
import { cumulativeAt, isPointDay } from './meter-timeline.ts'
import type { WorkingStretch } from './meter-timeline.ts'

export interface MeteredResult {
  volume: Fx
  trace: Trace
}

export function volumeMetered(stretch: WorkingStretch, range: DayRange, meterId: string, control = false): MeteredResult {
  return meteredBetween(cumulativeAt(stretch, range.from), cumulativeAt(stretch, range.to), isPointDay(stretch, range.from), isPointDay(stretch, range.to), range, meterId, control)
}

/** The metered volume and its trace from the cumulative values at the range's ends (…OnPoint: a reading there, nothing interpolated). */
export function meteredBetween(opening: Fx, closing: Fx, openingOnPoint: boolean, closingOnPoint: boolean, range: DayRange, meterId: string, control: boolean): MeteredResult {
  const volume = sub(closing, opening)
  const openingText = toText(opening)
  const closingText = toText(closing)
  // the notes array only when there is a note (the usual month starts and ends on readings)
  let notes: string[] | undefined
  if (!openingOnPoint) (notes ??= []).push(`opening at ${fromDayNumber(range.from)} interpolated by days between readings`)
  if (!closingOnPoint) (notes ??= []).push(`closing at ${fromDayNumber(range.to)} interpolated by days between readings`)
  if (control) (notes ??= []).push('readings of the control (parallel) meter replace the main meter (Decree 776 §13)')
  const rule = control ? 'metered on the control meter: Decree 776 §13' : 'metered: Decree 776 §14'
  const inputs = { meterId, openingCumulative: openingText, closingCumulative: closingText }
  const formula = `${closingText} − ${openingText} = ${toText(volume)}`
  return {
    volume,
    trace: notes ? { rule, inputs, formula, notes } : { rule, inputs, formula },
  }
}

