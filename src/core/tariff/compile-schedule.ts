// Parse a tariff schedule once into Big values, indexed by service and usage,
// so pricing a bill does no string parsing (bench/core.bench.ts).
// Each value is kept twice: as Big for the Big-typed API, and as an exact
// scaled BigInt (Fx, shared/fixed.ts) for the bill hot path; same number.
import { Big } from '../shared/decimal.ts'
import { fx, fxInt, fxOfBig } from '../shared/fixed.ts'
import type { Fx } from '../shared/fixed.ts'
import { toDayNumber } from '../shared/dates.ts'
import type { FixedFee, PercentLine, TariffSchedule, TariffVersion, VolumePrice } from './types.ts'

export interface CompiledBand {
  from: Big
  to: Big | null
  rate: Big
  fx: { from: Fx; to: Fx | null; rate: Fx }
  /** the source strings, for traces */
  text: { from: string; to: string | null; rate: string }
}

export interface CompiledTable {
  appliesUpTo: Big | null
  appliesUpToFx: Fx | null
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
  fx: { S: Fx; limit: Fx | null; low: Fx[]; high: Array<Fx | null> }
}

export type CompiledVolumePrice =
  | { shape: 'flat'; rate: Big; rateFx: Fx; rateText: string }
  | { shape: 'stepped'; tables: CompiledTable[]; monthDays: number; monthDaysBig: Big; monthDaysFx: Fx; mode: 'progressive' | 'whole_at_band' }

export interface CompiledPercent extends PercentLine {
  fraction: Big
  /** percent / 100 as big.js divides it (20 places), exact */
  fractionFx: Fx
  /** rule.of === ['*'] */
  ofAll: boolean
  /** the line's trace rule text, built once per version (absent: built on use) */
  ruleText?: string
}

export interface CompiledFee extends FixedFee {
  value: Big
  valueFx: Fx
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
  costPriceFx: Fx | null
  /** the volume line's rule text for traces, built once; and that of a stepped price */
  volumeRule: string
  steppedRule: string
}

export interface CompiledSchedule {
  /** key `${service}\u0000${usage}` → versions sorted by start, non-overlapping */
  byKey: Map<string, CompiledVersion[]>
}

export function scheduleKey(service: string, usage: string): string {
  return `${service}\u0000${usage}`
}

function compilePercent(p: PercentLine, kind: 'surcharge' | 'tax', versionId: string): CompiledPercent {
  const fraction = new Big(p.percent).div(100)
  return {
    ...p, fraction, fractionFx: fxOfBig(fraction), ofAll: p.of.length === 1 && p.of[0] === '*',
    ruleText: `${kind} ${p.line} ${p.percent}% of ${p.of.join(' + ')}: tariff ${versionId}`,
  }
}

export function compileVolumePrice(p: VolumePrice): CompiledVolumePrice {
  if (p.shape === 'flat') return { shape: 'flat', rate: new Big(p.rate), rateFx: fx(p.rate), rateText: p.rate }
  return {
    shape: 'stepped',
    monthDays: p.monthDays ?? 30,
    monthDaysBig: new Big(p.monthDays ?? 30),
    monthDaysFx: fxInt(p.monthDays ?? 30),
    mode: p.mode ?? 'progressive',
    tables: p.tables.map((t) => ({
      appliesUpTo: t.appliesUpTo === null ? null : new Big(t.appliesUpTo),
      appliesUpToFx: t.appliesUpTo === null ? null : fx(t.appliesUpTo),
      appliesUpToText: t.appliesUpTo,
      scaled: new Map(),
      bands: t.bands.map((b) => ({
        from: new Big(b.from), to: b.to === null ? null : new Big(b.to), rate: new Big(b.rate),
        fx: { from: fx(b.from), to: b.to === null ? null : fx(b.to), rate: fx(b.rate) },
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
    fixedFees: (v.fixedFees ?? []).map((f) => ({ ...f, value: new Big(f.amount), valueFx: fx(f.amount) })),
    surcharges: (v.surcharges ?? []).map((p) => compilePercent(p, 'surcharge', v.id)),
    taxes: (v.taxes ?? []).map((p) => compilePercent(p, 'tax', v.id)),
    costPrice: v.costPricePerM3 === undefined ? null : new Big(v.costPricePerM3),
    costPriceFx: v.costPricePerM3 === undefined ? null : fx(v.costPricePerM3),
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
