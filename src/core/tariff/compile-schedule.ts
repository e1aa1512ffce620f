// Parse a tariff schedule once into Big values, indexed by service and usage,
// so pricing a bill does no string parsing (bench/core-pricing.bench.ts).
import { Big } from '../shared/decimal.ts'
import { toDayNumber } from '../shared/dates.ts'
import type { FixedFee, PercentLine, TariffSchedule, TariffVersion, VolumePrice } from './types.ts'

export interface CompiledBand {
  from: Big
  to: Big | null
  rate: Big
  /** the source strings, for traces */
  text: { from: string; to: string | null; rate: string }
}

export interface CompiledTable {
  appliesUpTo: Big | null
  appliesUpToText: string | null
  bands: CompiledBand[]
  /** thresholds × (units × days), by units × days: the same few scales repeat over a bill run */
  scaled: Map<number, ScaledTable>
}

export interface ScaledTable {
  S: Big
  limit: Big | null
  low: Big[]
  high: Array<Big | null>
}

export type CompiledVolumePrice =
  | { shape: 'flat'; rate: Big; rateText: string }
  | { shape: 'stepped'; tables: CompiledTable[]; monthDays: number; monthDaysBig: Big; mode: 'progressive' | 'whole_at_band' }

export interface CompiledPercent extends PercentLine {
  fraction: Big
}

export interface CompiledFee extends FixedFee {
  value: Big
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
  costPrice: Big | null
}

export interface CompiledSchedule {
  /** key `${service}\u0000${usage}` → versions sorted by start, non-overlapping */
  byKey: Map<string, CompiledVersion[]>
}

export function scheduleKey(service: string, usage: string): string {
  return `${service}\u0000${usage}`
}

function compilePercent(p: PercentLine): CompiledPercent {
  return { ...p, fraction: new Big(p.percent).div(100) }
}

export function compileVolumePrice(p: VolumePrice): CompiledVolumePrice {
  if (p.shape === 'flat') return { shape: 'flat', rate: new Big(p.rate), rateText: p.rate }
  return {
    shape: 'stepped',
    monthDays: p.monthDays ?? 30,
    monthDaysBig: new Big(p.monthDays ?? 30),
    mode: p.mode ?? 'progressive',
    tables: p.tables.map((t) => ({
      appliesUpTo: t.appliesUpTo === null ? null : new Big(t.appliesUpTo),
      appliesUpToText: t.appliesUpTo,
      scaled: new Map(),
      bands: t.bands.map((b) => ({
        from: new Big(b.from), to: b.to === null ? null : new Big(b.to), rate: new Big(b.rate),
        text: { from: b.from, to: b.to, rate: b.rate },
      })),
    })),
  }
}

function compileVersion(v: TariffVersion): CompiledVersion {
  const volume = v.volume ? { line: v.volume.line, price: compileVolumePrice(v.volume.price) } : null
  return {
    source: v,
    id: v.id,
    fromDay: toDayNumber(v.from),
    toDay: v.to === null ? Infinity : toDayNumber(v.to),
    volume,
    fixedFees: (v.fixedFees ?? []).map((f) => ({ ...f, value: new Big(f.amount) })),
    surcharges: (v.surcharges ?? []).map(compilePercent),
    taxes: (v.taxes ?? []).map(compilePercent),
    costPrice: v.costPricePerM3 === undefined ? null : new Big(v.costPricePerM3),
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
