// normative (Decree 354 formula 4(1), memo 003): P = n × N × K × T. The core
// returns volumes; the tariff side prices them. The charge is two lines: the
// base n × N and the surcharge n × N × (K − 1). A month not fully in the
// interval is taken pro rata by days of that month, so every piece returned
// lies inside one month and has constant n, N and K.
import { dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import type { DayNumber } from '../shared/dates.ts'
import type { Trace } from '../shared/trace.ts'
import { coefficientOn, coefficientSchedule } from './coefficients.ts'
import type { CoefficientSchedule } from './coefficients.ts'
import { daysInMonthOf, fromDayNumber, monthStart, splitAt, splitByMonth, toDayNumber, yearMonthOf } from './day-math.ts'
import type { DayRange } from './day-math.ts'
import type { CoefficientFrom, PointFacts } from './facts.ts'

export interface NormativePiece {
  range: DayRange
  baseVolume: Fx
  surchargeVolume: Fx
  coefficient: string
  trace: Trace
}

export type NormativeOutcome = { ok: true; pieces: NormativePiece[] } | { ok: false; range: DayRange; reason: string }

export interface NormativeOptions {
  /** false for Decree 354 readings simply not submitted: no increasing coefficient */
  applyCoefficient: boolean
  coefficients: readonly CoefficientFrom[]
}

const ZERO = dec(0)

function inForce(from: string, to: string | undefined, months: number[] | undefined, day: DayNumber): boolean {
  if (toDayNumber(from) > day) return false
  if (to !== undefined && toDayNumber(to) <= day) return false
  return months === undefined || months.includes(yearMonthOf(day).month)
}

/** First day of the billing period (calendar month) of the earliest technical-impossibility act: K = 1 from then (003). */
function technicalImpossibilityFrom(facts: PointFacts): DayNumber | undefined {
  let first: DayNumber | undefined
  for (const a of facts.acts) {
    if (a.kind !== 'technical_impossibility') continue
    const d = monthStart(toDayNumber(a.date))
    if (first === undefined || d < first) first = d
  }
  return first
}

export function volumeNormative(facts: PointFacts, range: DayRange, opts: NormativeOptions, schedule?: CoefficientSchedule): NormativeOutcome {
  const resource = facts.point.resource
  const k = schedule ?? coefficientSchedule(opts.coefficients, resource)
  const techFrom = technicalImpossibilityFrom(facts)
  const cuts: DayNumber[] = [...k.days]
  if (techFrom !== undefined) cuts.push(techFrom)
  for (const r of facts.residents ?? []) cuts.push(toDayNumber(r.from))
  for (const n of [...(facts.norms ?? []), ...(facts.extraNorms ?? [])]) {
    cuts.push(toDayNumber(n.from))
    if (n.to !== undefined) cuts.push(toDayNumber(n.to))
  }
  for (const a of facts.acts) if (a.kind === 'temporary_absence') cuts.push(toDayNumber(a.from), toDayNumber(a.to))

  const pieces: NormativePiece[] = []
  for (const month of splitByMonth(range)) {
    for (const piece of splitAt(month, cuts)) {
      const day = piece.from
      const days = piece.to - piece.from
      const dim = daysInMonthOf(day)
      const registered = residentsOn(facts, day)
      const absent = absentOn(facts, day, registered)
      const n = Math.max(0, registered - absent)
      const norm = (facts.norms ?? []).find((x) => x.resource === resource && inForce(x.from, x.to, x.months, day))
      if (!norm) return { ok: false, range: piece, reason: `no ${resource} norm in force on ${fromDayNumber(day)}` }
      const base = dec(norm.perPersonPerMonth).times(n).times(days).div(dim)
      let extras = ZERO
      const extraNotes: string[] = []
      for (const x of facts.extraNorms ?? []) {
        if (x.resource !== resource || !inForce(x.from, x.to, x.months, day)) continue
        const v = dec(x.perUnitPerMonth).times(x.units).times(days).div(dim)
        extras = extras.plus(v)
        extraNotes.push(`extra norm (${x.kind}): ${x.units} × ${x.perUnitPerMonth} × ${days}/${dim} = ${v.toFixed()} (no coefficient)`)
      }
      const techImpossible = techFrom !== undefined && day >= techFrom
      const K = !opts.applyCoefficient || techImpossible ? { value: dec(1), raw: '1' } : coefficientOn(k, day)
      const surcharge = base.times(K.value.minus(1))
      const notes = [...extraNotes]
      if (techImpossible) notes.push('K = 1: act of technical impossibility to install a meter, from its billing period (Decree 354 §4(1), memo 003)')
      if (!opts.applyCoefficient) notes.push('no increasing coefficient: readings not submitted (Decree 354 §60)')
      if (absent > 0) notes.push(`${absent} of ${registered} residents temporarily absent by act`)
      if (days !== dim) notes.push(`pro rata: ${days} of ${dim} days`)
      pieces.push({
        range: piece,
        baseVolume: base.plus(extras),
        surchargeVolume: surcharge,
        coefficient: K.raw,
        trace: {
          rule: 'normative: Decree 354 formula 4(1)',
          inputs: { residents: n, normPerPersonPerMonth: norm.perPersonPerMonth, coefficient: K.raw, days, daysInMonth: dim },
          formula: `base ${n} × ${norm.perPersonPerMonth} × ${days}/${dim} = ${base.toFixed()}; surcharge base × (${K.raw} − 1) = ${surcharge.toFixed()}`,
          ...(notes.length ? { notes } : {}),
        },
      })
    }
  }
  return { ok: true, pieces }
}

function residentsOn(facts: PointFacts, day: DayNumber): number {
  let count = 0
  let at = -Infinity
  for (const r of facts.residents ?? []) {
    const d = toDayNumber(r.from)
    if (d <= day && d >= at) {
      at = d
      count = r.count
    }
  }
  return count
}

/** Residents away by an act of temporary absence (without one, the full charge applies: memo 003). */
function absentOn(facts: PointFacts, day: DayNumber, registered: number): number {
  let absent = 0
  for (const a of facts.acts) {
    if (a.kind === 'temporary_absence' && toDayNumber(a.from) <= day && day < toDayNumber(a.to)) absent += a.residents ?? registered
  }
  return Math.min(absent, registered)
}
