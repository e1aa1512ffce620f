// A chunk's readings in (meter, instant) order, and the rows it repeats: the
// intake judges each meter's readings in time order (intake.ts), and a row
// with the dedupe key of an earlier one (meter, instant, value, source) is
// answered as a duplicate of it rather than stored twice.
import { compareReadAt, type ReadAt } from './read-at.ts'

export interface Ordered {
  /** compared by identity: one facts object per meter and request */
  meter: object
  at: ReadAt
  /** canonical decimal */
  value: string | null
  source: string
  out: unknown
}

/**
 * Group by meter in time order (in place), then drop the repeats: a repeat
 * sits among its meter's rows of the same instant, and the grouping is
 * stable, so the first in upload order is kept.
 */
export function dropRepeats<C extends Ordered>(rows: C[]): { kept: C[]; repeats: [C['out'], C][] } {
  groupByMeterInTime(rows)
  const kept: C[] = []
  const repeats: [C['out'], C][] = []
  for (const c of rows) {
    let first: C | undefined
    for (let j = kept.length - 1; j >= 0; j--) {
      const e = kept[j]!
      if (e.meter !== c.meter || compareReadAt(e.at, c.at) !== 0) break
      if (e.value === c.value && e.source === c.source) first = e
    }
    if (first) repeats.push([c.out, first])
    else kept.push(c)
  }
  return { kept, repeats }
}

/**
 * Order candidates by meter, then instant, in place. Grouping by meter is a
 * linear pass (a Map keyed by the meter's facts object), and a meter's rows
 * usually arrive in time order already, so only out-of-order groups are
 * sorted: a plain sort with uuid string comparisons cost more than judging.
 */
export function groupByMeterInTime<C extends { meter: object; at: ReadAt }>(cs: C[]): void {
  const groups = new Map<object, C[]>()
  for (const c of cs) {
    const g = groups.get(c.meter)
    if (g) g.push(c)
    else groups.set(c.meter, [c])
  }
  let k = 0
  for (const g of groups.values()) {
    for (let i = 1; i < g.length; i++) {
      if (compareReadAt(g[i - 1]!.at, g[i]!.at) > 0) { g.sort((a, b) => compareReadAt(a.at, b.at)); break }
    }
    for (const c of g) cs[k++] = c
  }
}
