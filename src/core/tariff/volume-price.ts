// Price a volume with a flat or stepped tariff. The result is exact, kept as
// numerator / divisor so the caller rounds it once by money policy
// (div-round.ts) without a long division first.
import { Big } from '../shared/decimal.ts'
import type { CompiledTable, CompiledVolumePrice, ScaledTable } from './compile-schedule.ts'

export interface VolumeAmount {
  /** the exact amount is numerator / divisor (divisor null = 1) */
  numerator: Big
  divisor: Big | null
  /** the rate shown on the line: the flat rate or the single band rate; null for progressive steps */
  rateText: string | null
  /** the formula with the numbers put in, and notes; built on demand (traces are lazy) */
  describe: () => { formula: string; notes: string[] }
}

export interface SteppedScale {
  /** days of the priced interval */
  days: number
  /** housing units the consumption is divided by (seed 002 item 6); 1 for a single dwelling */
  units: number
}

const ZERO = new Big(0)

/** The exact amount as a Big (for traces and tests; divides to 20 places). */
export function exactAmount(a: VolumeAmount): Big {
  return a.divisor === null ? a.numerator : a.numerator.div(a.divisor)
}

export function priceVolume(price: CompiledVolumePrice, volume: Big, scale: SteppedScale): VolumeAmount {
  if (price.shape === 'flat') {
    const amount = volume.times(price.rate)
    return {
      numerator: amount, divisor: null, rateText: price.rateText,
      describe: () => ({ formula: `${volume.toFixed()} m³ × ${price.rateText} = ${amount.toFixed()}`, notes: [] }),
    }
  }
  return priceStepped(price.tables, price.monthDays, price.mode, volume, scale, price.monthDaysBig)
}

function scaled(table: CompiledTable, units: number, days: number): ScaledTable {
  const key = units * days
  let s = table.scaled.get(key)
  if (!s) {
    const S = new Big(key)
    s = {
      S,
      limit: table.appliesUpTo === null ? null : table.appliesUpTo.times(S),
      low: table.bands.map((b) => b.from.times(S)),
      high: table.bands.map((b) => (b.to === null ? null : b.to.times(S))),
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
export function priceStepped(
  tables: CompiledTable[], monthDays: number, mode: 'progressive' | 'whole_at_band', volume: Big, scale: SteppedScale,
  monthDaysBig: Big = new Big(monthDays),
): VolumeAmount {
  if (scale.days <= 0 || scale.units <= 0) throw new RangeError('stepped price needs days > 0 and units > 0')
  const W = volume.times(monthDaysBig)
  let table: CompiledTable | undefined
  let st: ScaledTable | undefined
  for (const t of tables) {
    st = scaled(t, scale.units, scale.days)
    // monthly per-unit consumption ≤ appliesUpTo  ⇔  V×M ≤ appliesUpTo × units × days
    if (st.limit === null || W.lte(st.limit)) { table = t; break }
  }
  if (!table || !st) throw new RangeError('stepped tariff: no table admits this consumption (the last table should have appliesUpTo null)')
  const n = table.bands.length
  const lastHigh = st.high[n - 1]
  if (lastHigh && W.gt(lastHigh)) throw new RangeError('stepped tariff: consumption above the last band of its table')
  const head = (): string[] => {
    const notes = [`${volume.toFixed()} m³ × ${monthDays} = ${W.toFixed()}, against band limits in m³ per unit per ${monthDays}-day month × (${scale.units} units × ${scale.days} days = ${st.S.toFixed()})`]
    if (tables.length > 1) notes.push(`table for consumption ≤ ${table.appliesUpToText ?? '∞'} m³ per unit per month (limit ${st.limit?.toFixed() ?? '∞'})`)
    return notes
  }
  if (mode === 'whole_at_band') {
    let i = 0
    while (i < n - 1) {
      const h = st.high[i]
      if (h == null || W.lte(h)) break
      i++
    }
    const band = table.bands[i]
    if (!band) throw new RangeError('stepped tariff without bands')
    const amount = volume.times(band.rate)
    return {
      numerator: amount, divisor: null, rateText: band.text.rate,
      describe: () => ({ formula: `${volume.toFixed()} m³ × ${band.text.rate} = ${amount.toFixed()}`, notes: [...head(), `all m³ at the band ${band.text.from}–${band.text.to ?? '∞'}`] }),
    }
  }
  let sum = ZERO
  const inBands: Big[] = []
  for (let i = 0; i < n; i++) {
    const low = st.low[i]!
    if (W.lte(low)) break
    const high = st.high[i] ?? null
    const inBand = (high === null || W.lt(high) ? W : high).minus(low)
    sum = sum.plus(inBand.times(table.bands[i]!.rate))
    inBands.push(inBand)
  }
  const M = monthDaysBig
  return {
    numerator: sum, divisor: M, rateText: null,
    describe: () => {
      const terms = inBands.map((x, i) => `${x.toFixed()} × ${table.bands[i]!.text.rate}`)
      const bands = inBands.map((x, i) => {
        const b = table.bands[i]!
        return `band ${b.text.from}–${b.text.to ?? '∞'} m³/unit/month → ${st.low[i]!.toFixed()}–${st.high[i]?.toFixed() ?? '∞'}: ${x.toFixed()} at ${b.text.rate}`
      })
      return {
        formula: terms.length === 0 ? '0 m³ = 0' : `(${terms.join(' + ')}) / ${monthDays} = ${sum.div(M).round(6).toFixed()}`,
        notes: [...head(), ...bands],
      }
    },
  }
}
