// Bucket labels in the tenant's language ('nov. 2026', 'ноя 2026 г.'): a chart
// prints them as they are. Formatters are made once per locale and size.
import type { Granularity } from '../../core/consumption/index.ts'

const cache = new Map<string, (key: string) => string>()

export function bucketLabel(locale: string, granularity: Granularity): (key: string) => string {
  const k = `${locale}|${granularity}`
  let f = cache.get(k)
  if (!f) {
    if (granularity === 'year') f = (key) => key
    else {
      let fmt: Intl.DateTimeFormat
      const options: Intl.DateTimeFormatOptions = granularity === 'month' ? { month: 'short', year: 'numeric', timeZone: 'UTC' } : { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }
      try { fmt = new Intl.DateTimeFormat(locale, options) } catch { fmt = new Intl.DateTimeFormat('en', options) }
      const memo = new Map<string, string>()
      f = (key) => {
        let s = memo.get(key)
        if (s === undefined) {
          s = fmt.format(Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, key.length > 7 ? Number(key.slice(8, 10)) : 1))
          if (memo.size < 5000) memo.set(key, s)
        }
        return s
      }
    }
    cache.set(k, f)
  }
  return f
}
