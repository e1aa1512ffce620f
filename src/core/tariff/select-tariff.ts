// Choose the tariff version(s) in force over an interval and split the
// interval by days at each change (bills-and-tariffs.md: "a billing period
// that crosses a tariff change is split by days").
import { fromDayNumber, toDayNumber } from '../shared/dates.ts'
import type { DayInterval } from '../shared/dates.ts'
import { scheduleKey } from './compile-schedule.ts'
import type { CompiledSchedule, CompiledVersion } from './compile-schedule.ts'

export interface TariffPiece {
  version: CompiledVersion
  interval: DayInterval
  fromDay: number
  toDay: number
  days: number
}

export class TariffNotFoundError extends Error {
  override readonly name = 'TariffNotFoundError'
  readonly code = 'tariff_not_found'
  readonly service: string
  readonly usage: string
  readonly interval: DayInterval
  constructor(service: string, usage: string, interval: DayInterval) {
    super(`no tariff for ${service}/${usage} over [${interval.from}, ${interval.to})`)
    this.service = service
    this.usage = usage
    this.interval = interval
  }
}

// The versions of (service, usage) by two plain lookups instead of building
// and hashing the joined key for every bill: a bill run prices many points
// against one compiled schedule. The lookup is kept on the schedule itself (the
// cache travels with what the caller passes in); a key added later resets it.
const NONE: readonly CompiledVersion[] = []

function versionsOf(schedule: CompiledSchedule, service: string, usage: string): readonly CompiledVersion[] {
  const byKey = schedule.byKey
  let l = schedule.lookup
  if (l === undefined || l.size !== byKey.size || l.byKey !== byKey) {
    l = { byKey, size: byKey.size, bySvc: new Map() }
    schedule.lookup = l
  }
  let byUsage = l.bySvc.get(service)
  if (byUsage === undefined) {
    if (l.bySvc.size >= 1000) l.bySvc.clear()
    byUsage = new Map()
    l.bySvc.set(service, byUsage)
  }
  let v = byUsage.get(usage)
  if (v === undefined) {
    v = byKey.get(scheduleKey(service, usage)) ?? NONE
    if (byUsage.size >= 1000) byUsage.clear()
    byUsage.set(usage, v)
  }
  return v
}

/** The versions covering [fromDay, toDay), clipped; throws where a day has no tariff. */
export function tariffPiecesByDay(
  schedule: CompiledSchedule, service: string, usage: string, fromDay: number, toDay: number,
  /** the same interval as ISO strings, when the caller has them (saves date formatting) */
  iso?: DayInterval,
): TariffPiece[] {
  const versions = versionsOf(schedule, service, usage)
  // the usual period: one version covers it all (a one-element array, not a growing one)
  for (let i = 0; i < versions.length; i++) {
    const v = versions[i]!
    if (v.toDay <= fromDay) continue
    if (v.fromDay <= fromDay && v.toDay >= toDay && fromDay < toDay) {
      return [{
        version: v,
        interval: {
          from: iso ? iso.from : fromDay === v.fromDay ? v.source.from : fromDayNumber(fromDay),
          to: iso ? iso.to : toDay === v.toDay && v.source.to !== null ? v.source.to : fromDayNumber(toDay),
        },
        fromDay,
        toDay,
        days: toDay - fromDay,
      }]
    }
    break
  }
  const pieces: TariffPiece[] = []
  let cursor = fromDay
  for (const v of versions) {
    if (v.toDay <= cursor) continue
    if (v.fromDay > cursor || cursor >= toDay) break
    const end = Math.min(v.toDay, toDay)
    pieces.push({
      version: v,
      interval: {
        from: iso && cursor === fromDay ? iso.from : cursor === v.fromDay ? v.source.from : fromDayNumber(cursor),
        to: iso && end === toDay ? iso.to : end === v.toDay && v.source.to !== null ? v.source.to : fromDayNumber(end),
      },
      fromDay: cursor,
      toDay: end,
      days: end - cursor,
    })
    cursor = end
  }
  if (cursor < toDay) {
    throw new TariffNotFoundError(service, usage, { from: fromDayNumber(cursor), to: fromDayNumber(toDay) })
  }
  return pieces
}

export function tariffPieces(schedule: CompiledSchedule, service: string, usage: string, interval: DayInterval): TariffPiece[] {
  return tariffPiecesByDay(schedule, service, usage, toDayNumber(interval.from), toDayNumber(interval.to), interval)
}

/** The single version in force on a day, or null. */
export function tariffOn(schedule: CompiledSchedule, service: string, usage: string, day: number): CompiledVersion | null {
  for (const v of versionsOf(schedule, service, usage)) {
    if (v.fromDay <= day && day < v.toDay) return v
  }
  return null
}
