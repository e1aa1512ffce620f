// The index points of one working stretch as they are collected (events,
// readings, reconciliation acts), before the cumulative series is built
// (meter-timeline.ts). Kept as parallel arrays, with no object per point: a
// timeline is rebuilt for every settlement. A plain decimal of up to 15
// characters (what fx reads without BigInt text) is kept as an exact scaled
// integer n / 10^e; anything else is parsed by fx at once, so bad input
// throws where it did.
import { fx, scanned, scanSmallDecimal, Fx } from '../shared/decimal.ts'
import type { DayNumber } from '../shared/dates.ts'

/** One point, for the general series loop (consumptions, repeated days, rollovers). */
export class RawPoint {
  day: DayNumber
  /** a reported consumption rather than an index */
  consumption: boolean
  /** the value scaled to an integer (a safe one), or NaN when `x` holds it */
  n: number
  e: number
  x: Fx | undefined
  constructor(day: DayNumber, consumption: boolean, n: number, e: number, x: Fx | undefined) {
    this.day = day
    this.consumption = consumption
    this.n = n
    this.e = e
    this.x = x
  }

  /** the value as Fx (what fx(text) gives) */
  value(): Fx {
    return (this.x ??= new Fx(this.n, this.e))
  }
}

export class SeriesPoints {
  day: DayNumber[] = []
  /** the value scaled to a safe integer, or NaN when `x` holds it */
  n: number[] = []
  e: number[] = []
  /** set once any point is a consumption or needed fx's checked path (then the general loop decides) */
  x: Array<Fx | undefined> | null = null
  consumption: boolean[] | null = null

  add(day: DayNumber, text: string, consumption: boolean): void {
    const u = scanSmallDecimal(text)
    let x: Fx | undefined
    let e = 0
    if (u === u) e = scanned.places
    else x = fx(text)
    const k = this.day.length
    this.day.push(day)
    this.n.push(u)
    this.e.push(e)
    if (this.x === null) {
      if (x === undefined && !consumption) return
      this.x = new Array<Fx | undefined>(k).fill(undefined)
      this.consumption = new Array<boolean>(k).fill(false)
    }
    this.x.push(x)
    this.consumption!.push(consumption)
  }

  get length(): number {
    return this.day.length
  }

  /** Days already ascending (the usual case: readings come ordered by date)? */
  ascending(): boolean {
    const d = this.day
    for (let i = 1; i < d.length; i++) if (d[i - 1]! > d[i]!) return false
    return true
  }

  /** Sort the points by day, stably (a stop event's index comes before the readings of its stretch). */
  sortByDay(): void {
    const day = this.day
    const order: number[] = new Array(day.length)
    for (let i = 0; i < order.length; i++) order[i] = i
    order.sort((a, b) => day[a]! - day[b]! || a - b)
    const pick = <T>(xs: T[]): T[] => order.map((i) => xs[i]!)
    this.day = pick(day)
    this.n = pick(this.n)
    this.e = pick(this.e)
    if (this.x !== null) this.x = pick(this.x)
    if (this.consumption !== null) this.consumption = pick(this.consumption)
  }

  /** The points as objects, sorted by day (stable: equal days keep their order). */
  toRaw(): RawPoint[] {
    const out: RawPoint[] = new Array(this.day.length)
    for (let i = 0; i < out.length; i++) {
      out[i] = new RawPoint(this.day[i]!, this.consumption?.[i] ?? false, this.n[i]!, this.e[i]!, this.x?.[i])
    }
    if (!this.ascending()) out.sort((a, b) => a.day - b.day)
    return out
  }
}
