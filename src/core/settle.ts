// The pure entry of settlement for one service point and interval: choose and
// compute the volumes (volume/settle-volumes.ts), price them with the tariff
// schedule and the money policy (bill/compose-bill.ts), and hand back charge
// lines whose traces go from the rule that fired to the rounded amount.
// Policy numbers and "today" are arguments: no clock, no I/O (architecture.md).
import { composeBill } from './bill/compose-bill.ts'
import type { ServicePoint as BillingPoint } from './bill/compose-bill.ts'
import type { BillTotals } from './bill/charge-line.ts'
import type { MoneyPolicy } from './bill/money-policy.ts'
import { money } from './bill/money-policy.ts'
import { add, dec, fx, isCanonical, toText, FX_ZERO } from './shared/decimal.ts'
import { addDays, isIsoDate } from './shared/dates.ts'
import type { DayInterval, IsoDate } from './shared/dates.ts'
import { plainTrace } from './shared/trace.ts'
import type { Trace, Warning } from './shared/trace.ts'
import { compileSchedule } from './tariff/compile-schedule.ts'
import type { CompiledSchedule } from './tariff/compile-schedule.ts'
import { TariffNotFoundError } from './tariff/select-tariff.ts'
import type { TariffSchedule } from './tariff/types.ts'
import { settleVolumes } from './volume/index.ts'
import type { VolumeFacts, VolumePolicy, VolumeSegment } from './volume/index.ts'
import { joinOwnLines } from './settle/join-lines.ts'
import type { SettledLine, VolumeLineSource } from './settle/join-lines.ts'
import { pricedVolumeList } from './settle/priced-volumes.ts'
import { BLOCKING_CODES, fromVolumeError } from './settle/settle-errors.ts'
import type { SettleError } from './settle/settle-errors.ts'

export type { SettledLine, NormativePart } from './settle/join-lines.ts'
export type { SettleError } from './settle/settle-errors.ts'
export { BLOCKING_CODES } from './settle/settle-errors.ts'

/** How the point is billed: the tariff's usage type and what fixed fees and surcharges look at. */
export interface BillingTerms extends BillingPoint {
  /** the tariff service; defaults to the point's resource */
  service?: string
}

export interface SettleInput {
  facts: VolumeFacts
  policy: VolumePolicy
  billing: BillingTerms
  /** the schedule as data, or compiled once by a bill run */
  tariffs: TariffSchedule | CompiledSchedule
  money: MoneyPolicy
  /** the caller's today: days after it have not been consumed yet */
  today: IsoDate
  previousCarry?: string
  debt?: string
  /** the interval is one part of a longer one (a term changed, disconnected days): how fixed fees are shared (composeBill) */
  feeShare?: { days: number; last: boolean }
}

export interface SettlementTotals extends BillTotals {
  /** Σ volumes of the segments, m³, unrounded */
  volume: string
}

export interface SegmentOut extends Omit<VolumeSegment, 'trace'> {
  trace: Trace
}

export interface ServicePointSettlement {
  servicePointId: string
  interval: DayInterval
  lines: SettledLine[]
  totals: SettlementTotals
  /** the volume segments behind the lines, one per method and inputs */
  volumes: SegmentOut[]
  warnings: Warning[]
  errors: SettleError[]
}

export function settleServicePoint(input: SettleInput): ServicePointSettlement {
  const { facts, money: mp } = input
  const id = facts.point.id
  const service = input.billing.service ?? facts.point.resource
  if (!isIsoDate(input.today)) {
    return empty(input, [], [{ code: 'invalid_facts', servicePointId: id, message: `today must be a calendar date YYYY-MM-DD: ${input.today}` }], [])
  }
  const v = settleVolumes(facts, input.policy)
  // the settlement's own arrays, fresh from settleVolumes: handed on, not copied
  const warnings: Warning[] = v.warnings
  const dayAfter = addDays(input.today, 1)
  if (isIsoDate(facts.interval.to) && facts.interval.to > dayAfter) {
    warnings.push({ code: 'interval_after_today', message: `the interval ends after today (${input.today}): days from ${dayAfter} on are not consumed yet, their volumes are projections` })
  }
  const errors: SettleError[] = v.errors.length === 0 ? [] : v.errors.map(fromVolumeError)
  // the callers' copies: the lines' traces, built on read, read the segments' own
  const volumes = v.segments.map(segmentOut)
  if (errors.length > 0 && errors.some((e) => e.code === 'invalid_facts')) return empty(input, volumes, errors, warnings)

  let schedule: CompiledSchedule
  try {
    // compiled already? (the field read first: `in` is slow, and a bill run passes a compiled schedule)
    const t = input.tariffs
    schedule = (t as Partial<CompiledSchedule>).byKey !== undefined || 'byKey' in t ? t as CompiledSchedule : compileSchedule(t as TariffSchedule)
  } catch (err) {
    return empty(input, volumes, [...errors, { code: 'invalid_tariff', servicePointId: id, message: (err as Error).message }], warnings)
  }
  // composeBill reads the billing terms it knows (usage, diameter, dwellings, units, flags); `service` is ours
  const point: BillingPoint = input.billing
  try {
    const joins: VolumeLineSource[] = []
    const bill = composeBill({
      period: facts.interval,
      servicePoint: point,
      volumes: pricedVolumeList(v.segments, service),
      services: [service],
      schedule,
      policy: mp,
      previousCarry: input.previousCarry,
      debt: input.debt,
      ...(input.feeShare ? { feeShare: input.feeShare } : {}),
      onVolumeLine: (line, priced) => { joins.push({ line, priced }) },
    })
    // the bill is ours alone: its lines are completed in place, its totals get the volume
    joinOwnLines(joins, v.segments)
    const totals = bill.totals as SettlementTotals
    totals.volume = sumVolumes(v.segments)
    return {
      servicePointId: id,
      interval: facts.interval,
      lines: bill.lines as SettledLine[],
      totals,
      volumes,
      warnings,
      errors,
    }
  } catch (err) {
    if (!(err instanceof TariffNotFoundError)) throw err
    const e: SettleError = { code: 'tariff_not_found', servicePointId: id, service: err.service, usage: err.usage, days: err.interval, message: err.message }
    return empty(input, volumes, [...errors, e], warnings)
  }
}

/** Lines that describe the bill: no blocking error (uncovered days leave the covered days priced). */
export function isComplete(s: ServicePointSettlement): boolean {
  return !s.errors.some((e) => BLOCKING_CODES.has(e.code))
}

function segmentOut(s: VolumeSegment): SegmentOut {
  return { ...s, trace: plainTrace(s.trace) }
}

function sumVolumes(segments: readonly VolumeSegment[]): string {
  if (segments.length === 1) {
    const text = segments[0]!.volume
    return isCanonical(text) ? text : toText(fx(text))
  }
  let total = FX_ZERO
  for (const s of segments) total = add(total, fx(s.volume))
  return toText(total)
}

function empty(input: SettleInput, volumes: SegmentOut[], errors: SettleError[], warnings: Warning[]): ServicePointSettlement {
  const mp = input.money
  const zero = money(mp, FX_ZERO)
  const debt = money(mp, dec(input.debt ?? 0))
  const carry = money(mp, dec(input.previousCarry ?? 0))
  return {
    servicePointId: input.facts.point.id,
    interval: input.facts.interval,
    lines: [],
    totals: { currency: mp.currency, charges: zero, rounding: zero, currentBill: zero, debt, payable: zero, carry: zero, previousCarry: carry, volume: sumVolumes(volumes) },
    volumes,
    warnings,
    errors,
  }
}
