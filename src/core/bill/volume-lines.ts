// Volume lines of one tariff piece: a volume segment is split by days at
// tariff changes, then priced flat (a line per segment, keeping its method)
// or stepped (one line for the piece: steps apply to the whole consumption).
// Amounts are exact decimals (shared/decimal.ts); text only at the output.
import { add, div, fx, fxInt, isCanonical, mulInt, roundTo, sign, sub, toText, FX_ZERO } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import { toDayNumber as dayOf } from '../shared/dates.ts'
import type { DayInterval } from '../shared/dates.ts'
import type { TariffPiece } from '../tariff/select-tariff.ts'
import type { PricedVolume } from '../tariff/types.ts'
import type { ChargeLine } from './charge-line.ts'
import { priceVolume } from '../tariff/volume-price.ts'
import type { VolumeAmount } from '../tariff/volume-price.ts'
import { deferredTrace } from '../shared/deferred-trace.ts'
import type { Trace } from '../shared/trace.ts'
import type { ComposeContext, PieceLine } from './line-builders.ts'
import { money, roundPriced } from './money-policy.ts'
import type { MoneyPolicy } from './money-policy.ts'

export interface Allocation {
  segment: PricedVolume
  piece: number
  fromDay: number
  toDay: number
  interval: DayInterval
  volume: Fx
  /** the volume as text, when known (the segment's own string) */
  volumeText: string | null
  /** how the share was computed, when split */
  note: string | null
}

/** Split each segment over the tariff pieces by days; the last share takes the remainder so volume is conserved. */
export function allocateVolumes(segments: PricedVolume[], pieces: TariffPiece[], places: number): Allocation[] {
  // the usual bill: one segment, one piece (a one-element array, not a growing one)
  if (segments.length === 1 && pieces.length === 1) return [allocateWhole(segments[0]!, pieces[0]!)]
  const out: Allocation[] = []
  const first = pieces[0]
  const last = pieces[pieces.length - 1]
  for (const segment of segments) {
    const from = dayOf(segment.interval.from)
    const to = dayOf(segment.interval.to)
    if (!first || !last || to <= from || from < first.fromDay || to > last.toDay) outside(segment)
    if (pieces.length === 1) {
      out.push(allocateWhole(segment, first))
      continue
    }
    const volume = volumeOf(segment)
    const days = to - from
    let left = volume
    const hits: number[] = []
    for (let i = 0; i < pieces.length; i++) if (pieces[i]!.toDay > from && pieces[i]!.fromDay < to) hits.push(i)
    hits.forEach((i, k) => {
      const p = pieces[i]!
      const a = Math.max(from, p.fromDay)
      const b = Math.min(to, p.toDay)
      const interval = { from: a === from ? segment.interval.from : p.interval.from, to: b === to ? segment.interval.to : p.interval.to }
      if (hits.length === 1) {
        out.push({ segment, piece: i, fromDay: a, toDay: b, interval, volume, volumeText: null, note: null })
        return
      }
      // volume × days / total to 20 places half-up, then to `places` half-up
      const share = k === hits.length - 1 ? left : roundShare(div(mulInt(volume, b - a), fxInt(days), 20, 'half_up'), places)
      left = sub(left, share)
      const note = k === hits.length - 1
        ? `split by days at a tariff change: remainder ${toText(volume)} − earlier shares = ${toText(share)} m³`
        : `split by days at a tariff change: ${toText(volume)} m³ × ${b - a} / ${days} days = ${toText(share)} m³ (${places} places)`
      out.push({ segment, piece: i, fromDay: a, toDay: b, interval, volume: share, volumeText: null, note })
    })
  }
  return out
}

/** A segment inside the one piece of the period: allocated whole. */
function allocateWhole(segment: PricedVolume, piece: TariffPiece): Allocation {
  const from = dayOf(segment.interval.from)
  const to = dayOf(segment.interval.to)
  if (to <= from || from < piece.fromDay || to > piece.toDay) outside(segment)
  return { segment, piece: 0, fromDay: from, toDay: to, interval: segment.interval, volume: volumeOf(segment), volumeText: isCanonical(segment.volume) ? segment.volume : null, note: null }
}

function outside(segment: PricedVolume): never {
  throw new RangeError(`volume segment [${segment.interval.from}, ${segment.interval.to}) is empty or outside the billing period`)
}

function volumeOf(segment: PricedVolume): Fx {
  const volume = fx(segment.volume)
  if (sign(volume) < 0) throw new RangeError(`negative volume ${segment.volume}: billing adjustments are not negative consumption`)
  return volume
}

function roundShare(x: Fx, places: number): Fx {
  return roundTo(x, places, 'half_up')
}

function ruleOf(piece: TariffPiece): string {
  return piece.version.volumeRule
}

export function volumeLines(ctx: ComposeContext, service: string, piece: TariffPiece, allocations: Allocation[], out: PieceLine[]): void {
  const v = piece.version.volume
  if (v === null || allocations.length === 0) return
  const policy = ctx.policy
  if (v.price.shape === 'flat') {
    for (const a of allocations) {
      const priced = priceVolume(v.price, a.volume, { days: a.toDay - a.fromDay, units: ctx.units })
      const amount = roundPriced(policy, priced)
      const amountText = money(policy, amount)
      const volumeText = volumeTextOf(a)
      const line: ChargeLine = {
        service, kind: 'volume', line: v.line, method: a.segment.method, interval: a.interval,
        volume: volumeText, rate: v.price.rateText, amount: amountText, tariffVersion: piece.version.id,
        trace: deferredTrace(() => ({
          rule: ruleOf(piece),
          inputs: { volume: volumeText, rate: priced.rateText, method: a.segment.method },
          formula: `${priced.describe().formula} → ${amountText} (${policy.lineRounding}, ${policy.minorUnits} places)`,
          ...(a.note ? { notes: [a.note] } : {}),
        })),
      }
      out.push({ name: v.line, amount, line })
      if (ctx.onVolumeLine) ctx.onVolumeLine(line, [a.segment])
    }
    return
  }
  // stepped: the whole consumption of the piece goes through the steps at once,
  // thresholds scaled to the days actually covered by volume segments.
  const one = allocations.length === 1 ? allocations[0]! : null
  let volume = one ? one.volume : FX_ZERO
  let method = one ? one.segment.method : ''
  let interval = one ? one.interval : piece.interval
  if (!one) {
    const methods: string[] = []
    let from = allocations[0]!
    let to = allocations[0]!
    for (const a of allocations) {
      volume = add(volume, a.volume)
      if (!methods.includes(a.segment.method)) methods.push(a.segment.method)
      if (a.fromDay < from.fromDay) from = a
      if (a.toDay > to.toDay) to = a
    }
    method = methods.join('+')
    interval = { from: from.interval.from, to: to.interval.to }
  }
  const days = one ? one.toDay - one.fromDay : coveredDays(allocations)
  const priced = priceVolume(v.price, volume, { days, units: ctx.units })
  const amount = roundPriced(policy, priced)
  const amountText = money(policy, amount)
  const volumeText = one ? volumeTextOf(one) : toText(volume)
  const units = ctx.units
  const trace = deferredTrace(() => steppedLineTrace(piece.version.steppedRule, priced, { volume: volumeText, days, units }, amountText, policy, allocations))
  // a progressive price has no single rate: the line has none (two literals, not a spread, keep the keys in order)
  const line: ChargeLine = priced.rateText === null
    ? { service, kind: 'volume', line: v.line, method, interval, volume: volumeText, amount: amountText, tariffVersion: piece.version.id, trace }
    : { service, kind: 'volume', line: v.line, method, interval, volume: volumeText, rate: priced.rateText, amount: amountText, tariffVersion: piece.version.id, trace }
  out.push({ name: v.line, amount, line })
  if (ctx.onVolumeLine) ctx.onVolumeLine(line, one ? [one.segment] : allocations.map((x) => x.segment))
}

/** The stepped line's trace: the price's formula and notes, the split notes first. */
function steppedLineTrace(rule: string, priced: VolumeAmount, inputs: Trace['inputs'], amountText: string, policy: MoneyPolicy, allocations: Allocation[]): Trace {
  const d = priced.describe()
  const notes = [...allocations.flatMap((a) => (a.note ? [a.note] : [])), ...d.notes]
  const formula = `${d.formula} → ${amountText} (${policy.lineRounding}, ${policy.minorUnits} places)`
  return notes.length > 0 ? { rule, inputs, formula, notes } : { rule, inputs, formula }
}

function coveredDays(allocations: Allocation[]): number {
  const spans = allocations.map((a) => [a.fromDay, a.toDay] as const)
  // segments come in day order: sort only if they do not
  for (let i = 1; i < spans.length; i++) {
    if (spans[i - 1]![0] > spans[i]![0]) {
      spans.sort((x, y) => x[0] - y[0])
      break
    }
  }
  let days = 0
  let end = -Infinity
  for (const [a, b] of spans) {
    const start = Math.max(a, end)
    if (b > start) days += b - start
    end = Math.max(end, b)
  }
  return days
}

/** The allocation's volume as plain text: normalised, no trailing zeros. */
function volumeTextOf(a: Allocation): string {
  if (a.volumeText === null) a.volumeText = toText(a.volume)
  return a.volumeText
}
