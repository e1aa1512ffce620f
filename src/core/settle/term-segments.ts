// A service point's billing terms change by date (issue 12 §4: a completed
// usage, units, diameter or contract-capacity change) and it may be
// temporarily disconnected: the billed interval is cut where a term changes
// and the disconnected days are left out, so each part is settled with the
// terms valid on its days. A correction of an earlier period cuts the same
// way, from the same history. Pure: no I/O, no clock.
import type { IsoDate } from '../shared/dates.ts'

export type TermAttribute = 'usage_type' | 'dwelling_units' | 'diameter_mm' | 'contract_capacity_m3'

/** One change: `value` from `from` on; `previous` is what it replaced (the value before the first change). */
export interface TermChange {
  attribute: TermAttribute
  from: IsoDate
  value: string
  previous: string | null
}

/** Days not billed: [from, to), to null = until reconnected. */
export interface Suspension {
  from: IsoDate
  to: IsoDate | null
  requestId: string
}

export interface PointTerms {
  usage: string
  dwellings: number
  diameterMm: string | null
  contractCapacityM3: string | null
}

export interface TermPart {
  interval: { from: IsoDate; to: IsoDate }
  terms: PointTerms
}

export interface TermSegments {
  parts: TermPart[]
  /** the disconnected days inside the interval, clipped to it */
  suspended: (Suspension & { to: IsoDate })[]
}

/**
 * The value of one attribute on `day`: the last change on or before it, else
 * the value the first change replaced, else `current` (no history).
 * `changes` are of that attribute, in date order.
 */
export function termOn(changes: readonly TermChange[], day: IsoDate, current: string | null): string | null {
  let found: TermChange | undefined
  for (const c of changes) if (c.from <= day) found = c
  if (found) return found.value
  return changes.length ? changes[0]!.previous : current
}

/**
 * Cuts [interval.from, interval.to) at every change date inside it and drops
 * the suspended days. `current` holds the values stored on the point (the
 * newest), used where an attribute has no history.
 */
export function termSegments(interval: { from: IsoDate; to: IsoDate }, current: PointTerms, changes: readonly TermChange[], suspensions: readonly Suspension[] = []): TermSegments {
  const byAttr = (a: TermAttribute) => changes.filter((c) => c.attribute === a).sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0))
  const usage = byAttr('usage_type')
  const units = byAttr('dwelling_units')
  const diameter = byAttr('diameter_mm')
  const capacity = byAttr('contract_capacity_m3')
  const suspended: TermSegments['suspended'] = []
  for (const s of suspensions) {
    const from = s.from > interval.from ? s.from : interval.from
    const to = s.to === null || s.to > interval.to ? interval.to : s.to
    if (from < to) suspended.push({ ...s, from, to })
  }
  suspended.sort((a, b) => (a.from < b.from ? -1 : 1))
  const cuts = new Set<IsoDate>([interval.from, interval.to])
  for (const c of changes) if (c.from > interval.from && c.from < interval.to) cuts.add(c.from)
  for (const s of suspended) { cuts.add(s.from); cuts.add(s.to) }
  const days = [...cuts].sort()
  const parts: TermPart[] = []
  for (let i = 0; i + 1 < days.length; i++) {
    const from = days[i]!
    const to = days[i + 1]!
    if (suspended.some((s) => s.from <= from && s.to > from)) continue
    const terms: PointTerms = {
      usage: termOn(usage, from, current.usage) ?? current.usage,
      dwellings: Number(termOn(units, from, String(current.dwellings)) ?? current.dwellings),
      diameterMm: termOn(diameter, from, current.diameterMm),
      contractCapacityM3: termOn(capacity, from, current.contractCapacityM3),
    }
    // neighbouring days with the same terms stay one part (a suspension inside the period already cut them apart)
    const last = parts.at(-1)
    if (last && last.interval.to === from && sameTerms(last.terms, terms)) last.interval = { from: last.interval.from, to }
    else parts.push({ interval: { from, to }, terms })
  }
  return { parts, suspended }
}

const sameTerms = (a: PointTerms, b: PointTerms) =>
  a.usage === b.usage && a.dwellings === b.dwellings && a.diameterMm === b.diameterMm && a.contractCapacityM3 === b.contractCapacityM3
