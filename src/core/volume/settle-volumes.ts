// The entry of the volume core: settleVolumes(facts, policy) chooses the
// method for every day of [from, to), merges days into segments and computes
// each segment's volume with its trace. Downstream points (summation) and
// water sources (wastewater) are settled recursively over the same days;
// a cycle in that graph is a typed error naming the points.
import { toText, dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import { isIsoDate } from '../shared/dates.ts'
import type { Trace, Warning } from '../shared/trace.ts'
import { volumeAveraged } from './averaged.ts'
import { volumeByCapacity } from './capacity.ts'
import { chooseMethods } from './choose-methods.ts'
import type { Choice, ChosenSegment } from './choose-methods.ts'
import { coefficientSchedule } from './coefficients.ts'
import { isoRange, toDayNumber } from './day-math.ts'
import { toDayNumber as dayOf } from '../shared/dates.ts'
import type { DayRange } from './day-math.ts'
import type { PointFacts, VolumeFacts } from './facts.ts'
import { volumeGuaranteed } from './guaranteed-volume.ts'
import { lossesToBoundary } from './losses.ts'
import { plainMeteredSpan } from './meter-timeline.ts'
import { meteredBetween, volumeMetered } from './metered.ts'
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
  network: Readonly<Record<string, PointFacts>>
  /** points of the network prepared so far (made on the first: most points have no network) */
  prepared: Map<string, PreparedPoint> | undefined
  stack: string[]
  warnings: Warning[]
}

/** read only: a point without a network of others */
const NO_NETWORK: Readonly<Record<string, PointFacts>> = Object.freeze({})

export function settleVolumes(facts: VolumeFacts, policy: VolumePolicy = DEFAULT_VOLUME_POLICY): VolumeSettlement {
  return plainMetered(facts, policy) ?? settleVolumesWith(facts, policy, chooseMethods)
}

/**
 * The common case without the machinery of the choice: an organization's
 * point with one meter, commissioned once and working over the interval (a
 * verification due later is fine), whose plain readings span the whole
 * interval (meter-timeline.ts plainMeteredSpan), and no acts. Then
 * whatever the rule order, every day is rule 3's: the others need an act, a
 * transit point, a stopped or missing meter, or days without readings. The
 * segment is the one settleVolumesWith gives (test/core/volume/plain-metered.property.test.ts);
 * undefined hands anything else to it.
 */
export function plainMetered(facts: VolumeFacts, policy: VolumePolicy): VolumeSettlement | undefined {
  const point = facts.point
  if (facts.meters.length !== 1 || facts.acts.length !== 0 || point.customerKind === 'residential' || point.resource === 'wastewater' ||
    point.transit !== undefined || point.lossesToBoundary !== undefined || !policy.methodRules.includes('metered')) return undefined
  const meter = facts.meters[0]!
  const { from, to } = facts.interval
  if (meter.control || !(from < to) || !isIsoDate(from) || !isIsoDate(to)) return undefined
  const range = { from: dayOf(from), to: dayOf(to) }
  const span = plainMeteredSpan(meter, facts.readings, policy, range)
  if (span === undefined) return undefined
  const r = meteredBetween(span.opening, span.closing, span.openingOnPoint, span.closingOnPoint, range, meter.id, false)
  return {
    servicePointId: point.id,
    segments: [{ method: 'metered', interval: isoRange(range), volume: toText(r.volume), rule: 'rule 3 metered', meterId: meter.id, trace: r.trace }],
    warnings: [],
    errors: [],
  }
}

/** settleVolumes with the choice given (internal: lets tests compare the change-point choice with the day-by-day one). */
export function settleVolumesWith(facts: VolumeFacts, policy: VolumePolicy, choose: ChooseMethods): VolumeSettlement {
  const id = facts.point.id
  const { from, to } = facts.interval
  if (from >= to || !isIsoDate(from) || !isIsoDate(to)) {
    return { servicePointId: id, segments: [], warnings: [], errors: [{ code: 'invalid_facts', servicePointId: id, message: `interval must be [from, to) with from < to: ${from}…${to}` }] }
  }
  const ctx: Ctx = { choose, policy, network: facts.network ?? NO_NETWORK, prepared: undefined, stack: [id], warnings: [] }
  const r = settlePoint(ctx, facts, { from: toDayNumber(from), to: toDayNumber(to) })
  return { servicePointId: id, segments: r.segments, warnings: ctx.warnings, errors: dedupe(r.errors) }
}

function settlePoint(ctx: Ctx, facts: PointFacts, range: DayRange): { segments: VolumeSegment[]; errors: VolumeError[] } {
  // the point settled (stack of one) is prepared once; points of its network may be asked for again
  const inNetwork = ctx.stack.length > 1
  let p = inNetwork ? ctx.prepared?.get(facts.point.id) : undefined
  if (!p) {
    p = preparePoint(facts, ctx.policy)
    if (inNetwork) (ctx.prepared ??= new Map()).set(facts.point.id, p)
    for (const w of p.warnings) ctx.warnings.push(ctx.stack.length > 1 ? { ...w, message: `${facts.point.id}: ${w.message}` } : w)
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
    return { volume: dec(0), errors: [{ code: 'summation_cycle', servicePointId: ctx.stack[0]!, pointIds: cycle, message: `cycle in the network of service points: ${cycle.join(' → ')}` }] }
  }
  const facts = ctx.network[pointId]
  if (!facts) return { volume: dec(0), errors: [{ code: 'unknown_point', servicePointId: here, missingPointId: pointId, message: `${here} refers to service point ${pointId}, which is not in the facts' network` }] }
  ctx.stack.push(pointId)
  try {
    const r = settlePoint(ctx, facts, range)
    let volume = dec(0)
    for (const s of r.segments) volume = volume.plus(s.volume)
    return { volume, errors: r.errors }
  } finally {
    ctx.stack.pop()
  }
}

/** A segment out: the volume as plain text. */
function segment(method: VolumeMethod, r: DayRange, volume: Fx | string, rule: string, trace: Trace, extra?: Partial<VolumeSegment>): VolumeSegment {
  const v = typeof volume === 'string' ? volume : volume.toFixed()
  return extra === undefined ? { method, interval: isoRange(r), volume: v, rule, trace } : { method, interval: isoRange(r), volume: v, rule, ...extra, trace }
}

// metered and averaged volumes come as exact Fx (the hot path); losses are rare and use the methods
function withLosses(point: PointFacts['point'], range: DayRange, volume: Fx, trace: Trace): { volume: string; trace: Trace } {
  if (!point.lossesToBoundary) return { volume: toText(volume), trace }
  const v = volume
  const l = lossesToBoundary(v, range, point.lossesToBoundary)
  const total = v.plus(l.losses)
  return { volume: total.toFixed(), trace: { ...trace, formula: `${trace.formula}; + losses ${l.losses.toFixed()} = ${total.toFixed()}`, notes: [...(trace.notes ?? []), l.note] } }
}

function segmentsFor(ctx: Ctx, p: PreparedPoint, range: DayRange, choice: Choice, out: VolumeSegment[], errors: VolumeError[]): void {
  const point = p.facts.point
  switch (choice.method) {
    case 'uncovered':
      errors.push({ code: 'uncovered_days', servicePointId: point.id, days: isoRange(range), reason: choice.reason })
      return
    case 'capacity': {
      const r = volumeByCapacity(choice.source, range.to - range.from, ctx.policy)
      out.push(segment('capacity', range, toText(r.volume), choice.rule, choice.note ? { ...r.trace, notes: [choice.note] } : r.trace))
      return
    }
    case 'metered': {
      const r = volumeMetered(choice.stretch, range, choice.meterId, choice.control)
      const l = withLosses(point, range, r.volume, r.trace)
      out.push({ method: 'metered', interval: isoRange(range), volume: l.volume, rule: choice.rule, meterId: choice.meterId, trace: l.trace })
      return
    }
    case 'averaged': {
      const r = volumeAveraged(choice.basis, range, `${choice.estimated ? 'ESTIMATE, ' : ''}${choice.key.startsWith('avg354') ? 'averaged: Decree 354 §59' : 'averaged: Decree 776 §17'}`)
      const l = withLosses(point, range, r.volume, choice.estimated ? estimateNote(r.trace) : r.trace)
      out.push(choice.estimated
        ? { method: 'averaged', interval: isoRange(range), volume: l.volume, rule: choice.rule, meterId: choice.basis.meterId, estimated: true, trace: l.trace }
        : { method: 'averaged', interval: isoRange(range), volume: l.volume, rule: choice.rule, meterId: choice.basis.meterId, trace: l.trace })
      return
    }
    case 'guaranteed_volume':
      for (const g of volumeGuaranteed(point.guaranteedVolume!, range)) {
        if (choice.estimated) out.push(segment('guaranteed_volume', g.range, g.volume, choice.rule, estimateNote(g.trace), ESTIMATED))
        else out.push(segment('guaranteed_volume', g.range, g.volume, choice.rule, g.trace))
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
        out.push(segment('normative', n.range, n.baseVolume.plus(n.surchargeVolume), choice.rule, n.trace, {
          normative: { baseVolume: n.baseVolume.toFixed(), surchargeVolume: n.surchargeVolume.toFixed(), coefficient: n.coefficient },
        }))
      }
      return
    }
    case 'summation': {
      const transit = point.transit!
      const runoff = point.resource === 'wastewater' && transit.runoffPerMonth !== undefined ? { label: 'surface runoff (Decree 776 §27)', perMonth: transit.runoffPerMonth } : undefined
      const r = sumOfPoints(transit.downstreamPointIds, range, (id, rr) => settleOther(ctx, id, rr), 'summation: Decree 776 §20, §27', runoff)
      errors.push(...r.errors)
      out.push(segment('summation', range, r.volume, choice.rule, r.trace))
      return
    }
    case 'wastewater_by_supply': {
      if (!point.wastewater) {
        errors.push({ code: 'uncovered_days', servicePointId: point.id, days: isoRange(range), reason: `${choice.rule}, but the point has no water sources configured` })
        return
      }
      const r = volumeWastewaterBySupply(point, range, (id, rr) => settleOther(ctx, id, rr))
      errors.push(...r.errors)
      out.push(segment('wastewater_by_supply', range, r.volume, choice.rule, r.trace))
      return
    }
    case 'water_balance': {
      const r = volumeByWaterBalance(choice.balance, range)
      out.push(segment('water_balance', range, r.volume, choice.rule, r.trace))
      return
    }
  }
}

const ESTIMATED = { estimated: true } as const

/** The trace of an estimate after the last reading says so (policy.afterLastReading). */
function estimateNote(trace: Trace): Trace {
  return { ...trace, notes: [...(trace.notes ?? []), 'ESTIMATE for the days after the last accepted reading: reversed and recomputed when the actual reading arrives'] }
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
