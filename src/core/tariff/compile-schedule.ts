// Parse a tariff schedule once into exact decimals (shared/decimal.ts), indexed
// by service and usage, so pricing a bill does no string parsing
// (bench/core.bench.ts).
import { fx, fxInt, dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import { toDayNumber } from '../shared/dates.ts'
import type { FixedFee, PercentLine, TariffSchedule, TariffVersion, VolumePrice } from './types.ts'

export interface CompiledBand {
  from: Fx
  to: Fx | null
  rate: Fx
  /** the source strings, for traces */
  text: { from: string; to: string | null; rate: string }
}

export interface CompiledTable {
  appliesUpTo: Fx | null
  appliesUpToText: string | null
  bands: CompiledBand[]
  /** thresholds × (units × days), by units × days: the same few scales repeat over a bill run */
  scaled: Map<number, ScaledTable>
}

export interface ScaledTable {
  S: Fx
  limit: Fx | null
  low: Fx[]
  high: Array<Fx | null>
}

export type CompiledVolumePrice =
  | { shape: 'flat'; rate: Fx; rateText: string }
  | { shape: 'stepped'; tables: CompiledTable[]; monthDays: number; monthDaysFx: Fx; mode: 'progressive' | 'whole_at_band' }

export interface CompiledPercent extends PercentLine {
  /** percent / 100, exact */
  fraction: Fx
  /** rule.of === ['*'] */
  ofAll: boolean
  /** the line's trace rule text, built once per version (absent: built on use) */
  ruleText?: string
}

export interface CompiledFee extends FixedFee {
  value: Fx
}

export interface CompiledVersion {
  source: TariffVersion
  id: string
  fromDay: number
  /** exclusive; Infinity when open-ended */
  toDay: number
  volume: { line: string; price: CompiledVolumePrice } | null
  fixedFees: CompiledFee[]
  surcharges: CompiledPercent[]
  taxes: CompiledPercent[]
  costPrice: Fx | null
  /** the volume line's rule text for traces, built once; and that of a stepped price */
  volumeRule: string
  steppedRule: string
}

export interface CompiledSchedule {
  /** key `${service}\u0000${usage}` → versions sorted by start, non-overlapping */
  byKey: Map<string, CompiledVersion[]>
  /** service → usage → versions, filled by select-tariff as bills ask (of `byKey` at `size` keys) */
  lookup?: { byKey: Map<string, CompiledVersion[]>; size: number; bySvc: Map<string, Map<string, readonly CompiledVersion[]>> }
}

export function scheduleKey(service: string, usage: string): string {
  return `${service}\u0000${usage}`
}

function compilePercent(p: PercentLine, kind: 'surcharge' | 'tax', versionId: string): CompiledPercent {
  const fraction = dec(p.percent).div(100)
  return {
    ...p, fraction, ofAll: p.of.length === 1 && p.of[0] === '*',
    ruleText: `${kind} ${p.line} ${p.percent}% of ${p.of.join(' + ')}: tariff ${versionId}`,
  }
}

export function compileVolumePrice(p: VolumePrice): CompiledVolumePrice {
  if (p.shape === 'flat') return { shape: 'flat', rate: fx(p.rate), rateText: p.rate }
  return {
    shape: 'stepped',
    monthDays: p.monthDays ?? 30,
    monthDaysFx: fxInt(p.monthDays ?? 30),
    mode: p.mode ?? 'progressive',
    tables: p.tables.map((t) => ({
      appliesUpTo: t.appliesUpTo === null ? null : fx(t.appliesUpTo),
      appliesUpToText: t.appliesUpTo,
      scaled: new Map(),
      bands: t.bands.map((b) => ({
        from: fx(b.from), to: b.to === null ? null : fx(b.to), rate: fx(b.rate),
        text: { from: b.from, to: b.to, rate: b.rate },
      })),
    })),
  }
}

function compileVersion(v: TariffVersion): CompiledVersion {
  const volume = v.volume ? { line: v.volume.line, price: compileVolumePrice(v.volume.price) } : null
  const volumeRule = `volume price: tariff ${v.id}${v.source ? ` (${v.source})` : ''}`
  return {
    source: v,
    id: v.id,
    fromDay: toDayNumber(v.from),
    toDay: v.to === null ? Infinity : toDayNumber(v.to),
    volume,
    fixedFees: (v.fixedFees ?? []).map((f) => ({ ...f, value: fx(f.amount) })),
    surcharges: (v.surcharges ?? []).map((p) => compilePercent(p, 'surcharge', v.id)),
    taxes: (v.taxes ?? []).map((p) => compilePercent(p, 'tax', v.id)),
    costPrice: v.costPricePerM3 === undefined ? null : fx(v.costPricePerM3),
    volumeRule,
    steppedRule: `${volumeRule}, stepped`,
  }
}

/** Throws if two versions for the same service and usage overlap. */
export function compileSchedule(schedule: TariffSchedule): CompiledSchedule {
  const byKey = new Map<string, CompiledVersion[]>()
  for (const v of schedule.versions) {
    const key = scheduleKey(v.service, v.usage)
    const list = byKey.get(key) ?? []
    list.push(compileVersion(v))
    byKey.set(key, list)
  }
  for (const list of byKey.values()) {
    list.sort((a, b) => a.fromDay - b.fromDay)
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1]!
      const cur = list[i]!
      if (cur.fromDay < prev.toDay) throw new RangeError(`tariff versions overlap: ${prev.id} and ${cur.id}`)
    }
  }
  return { byKey }
}
