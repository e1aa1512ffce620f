// Dates for the demo: a fixed window (not the clock), local timestamps in a
// tenant's zone, and the Solar Hijri two-month period boundaries.
import { addDays } from '../../core/shared/dates.ts'

/** The demo's readings end here, whatever today is. */
export const DEMO_END = '2026-11-01'
/** Meters are commissioned before this; readings start after it. */
export const DEMO_START = '2024-11-01'

/** UTC offset of a time zone at an instant, as +HH:MM. */
function offsetAt(instant: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(part)
  return m ? `${m[1]}:${m[2] ?? '00'}` : '+00:00'
}

/** An ISO-8601 timestamp with offset for a local date and time in a zone. */
export function zoned(date: string, hour: number, minute: number, timeZone: string): string {
  const hh = String(hour).padStart(2, '0')
  const mm = String(minute).padStart(2, '0')
  // The offset at noon UTC of that day is right for any daytime hour (DST switches at night).
  const offset = offsetAt(new Date(`${date}T12:00:00Z`), timeZone)
  return `${date}T${hh}:${mm}:00${offset}`
}

/** Dates with the given day of month, from the month of `from` up to `to` (both included when in range). */
export function monthlyDates(from: string, to: string, day: number): string[] {
  const out: string[] = []
  let y = Number(from.slice(0, 4))
  let m = Number(from.slice(5, 7))
  for (;;) {
    const d = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    if (d > to) break
    if (d >= from) out.push(d)
    m += 1
    if (m === 13) { m = 1; y += 1 }
  }
  return out
}

const persian = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', month: 'numeric', day: 'numeric' })

/**
 * First days of the Iranian two-month billing periods (1 Farvardin, 1 Khordad,
 * 1 Mordad, 1 Mehr, 1 Azar, 1 Bahman) in (from, to], as Gregorian dates.
 */
export function solarHijriPeriodStarts(from: string, to: string): string[] {
  const out: string[] = []
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    const parts = persian.formatToParts(new Date(`${d}T00:00:00Z`))
    const month = Number(parts.find((p) => p.type === 'month')?.value)
    const day = Number(parts.find((p) => p.type === 'day')?.value)
    if (day === 1 && month % 2 === 1) out.push(d)
  }
  return out
}

/** Month number 1–12 of an ISO date. */
export const monthOf = (date: string) => Number(date.slice(5, 7))
