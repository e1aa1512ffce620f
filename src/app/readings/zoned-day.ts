// Start of a calendar day in a time zone, as an epoch instant. Formatters are
// cached per zone and results per request: a bulk upload asks for few dates.

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit' })
    formatters.set(tz, f)
  }
  return f
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetAt(tz: string, ms: number): number {
  const p: Record<string, number> = {}
  for (const part of formatter(tz).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value)
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(ms / 1000) * 1000
}

/** Epoch ms of 00:00 on `date` (YYYY-MM-DD) in `tz`; NaN for an invalid date. */
export function startOfDayIn(tz: string, date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const utc = Date.UTC(y, m - 1, d)
  const check = new Date(utc)
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return NaN
  let t = utc - offsetAt(tz, utc)
  const again = utc - offsetAt(tz, t)
  if (again !== t) t = again
  return t
}

/** A memoised startOfDayIn for one zone (one request). */
export function dayStarts(tz: string): (date: string) => number {
  const cache = new Map<string, number>()
  return (date) => {
    let v = cache.get(date)
    if (v === undefined) { v = startOfDayIn(tz, date); cache.set(date, v) }
    return v
  }
}
