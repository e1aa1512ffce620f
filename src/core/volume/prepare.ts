// Parse one service point's facts once: day numbers, meter timelines, capped
// unauthorized periods, notices. The day-by-day choice then only compares
// integers, which keeps the hot path free of string parsing.
import type { DayNumber } from '../shared/dates.ts'
import type { Warning } from '../shared/trace.ts'
import type { AverageBasis } from './averaged.ts'
import { cappedUnauthorizedRange, unauthorizedCap } from './capacity.ts'
import type { CapacitySource } from './capacity.ts'
import { addPeriod, fromDayNumber, toDayNumber } from './day-math.ts'
import type { DayRange } from './day-math.ts'
import type { PointFacts } from './facts.ts'
import { buildMeterTimeline } from './meter-timeline.ts'
import type { MeterTimeline, WorkingStretch } from './meter-timeline.ts'
import type { Outcome } from './choose-methods.ts'
import type { VolumePolicy } from './policy.ts'

export interface UnauthorizedPeriod {
  index: number
  range: DayRange
  source: CapacitySource
  note?: string
}

/** A choice remembered for (stretch, slot); a settlement holds a handful, so a list beats a map. */
export interface MemoEntry {
  stretch: WorkingStretch
  slot: string
  outcome: Outcome
}

export interface PreparedPoint {
  facts: PointFacts
  main: MeterTimeline[]
  control: MeterTimeline[]
  unauthorized: UnauthorizedPeriod[]
  /** first day of capacity after a notice to install (004 §16c), earliest notice */
  noticeCapacityFrom?: DayNumber
  noticeNote?: string
  /** notified temporary stops (temporary-absence acts) */
  stops: DayRange[]
  /** average bases by meter and day, made on first use (averagesOf) */
  averages: Map<string, AverageBasis | null> | undefined
  /**
   * Choices already built for this settlement, by the stretch they depend on:
   * the day-by-day choice returns the same object for every day of a run
   * instead of formatting its key and rule again (choose-methods.ts).
   */
  memo: MemoEntry[]
  /** the last memo entry read: a run of days asks for the same one */
  lastMemo?: MemoEntry
  warnings: Warning[]
}

export function preparePoint(facts: PointFacts, policy: VolumePolicy): PreparedPoint {
  const warnings: Warning[] = []
  // one pass, no intermediate array: main and control timelines in the meters' order
  const main: MeterTimeline[] = []
  const control: MeterTimeline[] = []
  for (let k = 0; k < facts.meters.length; k++) {
    const t = buildMeterTimeline(facts.meters[k]!, facts.readings, facts.acts, policy, warnings)
    if (t.meter.control) control.push(t)
    else main.push(t)
  }
  const p: PreparedPoint = {
    facts,
    main,
    control,
    unauthorized: [],
    stops: [],
    averages: undefined,
    memo: [],
    warnings,
  }
  const acts = facts.acts
  for (let index = 0; index < acts.length; index++) {
    const a = acts[index]!
    if (a.kind === 'unauthorized_connection') {
      const cap = unauthorizedCap(facts.point.customerKind, a.selfReported ?? false, policy)
      const { range, capped } = cappedUnauthorizedRange({ from: toDayNumber(a.from), to: toDayNumber(a.to) }, cap)
      const source: CapacitySource = a.ratedFlowLPerMin !== undefined
        ? { kind: 'rated_flow', litresPerMinute: a.ratedFlowLPerMin }
        : { kind: 'pipe', diameterMm: a.diameterMm ?? facts.point.diameterMm }
      p.unauthorized.push({
        index, range, source,
        ...(capped ? { note: `period ${a.from}…${a.to} capped to ${cap.count} ${cap.unit} before elimination: from ${fromDayNumber(range.from)} (Decree 776 §16a; memo 003)` } : {}),
      })
    } else if (a.kind === 'notice_to_install') {
      // 004 §16c: from day 61 after the notice, or after the contract's deadline
      const from = a.deadline !== undefined
        ? toDayNumber(a.deadline) + 1
        : addPeriod(toDayNumber(a.date), { unit: 'days', count: policy.capacityAfterNoticeFromDay - 1 }, 1)
      if (p.noticeCapacityFrom === undefined || from < p.noticeCapacityFrom) {
        p.noticeCapacityFrom = from
        p.noticeNote = `notice to install of ${a.date}: capacity from ${fromDayNumber(from)} (Decree 776 §16c)`
      }
    } else if (a.kind === 'temporary_absence') {
      p.stops.push({ from: toDayNumber(a.from), to: toDayNumber(a.to) })
    }
  }
  return p
}

/** The point's memo of average bases, made on first use. */
export function averagesOf(p: PreparedPoint): Map<string, AverageBasis | null> {
  return (p.averages ??= new Map())
}
