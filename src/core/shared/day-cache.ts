// Day numbers of ISO dates, memoised: a bill run parses the same few period
// dates for every service point. Deterministic, bounded, so the core stays pure.
import { toDayNumber } from './dates.ts'

const cache = new Map<string, number>()
// the two dates asked last (a period's from and to): an identity compare
// answers them before the map is hashed
let lastKey = ''
let lastDay = 0
let prevKey = ''
let prevDay = 0

export function dayOf(date: string): number {
  if (date === lastKey) return lastDay
  if (date === prevKey) return prevDay
  let d = cache.get(date)
  if (d === undefined) {
    d = toDayNumber(date)
    if (cache.size > 50_000) cache.clear()
    cache.set(date, d)
  }
  prevKey = lastKey
  prevDay = lastDay
  lastKey = date
  lastDay = d
  return d
}
