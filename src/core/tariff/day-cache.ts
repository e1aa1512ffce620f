// Day numbers of ISO dates, memoised: a bill run parses the same few period
// dates for every service point. Deterministic, bounded, so the core stays pure.
import { toDayNumber } from '../shared/dates.ts'

const cache = new Map<string, number>()

export function dayOf(date: string): number {
  let d = cache.get(date)
  if (d === undefined) {
    d = toDayNumber(date)
    if (cache.size > 50_000) cache.clear()
    cache.set(date, d)
  }
  return d
}
