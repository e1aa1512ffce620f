// Day-by-day method choice (volume-methods.md "Choosing the method, day by
// day"): for each day the first rule of policy.methodRules that holds decides.
// Consecutive days with the same choice key form one segment. A day no rule
// covers is returned as 'uncovered' with the reasons, never guessed.
import type { DayNumber } from '../shared/dates.ts'
import type { AverageBasis } from './averaged.ts'
import { averageDailyBefore } from './averaged.ts'
import type { CapacitySource } from './capacity.ts'
import { decree354Step } from './decree354-averaging.ts'
import { addMonths, fromDayNumber } from './day-math.ts'
import type { DayRange } from './day-math.ts'
import type { WaterBalance } from './facts.ts'
import { seriesCovers, stoppedOn, workingOn } from './meter-timeline.ts'
import type { MeterTimeline, WorkingStretch } from './meter-timeline.ts'
import type { MethodRuleId, VolumePolicy } from './policy.ts'
import { averagesOf } from './prepare.ts'
import type { MemoEntry, PreparedPoint } from './prepare.ts'
import { balanceOn } from './water-balance.ts'

export type Choice =
  | { method: 'capacity'; key: string; rule: string; source: CapacitySource; note?: string }
  | { method: 'metered'; key: string; rule: string; meterId: string; stretch: WorkingStretch; control: boolean }
  | { method: 'averaged'; key: string; rule: string; basis: AverageBasis; estimated?: true }
  | { method: 'guaranteed_volume'; key: string; rule: string; estimated?: true }
  | { method: 'normative'; key: string; rule: string; applyCoefficient: boolean }
  | { method: 'summation'; key: string; rule: string }
  | { method: 'wastewater_by_supply'; key: string; rule: string }
  | { method: 'water_balance'; key: string; rule: string; balance: WaterBalance }
  | { method: 'uncovered'; key: string; rule: string; reason: string }

export interface ChosenSegment {
  range: DayRange
  choice: Choice
}

/** A rule either decides the day, or passes with a reason (kept for the uncovered report). */
export type Outcome = Choice | string | null

interface Ctx {
  p: PreparedPoint
  policy: VolumePolicy
}

/**
 * The choice over [from, to), evaluated once per stretch between change
 * points instead of once per day. Every rule reads the day only by comparing
 * it with dates collected in changePoints (interval bounds, meter stretches
 * and their series, failure phases F+60/F+61, overdue thresholds, acts,
 * notices, stops, the first day after the last reading), so between two
 * consecutive points each rule's outcome — and
 * the choice key — is the same as on the stretch's first day; consecutive
 * stretches with the same key merge exactly as consecutive days did.
 * Residential, wastewater and transit points read more (Decree 354 periods,
 * water balances, the network): they keep the day-by-day choice.
 * test/core/volume/change-points.property.test.ts checks both agree.
 */
export function chooseMethods(p: PreparedPoint, range: DayRange, policy: VolumePolicy): ChosenSegment[] {
  const point = p.facts.point
  if (point.customerKind === 'residential' || point.resource === 'wastewater' || point.transit) return chooseMethodsDayByDay(p, range, policy)
  if (range.to <= range.from) return []
  const ctx: Ctx = { p, policy }
  const cuts = changePoints(p, range, policy)
  const out: ChosenSegment[] = []
  let last: ChosenSegment | undefined
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!
    const choice = chooseDay(ctx, from)
    if (last !== undefined && last.choice.key === choice.key) last.range.to = cuts[i + 1]!
    else out.push(last = { range: { from, to: cuts[i + 1]! }, choice })
  }
  return out
}

/** The reference: the rules asked for every day of [from, to) (volume-methods.md, literally). */
export function chooseMethodsDayByDay(p: PreparedPoint, range: DayRange, policy: VolumePolicy): ChosenSegment[] {
  const ctx: Ctx = { p, policy }
  const out: ChosenSegment[] = []
  for (let day = range.from; day < range.to; day++) {
    const choice = chooseDay(ctx, day)
    const last = out[out.length - 1]
    if (last && last.choice.key === choice.key && last.range.to === day) last.range.to = day + 1
    else out.push({ range: { from: day, to: day + 1 }, choice })
  }
  return out
}

/** range.from, every date inside the range where a rule's inputs may change, range.to; ascending, distinct. */
function changePoints(p: PreparedPoint, range: DayRange, policy: VolumePolicy): DayNumber[] {
  const pts: DayNumber[] = [range.from, range.to]
  const add = (d: DayNumber): void => {
    if (d > range.from && d < range.to) pts.push(d)
  }
  for (const u of p.unauthorized) {
    add(u.range.from)
    add(u.range.to)
  }
  if (p.noticeCapacityFrom !== undefined) add(p.noticeCapacityFrom)
  for (const r of p.stops) {
    add(r.from)
    add(r.to)
  }
  for (let k = 0; k < 2; k++) {
    const timelines = k === 0 ? p.main : p.control
    for (const t of timelines) {
      if (t.installedFrom !== undefined) add(t.installedFrom)
      for (const st of t.stretches) {
        add(st.from)
        const n = st.days.length
        if (n > 0) add(st.days[0]!)
        // the first day after the last reading's coverage (or the start): the
        // estimate after the last reading begins (policy.afterLastReading) …
        const last = n ? st.days[n - 1]! : st.from
        add(last)
        // … and ends when the readings are overdue: months after the last point
        if (last < range.to) add(addMonths(last, policy.readingsOverdueMonths))
        if (st.to === Infinity) continue
        add(st.to)
        // meter failure phases after F
        add(st.to + policy.capacityAfterFailureFromDay - 1)
        add(st.to + policy.averagingMaxDays)
      }
    }
  }
  if (pts.length > 2) {
    pts.sort((a, b) => a - b)
    let w = 1
    for (let i = 1; i < pts.length; i++) if (pts[i] !== pts[w - 1]) pts[w++] = pts[i]!
    pts.length = w
  }
  return pts
}

function chooseDay(ctx: Ctx, day: DayNumber): Choice {
  let reasons: string[] | undefined
  const rules = ctx.policy.methodRules
  for (let i = 0; i < rules.length; i++) {
    const o = RULES[rules[i]!](ctx, day)
    if (o === null) continue
    if (typeof o === 'string') (reasons ??= []).push(o)
    else return o
  }
  const reason = reasons ? reasons.join('; ') : 'no rule applies'
  return { method: 'uncovered', key: `unc|${reason}`, rule: 'none', reason }
}

const RULES: Record<MethodRuleId, (ctx: Ctx, day: DayNumber) => Outcome> = {
  // Rule 1: an unauthorized-connection act covers the day → capacity with its cap (004 §16a, §24).
  unauthorized_connection: ({ p }, day) => {
    for (const u of p.unauthorized) {
      if (day >= u.range.from && day < u.range.to) {
        return { method: 'capacity', key: `cap|ua|${u.index}`, rule: 'rule 1 unauthorized_connection: capacity (Decree 776 §16a)', source: u.source, ...(u.note ? { note: u.note } : {}) }
      }
    }
    return null
  },
  // Rule 2: a transit organization without a working meter → summation (004 §20, §27).
  transit_summation: ({ p }, day) => {
    if (!p.facts.point.transit) return null
    if (anyWorking(p, day)) return null
    return { method: 'summation', key: 'sum', rule: 'rule 2 transit_summation: summation (Decree 776 §20)' }
  },
  // Rule 3: a commissioned, verified, working meter whose readings span the day.
  metered: ({ p }, day) => {
    const main = p.main
    for (let i = 0; i < main.length; i++) {
      const t = main[i]!
      const s = workingOn(t, day)
      if (s !== undefined && seriesCovers(s, day)) return metered(p, t, s, false, 'rule 3 metered')
    }
    return null
  },
  // Rule 4: the main meter failed / was dismantled / its verification expired on F.
  meter_failure: ({ p, policy }, day) => {
    if (anyWorking(p, day)) return null
    let t: MeterTimeline | undefined
    let stretch: WorkingStretch | undefined
    for (let i = 0; i < p.main.length; i++) {
      const s = stoppedOn(p.main[i]!, day)
      if (s !== undefined && (!stretch || s.to > stretch.to)) {
        stretch = s
        t = p.main[i]!
      }
    }
    if (!t || !stretch) return null
    const control = controlMetered(p, day, 'rule 4 meter_failure: control meter')
    if (control) return control
    const F = stretch.to
    const point = p.facts.point
    if (point.resource === 'wastewater') return bySupply(p, day, policy, `rule 4 meter_failure (${failureEvent(t, stretch)}): wastewater = water received (Decree 776 §23)`)
    if (point.customerKind === 'residential' && policy.residentialMeterFailure === 'decree354') {
      return residential354(p, t, F, day, policy, true, `rule 4 meter_failure (${failureEvent(t, stretch)})`)
    }
    // The rest depends on the day only through which phase after F it is in,
    // so each phase's outcome is built once per stopped stretch.
    if (day >= F + policy.capacityAfterFailureFromDay - 1) return remember(p, stretch, 'capacity', () => failureCapacity(p, t, stretch, policy))
    return remember(p, stretch, day >= F + policy.averagingMaxDays ? 'after' : 'within', () => failureAveraging(p, t, stretch, day, policy))
  },
  // Rule 5: no approved meter.
  no_meter: ({ p, policy }, day) => {
    for (let i = 0; i < p.main.length; i++) {
      const t = p.main[i]!
      if (workingOn(t, day) !== undefined || stoppedOn(t, day) !== undefined) return null
    }
    const point = p.facts.point
    if (point.resource === 'wastewater' && (point.wastewater || p.facts.waterBalances?.length)) return bySupply(p, day, policy, 'rule 5 no_meter: wastewater')
    if (point.customerKind === 'residential') return { method: 'normative', key: 'norm|K', rule: 'rule 5 no_meter: normative (Decree 354 formula 4(1))', applyCoefficient: true }
    if (p.noticeCapacityFrom !== undefined && day >= p.noticeCapacityFrom) {
      return { method: 'capacity', key: 'cap|notice', rule: 'rule 5 no_meter: capacity after the notice to install (Decree 776 §16c)', source: { kind: 'pipe', diameterMm: point.diameterMm }, ...(p.noticeNote ? { note: p.noticeNote } : {}) }
    }
    if (point.guaranteedVolume) return { method: 'guaranteed_volume', key: 'gv', rule: 'rule 5 no_meter: guaranteed_volume (Decree 776 §18)' }
    return `no approved meter, no guaranteed volume in the contract${p.noticeCapacityFrom !== undefined ? ` and capacity starts only on ${fromDayNumber(p.noticeCapacityFrom)}` : ' and no notice to install'}`
  },
  // Rule 6: a working meter without readings for the day. Before the readings
  // are overdue, the days after the last reading are estimated (rule 3b,
  // policy.afterLastReading): reversed when the actual reading arrives.
  readings_overdue: ({ p, policy }, day) => {
    for (const t of p.main) {
      const s = workingOn(t, day)
      if (s === undefined || seriesCovers(s, day)) continue
      const n = s.days.length
      const last = n ? s.days[n - 1]! : s.from
      const control = controlMetered(p, day, 'rule 6 readings_overdue: control meter')
      if (control) return control
      const point = p.facts.point
      // the days before a stretch's first reading are not "after the last reading"
      const estimate = policy.afterLastReading === 'estimate' && day >= last
      if (point.customerKind === 'residential') {
        // Decree 354 §59: its average is the estimate; after its periods (or without
        // 3 months of history) the normative of §60 applies as before
        return residential354(p, t, last, day, policy, false, `rule 6 readings_overdue (no readings since ${fromDayNumber(last)})`, estimate ? last : undefined)
      }
      const overdueFrom = addMonths(last, policy.readingsOverdueMonths)
      const stopped = p.stops.some((r) => day >= r.from && day < r.to)
      if (day < overdueFrom) {
        const why = `meter ${t.meter.id}: no readings since ${fromDayNumber(last)}, not yet overdue (${policy.readingsOverdueMonths} months on ${fromDayNumber(overdueFrom)})`
        if (!estimate) return why
        if (stopped) return `${why}; a temporary stop was notified, so the days are not estimated`
        return remember(p, s, 'estimate', () => estimateAfterLastReading(p, t, s, last, overdueFrom, policy, why))
      }
      if (stopped) return `meter ${t.meter.id}: readings overdue but a temporary stop was notified (Decree 776 §16d)`
      const rule = `rule 6 readings_overdue: no readings since ${fromDayNumber(last)}, more than ${policy.readingsOverdueMonths} months`
      if (point.resource === 'wastewater') return bySupply(p, day, policy, `${rule}: wastewater = water received (Decree 776 §23)`)
      return { method: 'capacity', key: `cap|overdue|${t.meter.id}|${last}`, rule: `${rule}: capacity (Decree 776 §16d)`, source: { kind: 'pipe', diameterMm: point.diameterMm } }
    }
    return null
  },
}

function metered(p: PreparedPoint, t: MeterTimeline, stretch: WorkingStretch, control: boolean, rule: string): Choice {
  // remember() without a closure: this one is asked for on every settlement
  const known = recall(p, stretch, rule)
  if (known !== undefined) return known as Choice
  return keep(p, stretch, rule, { method: 'metered', key: `met|${t.meter.id}|${stretch.from}`, rule, meterId: t.meter.id, stretch, control }) as Choice
}

/** The outcome for (stretch, slot), built on first use in this settlement. */
function remember(p: PreparedPoint, stretch: WorkingStretch, slot: string, build: () => Outcome): Outcome {
  const known = recall(p, stretch, slot)
  return known !== undefined ? known : keep(p, stretch, slot, build())
}

/** The outcome remembered for (stretch, slot), or undefined. */
function recall(p: PreparedPoint, stretch: WorkingStretch, slot: string): Outcome | undefined {
  // consecutive days usually ask for the same (stretch, slot): answer those without a search
  const last = p.lastMemo
  if (last !== undefined && last.stretch === stretch && last.slot === slot) return last.outcome
  const memo = p.memo
  for (let i = 0; i < memo.length; i++) {
    const m = memo[i]!
    if (m.stretch === stretch && m.slot === slot) {
      p.lastMemo = m
      return m.outcome
    }
  }
  return undefined
}

function keep(p: PreparedPoint, stretch: WorkingStretch, slot: string, outcome: Outcome): Outcome {
  const entry: MemoEntry = { stretch, slot, outcome }
  p.memo.push(entry)
  p.lastMemo = entry
  return outcome
}

function anyWorking(p: PreparedPoint, day: DayNumber): boolean {
  for (let i = 0; i < p.main.length; i++) if (workingOn(p.main[i]!, day) !== undefined) return true
  return false
}

function failureEvent(t: MeterTimeline, stretch: WorkingStretch): string {
  return `${t.meter.id} ${stretch.stopKind!} on ${fromDayNumber(stretch.to)}`
}

/** Rule 4 from day `capacityAfterFailureFromDay` after the event F (004 §16b). */
function failureCapacity(p: PreparedPoint, t: MeterTimeline, stretch: WorkingStretch, policy: VolumePolicy): Choice {
  return { method: 'capacity', key: `cap|fail|${t.meter.id}|${stretch.to}`, rule: `rule 4 meter_failure (${failureEvent(t, stretch)}): capacity from day ${policy.capacityAfterFailureFromDay} (Decree 776 §16b)`, source: { kind: 'pipe', diameterMm: p.facts.point.diameterMm } }
}

/** Rule 4 before capacity starts: guaranteed volume (short-lived meter, 004 §18) or the average (004 §17). */
function failureAveraging(p: PreparedPoint, t: MeterTimeline, stretch: WorkingStretch, day: DayNumber, policy: VolumePolicy): Outcome {
  const F = stretch.to
  const workedDays = stretch.to - stretch.from
  const ev = failureEvent(t, stretch)
  if (workedDays < policy.minWorkingDaysForAveraging) {
    if (p.facts.point.guaranteedVolume) return { method: 'guaranteed_volume', key: 'gv', rule: `rule 4 meter_failure (${ev}): worked ${workedDays} < ${policy.minWorkingDaysForAveraging} days → guaranteed_volume (Decree 776 §18)` }
    return `${ev}: worked ${workedDays} < ${policy.minWorkingDaysForAveraging} days and the contract has no guaranteed volume`
  }
  if (day >= F + policy.averagingMaxDays) return `${ev}: averaging ended after ${policy.averagingMaxDays} days and capacity has not started`
  const basis = averageFor(p, t, F, policy.averagingWindowMonths)
  if (!basis) return `${ev}: no metered history to average`
  return { method: 'averaged', key: `avg|${t.meter.id}|${F}`, rule: `rule 4 meter_failure (${ev}): averaged, days 1–${policy.averagingMaxDays} (Decree 776 §17)`, basis }
}

/** 004 §13: a working control meter's readings replace the main meter's. */
function controlMetered(p: PreparedPoint, day: DayNumber, rule: string): Choice | undefined {
  for (const t of p.control) {
    const s = workingOn(t, day)
    if (s !== undefined && seriesCovers(s, day)) return metered(p, t, s, true, `${rule} (Decree 776 §13)`)
  }
  return undefined
}

function averageFor(p: PreparedPoint, t: MeterTimeline, F: DayNumber, months: number): AverageBasis | undefined {
  const key = `776|${t.meter.id}|${F}`
  const averages = averagesOf(p)
  let b = averages.get(key)
  if (b === undefined) {
    b = averageDailyBefore(t, F, months) ?? null
    averages.set(key, b)
  }
  return b ?? undefined
}

/**
 * Decree 354 on `day`. With `estimateAfter` (the last reading's boundary,
 * policy.afterLastReading = 'estimate') its average is the estimate after the
 * last reading (rule 3b): flagged, and the rule says so.
 */
function residential354(p: PreparedPoint, t: MeterTimeline, since: DayNumber, day: DayNumber, policy: VolumePolicy, failure: boolean, rule: string, estimateAfter?: DayNumber): Choice {
  const step = decree354Step(t, since, day, policy, averagesOf(p))
  if (step.step === 'averaged') {
    const average = `Decree 354 average, period ${step.period + 1} of ${policy.decree354.maxPeriods} (Decree 354 §59)`
    if (estimateAfter !== undefined) {
      return { method: 'averaged', key: `avg354|est|${t.meter.id}|${since}`, rule: `${afterLastRule(estimateAfter)}: estimated by the ${average}, ${PENDING}`, basis: step.basis, estimated: true }
    }
    return { method: 'averaged', key: `avg354|${t.meter.id}|${since}`, rule: `${rule}: ${average}`, basis: step.basis }
  }
  return { method: 'normative', key: `norm|${failure ? 'K' : 'noK'}`, rule: `${rule}: ${step.why}`, applyCoefficient: failure }
}

const PENDING = 'ESTIMATE until an actual reading arrives (then reversed and recomputed)'

/** The rule text of the days after the last reading: the last day its readings cover, then the estimate. */
function afterLastRule(last: DayNumber): string {
  return `rule 3b after the last reading (readings cover the days to ${fromDayNumber(last - 1)})`
}

/**
 * Rule 3b (policy.afterLastReading = 'estimate'): an organization's working
 * meter after its last reading `last`, before the readings are overdue on
 * `overdueFrom`: the 004 §17 average over the window before `last`, flagged
 * as an estimate; a meter that worked less than minWorkingDaysForAveraging
 * falls back as rule 4 does (guaranteed volume, 004 §18), else uncovered.
 */
function estimateAfterLastReading(p: PreparedPoint, t: MeterTimeline, s: WorkingStretch, last: DayNumber, overdueFrom: DayNumber, policy: VolumePolicy, why: string): Outcome {
  const rule = afterLastRule(last)
  const pending = `${PENDING}; capacity from ${fromDayNumber(overdueFrom)} if none (Decree 776 §16d)`
  const workedDays = last - s.from
  const basis = workedDays < policy.minWorkingDaysForAveraging ? undefined : averageFor(p, t, last, policy.averagingWindowMonths)
  if (basis) return { method: 'averaged', key: `avg|est|${t.meter.id}|${last}`, rule: `${rule}: estimated by the average daily volume over ${policy.averagingWindowMonths} months (Decree 776 §17), ${pending}`, basis, estimated: true }
  const short = workedDays < policy.minWorkingDaysForAveraging ? `worked ${workedDays} < ${policy.minWorkingDaysForAveraging} days before its last reading` : 'no metered history to average'
  if (p.facts.point.guaranteedVolume) return { method: 'guaranteed_volume', key: `gv|est|${t.meter.id}|${last}`, rule: `${rule}: ${short} → guaranteed_volume (Decree 776 §18), ${pending}`, estimated: true }
  return `${why}; not estimated: ${short} and the contract has no guaranteed volume`
}

function bySupply(p: PreparedPoint, day: DayNumber, policy: VolumePolicy, rule: string): Choice {
  const balance = balanceOn(p.facts.waterBalances, day, policy)
  if (balance) return { method: 'water_balance', key: `wb|${balance.approvedOn}`, rule: `${rule}: approved water balance (Decree 776 §23.1)`, balance }
  return { method: 'wastewater_by_supply', key: 'ww', rule: `${rule}: water received from all sources + runoff (Decree 776 §23)` }
}
