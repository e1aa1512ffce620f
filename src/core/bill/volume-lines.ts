// Volume lines of one tariff piece: a volume segment is split by days at
// tariff changes, then priced flat (a line per segment, keeping its method)
// or stepped (one line for the piece: steps apply to the whole consumption).
import { Big, roundTo } from '../shared/decimal.ts'
import { fromDayNumber, toDayNumber } from '../shared/dates.ts'
import type { TariffPiece } from '../tariff/select-tariff.ts'
import type { PricedVolume } from '../tariff/types.ts'
import { priceVolume } from '../tariff/volume-price.ts'
import type { ComposeContext, PieceLine } from './line-builders.ts'
import { money, roundLine } from './money-policy.ts'

export interface Allocation {
  segment: PricedVolume
  piece: number
  fromDay: number
  toDay: number
  volume: Big
  /** how the share was computed, when split */
  note: string | null
}

/** Split each segment over the tariff pieces by days; the last share takes the remainder so volume is conserved. */
export function allocateVolumes(segments: PricedVolume[], pieces: TariffPiece[], places: number): Allocation[] {
  const out: Allocation[] = []
  for (const segment of segments) {
    const from = toDayNumber(segment.interval.from)
    const to = toDayNumber(segment.interval.to)
    const first = pieces[0]
    const last = pieces[pieces.length - 1]
    if (!first || !last || to <= from || from < first.fromDay || to > last.toDay) {
      throw new RangeError(`volume segment [${segment.interval.from}, ${segment.interval.to}) is empty or outside the billing period`)
    }
    const volume = new Big(segment.volume)
    if (volume.lt(0)) throw new RangeError(`negative volume ${segment.volume}: billing adjustments are not negative consumption`)
    const days = to - from
    let left = volume
    const hits = pieces.map((p, i) => ({ p, i })).filter(({ p }) => p.toDay > from && p.fromDay < to)
    hits.forEach(({ p, i }, k) => {
      const a = Math.max(from, p.fromDay)
      const b = Math.min(to, p.toDay)
      if (hits.length === 1) {
        out.push({ segment, piece: i, fromDay: a, toDay: b, volume, note: null })
        return
      }
      const share = k === hits.length - 1 ? left : roundTo(volume.times(b - a).div(days), places, 'half_up')
      left = left.minus(share)
      const note = k === hits.length - 1
        ? `split by days at a tariff change: remainder ${volume.toFixed()} − earlier shares = ${share.toFixed()} m³`
        : `split by days at a tariff change: ${volume.toFixed()} m³ × ${b - a} / ${days} days = ${share.toFixed()} m³ (${places} places)`
      out.push({ segment, piece: i, fromDay: a, toDay: b, volume: share, note })
    })
  }
  return out
}

export function volumeLines(ctx: ComposeContext, service: string, piece: TariffPiece, allocations: Allocation[], out: PieceLine[]): void {
  const v = piece.version.volume
  if (v === null || allocations.length === 0) return
  const rule = `volume price: tariff ${piece.version.id}${piece.version.source.source ? ` (${piece.version.source.source})` : ''}`
  if (v.price.shape === 'flat') {
    for (const a of allocations) {
      const priced = priceVolume(v.price, a.volume, { days: a.toDay - a.fromDay, units: ctx.units })
      const amount = roundLine(ctx.policy, priced.amount)
      out.push({
        name: v.line,
        amount,
        line: {
          service, kind: 'volume', line: v.line, method: a.segment.method,
          interval: { from: fromDayNumber(a.fromDay), to: fromDayNumber(a.toDay) },
          volume: a.volume.toFixed(), rate: priced.rateText, amount: money(ctx.policy, amount), tariffVersion: piece.version.id,
          trace: {
            rule,
            inputs: { volume: a.volume.toFixed(), rate: priced.rateText, method: a.segment.method },
            formula: `${priced.formula} → ${amount.toFixed()} (${ctx.policy.lineRounding}, ${ctx.policy.minorUnits} places)`,
            ...(a.note ? { notes: [a.note] } : {}),
          },
        },
      })
    }
    return
  }
  // stepped: the whole consumption of the piece goes through the steps at once,
  // thresholds scaled to the days actually covered by volume segments.
  let volume = new Big(0)
  const methods: string[] = []
  const notes: string[] = []
  let fromDay = Infinity
  let toDay = -Infinity
  for (const a of allocations) {
    volume = volume.plus(a.volume)
    if (!methods.includes(a.segment.method)) methods.push(a.segment.method)
    if (a.note) notes.push(a.note)
    fromDay = Math.min(fromDay, a.fromDay)
    toDay = Math.max(toDay, a.toDay)
  }
  const days = coveredDays(allocations)
  const priced = priceVolume(v.price, volume, { days, units: ctx.units })
  const amount = roundLine(ctx.policy, priced.amount)
  out.push({
    name: v.line,
    amount,
    line: {
      service, kind: 'volume', line: v.line, method: methods.join('+'),
      interval: { from: fromDayNumber(fromDay), to: fromDayNumber(toDay) },
      volume: volume.toFixed(), rate: priced.rateText, amount: money(ctx.policy, amount), tariffVersion: piece.version.id,
      trace: {
        rule: `${rule}, stepped`,
        inputs: { volume: volume.toFixed(), days, units: ctx.units },
        formula: `${priced.formula} → ${amount.toFixed()} (${ctx.policy.lineRounding}, ${ctx.policy.minorUnits} places)`,
        notes: [...notes, ...priced.notes],
      },
    },
  })
}

function coveredDays(allocations: Allocation[]): number {
  if (allocations.length === 1) return allocations[0]!.toDay - allocations[0]!.fromDay
  const spans = allocations.map((a) => [a.fromDay, a.toDay] as const).sort((x, y) => x[0] - y[0])
  let days = 0
  let end = -Infinity
  for (const [a, b] of spans) {
    const start = Math.max(a, end)
    if (b > start) days += b - start
    end = Math.max(end, b)
  }
  return days
}
