// The entry of the volume core: settleVolumes(facts, policy) chooses the
// method for every day of [from, to), merges days into segments and computes
// each segment's volume with its trace. Downstream points (summation) and
// water sources (wastewater) are settled recursively over the same days;
// a cycle in that graph is a typed error naming the points.
import { Big } from '../shared/decimal.ts'
import { isIsoDate } from '../shared/dates.ts'
import { toBig, toText } from '../shared/fixed.ts'
import type { Fx } from '../shared/fixed.ts'
import type { Trace, Warning } from '../shared/trace.ts'
import { volumeAveraged } from './averaged.ts'
import { volumeByCapacityFx } from './capacity.ts'
import { chooseMethods } from './choose-methods.ts'
import type { Choice, ChosenSegment } from './choose-methods.ts'
import { coefficientSchedule } from './coefficients.ts'
import { isoRange, toDayNumber } from './day-math.ts'
import type { DayRange } from './day-math.ts'
import type { PointFacts, VolumeFacts } from './facts.ts'
import { volumeGuaranteed } from './guaranteed-volume.ts'
import { lossesToBoundary } from './losses.ts'
import { volumeMetered } from './metered.ts'
import { volumeNormative } from './normative.ts'
import { DEFAULT_VOLUME_POLICY } from './policy.ts'
import type { VolumePolicy } from './policy.ts'
import { preparePoint } from './prepare.ts'
import type { PreparedPoint } from './prepare.ts'
import { sumOfPoints } from './summation.ts'
import type { OtherPointVolume } from './summation.ts'
import type { VolumeError, VolumeMethod, VolumeSegment, VolumeSettlement } from './types.ts'
import { volumeWastewaterBySupply } from './wastewater.ts'
import { volumeByWaterBalance } from './water-balance.ts'

/** How the methods are chosen over a range (the change-point choice, or the day-by-day reference in tests). */
export type ChooseMethods = (p: PreparedPoint, range: DayRange, policy: VolumePolicy) => ChosenSegment[]

interface Ctx {
  choose: ChooseMethods
  policy: VolumePolicy
  network: Record<string, PointFacts>
  prepared: Map<string, PreparedPoint>
  stack: string[]
  warnings: Warning[]
}

export function settleVolumes(facts: VolumeFacts, policy: VolumePolicy = DEFAULT_VOLUME_POLICY): VolumeSettlement {
  return settleVolumesWith(facts, policy, chooseMethods)
}

/** settleVolumes with the choice given (internal: lets tests compare the change-point choice with the day-by-day one). */
export function settleVolumesWith(facts: VolumeFacts, policy: VolumePolicy, choose: ChooseMethods): VolumeSettlement {
  const id = facts.point.id
  const { from, to } = facts.interval
  if (from >= to || !validIso(from) || !validIso(to)) {
    return { servicePointId: id, segments: [], warnings: [], errors: [{ code: 'invalid_facts', servicePointId: id, message: `interval must be [from, to) with from < to: ${from}…${to}` }] }
  }
  const ctx: Ctx = { choose, policy, network: facts.network ?? {}, prepared: new Map(), stack: [id], warnings: [] }
  const r = settlePoint(ctx, facts, { from: toDayNumber(from), to: toDayNumber(to) })
  return { servicePointId: id, segments: r.segments, warnings: ctx.warnings, errors: dedupe(r.errors) }
}

function settlePoint(ctx: Ctx, facts: PointFacts, range: DayRange): { segments: VolumeSegment[]; errors: VolumeError[] } {
  let p = ctx.prepared.get(facts.point.id)
  if (!p) {
    p = preparePoint(facts, ctx.policy)
    ctx.prepared.set(facts.point.id, p)
    ctx.warnings.push(...p.warnings.map((w) => (ctx.stack.length > 1 ? { ...w, message: `${facts.point.id}: ${w.message}` } : w)))
  }
  const segments: VolumeSegment[] = []
  const errors: VolumeError[] = []
  for (const { range: r, choice } of ctx.choose(p, range, ctx.policy)) {
    segmentsFor(ctx, p, r, choice, segments, errors)
  }
  return { segments, errors }
}

function settleOther(ctx: Ctx, pointId: string, range: DayRange): OtherPointVolume {
  const here = ctx.stack[ctx.stack.length - 1]!
  const at = ctx.stack.indexOf(pointId)
  if (at >= 0) {
    const cycle = [...ctx.stack.slice(at), pointId]
    return { volume: new Big(0), errors: [{ code: 'summation_cycle', servicePointId: ctx.stack[0]!, pointIds: cycle, message: `cycle in the network of service points: ${cycle.join(' → ')}` }] }
  }
  const facts = ctx.network[pointId]
  if (!facts) return { volume: new Big(0), errors: [{ code: 'unknown_point', servicePointId: here, missingPointId: pointId, message: `${here} refers to service point ${pointId}, which is not in the facts' network` }] }
  ctx.stack.push(pointId)
  try {
    const r = settlePoint(ctx, facts, range)
    let volume = new Big(0)
    for (const s of r.segments) volume = volume.plus(s.volume)
    return { volume, errors: r.errors }
  } finally {
    ctx.stack.pop()
  }
}

function segmentsFor(ctx: Ctx, p: PreparedPoint, range: DayRange, choice: Choice, out: VolumeSegment[], errors: VolumeError[]): void {
  const point = p.facts.point
  const push = (method: VolumeMethod, r: DayRange, volume: Big | string, trace: Trace, extra: Partial<VolumeSegment> = {}): void => {
    out.push({ method, interval: isoRange(r), volume: typeof volume === 'string' ? volume : volume.toFixed(), rule: choice.rule, ...extra, trace })
  }
  // metered and averaged volumes come as exact Fx (the hot path); losses are rare and stay on big.js
  const withLosses = (volume: Fx, trace: Trace): [string, Trace] => {
    if (!point.lossesToBoundary) return [toText(volume), trace]
    const v = toBig(volume)
    const l = lossesToBoundary(v, range, point.lossesToBoundary)
    const total = v.plus(l.losses)
    return [total.toFixed(), { ...trace, formula: `${trace.formula}; + losses ${l.losses.toFixed()} = ${total.toFixed()}`, notes: [...(trace.notes ?? []), l.note] }]
  }
  switch (choice.method) {
    case 'uncovered':
      errors.push({ code: 'uncovered_days', servicePointId: point.id, days: isoRange(range), reason: choice.reason })
      return
    case 'capacity': {
      const r = volumeByCapacityFx(choice.source, range.to - range.from, ctx.policy)
      push('capacity', range, toText(r.volume), choice.note ? { ...r.trace, notes: [choice.note] } : r.trace)
      return
    }
    case 'metered': {
      const r = volumeMetered(choice.stretch, range, choice.meterId, choice.control)
      const [v, t] = withLosses(r.volume, r.trace)
      push('metered', range, v, t, { meterId: choice.meterId })
      return
    }
    case 'averaged': {
      const r = volumeAveraged(choice.basis, range, `${choice.estimated ? 'ESTIMATE, ' : ''}${choice.key.startsWith('avg354') ? 'averaged: Decree 354 §59' : 'averaged: Decree 776 §17'}`)
      const [v, t] = withLosses(r.volume, choice.estimated ? estimateNote(r.trace) : r.trace)
      push('averaged', range, v, t, choice.estimated ? { meterId: choice.basis.meterId, estimated: true } : { meterId: choice.basis.meterId })
      return
    }
    case 'guaranteed_volume':
      for (const g of volumeGuaranteed(point.guaranteedVolume!, range)) {
        if (choice.estimated) push('guaranteed_volume', g.range, g.volume, estimateNote(g.trace), ESTIMATED)
        else push('guaranteed_volume', g.range, g.volume, g.trace)
      }
      return
    case 'normative': {
      const coefficients = p.facts.coefficients ?? []
      const r = volumeNormative(p.facts, range, { applyCoefficient: choice.applyCoefficient, coefficients }, coefficientSchedule(coefficients, point.resource))
      if (!r.ok) {
        errors.push({ code: 'uncovered_days', servicePointId: point.id, days: isoRange(r.range), reason: r.reason })
        return
      }
      for (const n of r.pieces) {
        push('normative', n.range, n.baseVolume.plus(n.surchargeVolume), n.trace, {
          normative: { baseVolume: n.baseVolume.toFixed(), surchargeVolume: n.surchargeVolume.toFixed(), coefficient: n.coefficient },
        })
      }
      return
    }
    case 'summation': {
      const transit = point.transit!
      const runoff = point.resource === 'wastewater' && transit.runoffPerMonth !== undefined ? { label: 'surface runoff (Decree 776 §27)', perMonth: transit.runoffPerMonth } : undefined
      const r = sumOfPoints(transit.downstreamPointIds, range, (id, rr) => settleOther(ctx, id, rr), 'summation: Decree 776 §20, §27', runoff)
      errors.push(...r.errors)
      push('summation', range, r.volume, r.trace)
      return
    }
    case 'wastewater_by_supply': {
      if (!point.wastewater) {
        errors.push({ code: 'uncovered_days', servicePointId: point.id, days: isoRange(range), reason: `${choice.rule}, but the point has no water sources configured` })
        return
      }
      const r = volumeWastewaterBySupply(point, range, (id, rr) => settleOther(ctx, id, rr))
      errors.push(...r.errors)
      push('wastewater_by_supply', range, r.volume, r.trace)
      return
    }
    case 'water_balance': {
      const r = volumeByWaterBalance(choice.balance, range)
      push('water_balance', range, r.volume, r.trace)
      return
    }
  }
}

const ESTIMATED = { estimated: true } as const

/** The trace of an estimate after the last reading says so (policy.afterLastReading). */
function estimateNote(trace: Trace): Trace {
  return { ...trace, notes: [...(trace.notes ?? []), 'ESTIMATE for the days after the last accepted reading: reversed and recomputed when the actual reading arrives (conventions.md "Meter data validation and estimation")'] }
}

// Bill runs settle every point over the same period: remember which interval
// dates were valid (bounded, deterministic) instead of matching them each time.
const validDates = new Set<string>()
function validIso(date: string): boolean {
  if (validDates.has(date)) return true
  if (!isIsoDate(date)) return false
  if (validDates.size > 10_000) validDates.clear()
  validDates.add(date)
  return true
}

function dedupe(errors: VolumeError[]): VolumeError[] {
  if (errors.length === 0) return errors
  const seen = new Set<string>()
  return errors.filter((e) => {
    const k = JSON.stringify(e)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
