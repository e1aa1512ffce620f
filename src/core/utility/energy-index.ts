// The index of an energy meter at a day boundary: a reading, a linear
// interpolation between the readings around it (per day, as the water core
// interpolates), or, after the last reading, an estimate from history: the
// average daily quantity over the year before the last reading, flagged so
// the line is reversed and recomputed when the actual reading comes
// (conventions.md "When an actual reading arrives after estimated periods,
// the estimates are reversed"). Decree 776 methods are water-only: no
// capacity, no normative, no guaranteed volume here.
import { dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import { toDayNumber } from '../shared/dates.ts'
import type { IsoDate } from '../shared/dates.ts'

export interface EnergyMeter {
  id: string
  serial: string
  /** the index at commissioning, if known: an opening index before the first reading */
  commissioned?: { date: IsoDate; index: string }
  /** accepted index readings, any order */
  readings: { date: IsoDate; index: string }[]
}

/** A known index at a day boundary (the start of day `at`). */
interface Known { at: number; date: IsoDate; index: Fx; source: 'reading' | 'commissioning' }

export interface IndexAt {
  index: Fx
  how: 'reading' | 'interpolated' | 'estimated'
  explain: string
}

/** Days of history the average daily quantity of an estimate is taken over. */
export const HISTORY_DAYS = 365

export class MeterIndex {
  readonly meter: EnergyMeter
  readonly known: Known[]

  /** `shift` 1: a reading dated D is the index at the end of D (policy readingDateMeans, default end_of_day). */
  constructor(meter: EnergyMeter, shift: 0 | 1) {
    this.meter = meter
    const known: Known[] = meter.readings.map((r) => ({ at: toDayNumber(r.date) + shift, date: r.date, index: dec(r.index), source: 'reading' as const }))
    if (meter.commissioned) known.push({ at: toDayNumber(meter.commissioned.date), date: meter.commissioned.date, index: dec(meter.commissioned.index), source: 'commissioning' })
    known.sort((a, b) => a.at - b.at || (a.source === 'reading' ? 1 : -1))
    // one index per boundary: the reading wins over the commissioning index
    this.known = known.filter((k, i) => i === known.length - 1 || known[i + 1]!.at !== k.at)
  }

  /** The boundary after the last known index: days from it on are estimated. */
  lastKnown(): number | null {
    return this.known.length ? this.known[this.known.length - 1]!.at : null
  }

  /** The index at the start of `day`, or why it cannot be told. */
  at(day: IsoDate): IndexAt | { error: string; message: string } {
    const t = toDayNumber(day)
    const k = this.known
    if (!k.length) return { error: 'no_readings', message: `meter ${this.meter.serial} has no accepted reading and no commissioning index` }
    if (t < k[0]!.at) return { error: 'no_opening_index', message: `meter ${this.meter.serial}: no reading or commissioning index at or before ${day} (the first is of ${k[0]!.date})` }
    for (let i = 0; i < k.length; i++) {
      const a = k[i]!
      if (a.at === t) return { index: a.index, how: 'reading', explain: `${a.source} of ${a.date}: ${a.index.toFixed()}` }
      const b = k[i + 1]
      if (b && a.at < t && t < b.at) {
        const index = a.index.plus(b.index.minus(a.index).times(t - a.at).div(b.at - a.at)).round(6)
        return { index, how: 'interpolated', explain: `${a.index.toFixed()} + (${b.index.toFixed()} − ${a.index.toFixed()}) × ${t - a.at} / ${b.at - a.at} days (readings of ${a.date} and ${b.date}) = ${index.toFixed()}` }
      }
    }
    const last = k[k.length - 1]!
    const first = k.find((x) => x.at >= last.at - HISTORY_DAYS && x.at < last.at)
    if (!first) return { error: 'no_history', message: `meter ${this.meter.serial}: no reading after ${last.date}, and no earlier reading within ${HISTORY_DAYS} days to estimate from` }
    const perDay = last.index.minus(first.index).div(last.at - first.at)
    const index = last.index.plus(perDay.times(t - last.at)).round(6)
    return { index, how: 'estimated',
      explain: `ESTIMATE: ${last.index.toFixed()} + average ${perDay.round(6).toFixed()} per day ((${last.index.toFixed()} − ${first.index.toFixed()}) / ${last.at - first.at} days, ${first.date} … ${last.date}) × ${t - last.at} days = ${index.toFixed()}` }
  }
}
