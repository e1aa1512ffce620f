// Price a volume with a flat or stepped tariff. The result is exact, kept as
// numerator / divisor so the caller rounds it once by money policy
// (roundPriced) without a long division first; the arithmetic is on exact
// scaled integers (shared/decimal.ts).
import { add, cmp, div, fxInt, mul, round, sub, toText, FX_ZERO } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import type { CompiledTable, CompiledVolumePrice, ScaledTable } from './compile-schedule.ts'

/** An exact amount: numerator / divisor (divisor null = 1). */
export interface VolumeAmount {
  numerator: Fx
  divisor: Fx | null
  rateText: string | null
  describe: () => { formula: string; notes: string[] }
}

export interface SteppedScale {
  /** days of the priced interval */
  days: number
  /** housing units the consumption is divided by (seed 002 item 6); 1 for a single dwelling */
  units: number
}

export function priceVolume(price: CompiledVolumePrice, volume: Fx, scale: SteppedScale): VolumeAmount {
  if (price.shape === 'flat') {
    const amount = mul(volume, price.rate)
    return {
      numerator: amount, divisor: null, rateText: price.rateText,
      describe: () => ({ formula: `${toText(volume)} m³ × ${price.rateText} = ${toText(amount)}`, notes: [] }),
    }
  }
  return stepped(price.tables, price.monthDays, price.mode, volume, scale, price.monthDaysFx)
}

function scaled(table: CompiledTable, units: number, days: number): ScaledTable {
  const key = units * days
  let s = table.scaled.get(key)
  if (!s) {
    const S = fxInt(key)
    s = {
      S,
      limit: table.appliesUpTo === null ? null : mul(table.appliesUpTo, S),
      low: table.bands.map((b) => mul(b.from, S)),
      high: table.bands.map((b) => (b.to === null ? null : mul(b.to, S))),
    }
    if (table.scaled.size < 1000) table.scaled.set(key, s)
  }
  return s
}

/**
 * Stepped price (conventions.md "Iran": consumption divided by units and
 * scaled to a `monthDays` month, steps applied, scaled back). Done exactly by
 * scaling the thresholds instead: with W = V × M and S = units × days, band b
 * holds clamp(W − from_b × S, 0, (to_b − from_b) × S) / M cubic metres, and
 * the amount is Σ (m³ in band × M) × rate / M, divided once, at rounding.
 */
function stepped(
  tables: CompiledTable[], monthDays: number, mode: 'progressive' | 'whole_at_band', volume: Fx, scale: SteppedScale, M: Fx,
): VolumeAmount {
  if (scale.days <= 0 || scale.units <= 0) throw new RangeError('stepped price needs days > 0 and units > 0')
  const W = mul(volume, M)
  let table: CompiledTable | undefined
  let st: ScaledTable | undefined
  for (let i = 0; i < tables.length; i++) {
    st = scaled(tables[i]!, scale.units, scale.days)
    // monthly per-unit consumption ≤ appliesUpTo  ⇔  V×M ≤ appliesUpTo × units × days
    if (st.limit === null || cmp(W, st.limit) <= 0) { table = tables[i]!; break }
  }
  if (!table || !st) throw new RangeError('stepped tariff: no table admits this consumption (the last table should have appliesUpTo null)')
  const n = table.bands.length
  const lastHigh = st.high[n - 1]
  if (lastHigh && cmp(W, lastHigh) > 0) throw new RangeError('stepped tariff: consumption above the last band of its table')
  const t = table
  const s = st
  if (mode === 'whole_at_band') {
    let i = 0
    while (i < n - 1) {
      const h = s.high[i]
      if (h == null || cmp(W, h) <= 0) break
      i++
    }
    const band = t.bands[i]
    if (!band) throw new RangeError('stepped tariff without bands')
    const amount = mul(volume, band.rate)
    return {
      numerator: amount, divisor: null, rateText: band.text.rate,
      describe: () => ({ formula: `${toText(volume)} m³ × ${band.text.rate} = ${toText(amount)}`, notes: [...stepNotes(tables, t, s, monthDays, volume, W, scale), `all m³ at the band ${band.text.from}–${band.text.to ?? '∞'}`] }),
    }
  }
  let sum = FX_ZERO
  for (let i = 0; i < n; i++) {
    const inBand = bandShare(s, i, W)
    if (inBand === null) break
    const part = mul(inBand, t.bands[i]!.rate)
    sum = i === 0 ? part : add(sum, part)
  }
  return new ProgressiveAmount(sum, M, tables, t, s, monthDays, volume, W, scale)
}

/** W's share in band i of the scaled table, or null when W does not reach the band. */
function bandShare(s: ScaledTable, i: number, W: Fx): Fx | null {
  const low = s.low[i]!
  if (cmp(W, low) <= 0) return null
  const high = s.high[i] ?? null
  return sub(high === null || cmp(W, high) < 0 ? W : high, low)
}

/** The notes every stepped price starts with: the monthly equivalent and the table chosen. */
function stepNotes(tables: CompiledTable[], t: CompiledTable, s: ScaledTable, monthDays: number, volume: Fx, W: Fx, scale: SteppedScale): string[] {
  const notes = [`${toText(volume)} m³ × ${monthDays} = ${toText(W)}, against band limits in m³ per unit per ${monthDays}-day month × (${scale.units} units × ${scale.days} days = ${toText(s.S)})`]
  if (tables.length > 1) notes.push(`table for consumption ≤ ${t.appliesUpToText ?? '∞'} m³ per unit per month (limit ${s.limit === null ? '∞' : toText(s.limit)})`)
  return notes
}

/** A progressive stepped amount: Σ (m³ in band × M) × rate, over M; described on demand from what it keeps (no closures per bill). */
class ProgressiveAmount implements VolumeAmount {
  readonly numerator: Fx
  readonly divisor: Fx
  readonly rateText = null
  readonly #tables: CompiledTable[]
  readonly #t: CompiledTable
  readonly #s: ScaledTable
  readonly #monthDays: number
  readonly #volume: Fx
  readonly #W: Fx
  readonly #scale: SteppedScale

  constructor(total: Fx, M: Fx, tables: CompiledTable[], t: CompiledTable, s: ScaledTable, monthDays: number, volume: Fx, W: Fx, scale: SteppedScale) {
    this.numerator = total
    this.divisor = M
    this.#tables = tables
    this.#t = t
    this.#s = s
    this.#monthDays = monthDays
    this.#volume = volume
    this.#W = W
    this.#scale = scale
  }

  describe(): { formula: string; notes: string[] } {
    const t = this.#t
    const s = this.#s
    // the shares again, as the price summed them (describing is rare: no array kept per bill)
    const inBands: Fx[] = []
    for (let i = 0; i < t.bands.length; i++) {
      const x = bandShare(s, i, this.#W)
      if (x === null) break
      inBands.push(x)
    }
    const terms = inBands.map((x, i) => `${toText(x)} × ${t.bands[i]!.text.rate}`)
    const bands = inBands.map((x, i) => {
      const b = t.bands[i]!
      const high = s.high[i]
      return `band ${b.text.from}–${b.text.to ?? '∞'} m³/unit/month → ${toText(s.low[i]!)}–${high == null ? '∞' : toText(high)}: ${toText(x)} at ${b.text.rate}`
    })
    const total = this.numerator
    const M = this.divisor
    return {
      // sum / M to 20 places half-up, then rounded to 6 places half-up
      formula: terms.length === 0 ? '0 m³ = 0' : `(${terms.join(' + ')}) / ${this.#monthDays} = ${toText(round(div(total, M, 20, 'half_up'), 6, 'half_up'))}`,
      notes: [...stepNotes(this.#tables, t, s, this.#monthDays, this.#volume, this.#W, this.#scale), ...bands],
    }
  }
}
