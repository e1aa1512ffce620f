// The instant of a reading. An ISO datetime with offset keeps its own
// instant (to the microsecond, as Postgres stores it); a bare date means the
// start of that day in the tenant's time zone.

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:\d{2})$/
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

export interface ReadAt {
  /** epoch milliseconds */
  ms: number
  /** microseconds below the millisecond, 0–999 */
  micro: number
  /** what Postgres is given: unambiguous ISO text */
  text: string
}

/** The datetime forms the schema accepts (checked again by parseReadAt). */
export const READ_AT_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/

export function parseReadAt(value: string, startOfDay: (date: string) => number): ReadAt | undefined {
  if (DATE_ONLY.test(value)) {
    const ms = startOfDay(value)
    if (Number.isNaN(ms)) return undefined
    return { ms, micro: 0, text: new Date(ms).toISOString() }
  }
  const m = DATETIME.exec(value)
  if (!m) return undefined
  // Postgres refuses offsets past ±15:59 ("time zone displacement out of
  // range"); such a row is the submitter's error, not a failed upload.
  if (m[8] !== 'Z' && (Number(m[8]!.slice(1, 3)) > 15 || Number(m[8]!.slice(4, 6)) > 59)) return undefined
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) return undefined
  // Date.parse keeps milliseconds; the 4th–6th fractional digits are kept apart.
  const frac = m[7] ?? ''
  const micro = frac.length > 3 ? Number(frac.slice(3).padEnd(3, '0')) : 0
  // Reject calendar overflow (Feb 30) that Date.parse would roll forward.
  const local = new Date(ms + offsetMs(m[8]!))
  if (local.getUTCDate() !== Number(m[3]) || local.getUTCMonth() + 1 !== Number(m[2])) return undefined
  return { ms, micro, text: value }
}

function offsetMs(offset: string): number {
  if (offset === 'Z') return 0
  const sign = offset[0] === '-' ? -1 : 1
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000
}

/** Total order on instants. */
export function compareReadAt(a: ReadAt, b: ReadAt): number {
  return a.ms !== b.ms ? (a.ms < b.ms ? -1 : 1) : a.micro - b.micro
}

/** Epoch microseconds as a decimal string: the instant's key in dedupe maps. */
export function microsKey(r: ReadAt): string {
  return `${r.ms}${String(r.micro).padStart(3, '0')}`
}
