// Consumption over time (issue 12 §2, seed 001 "Min förbrukning"): the use-case
// behind every consumption route and field. One query loads the points,
// meters and readings (consumption.queries.ts); the pure core aggregates
// (core/consumption); this module picks the dates and names the buckets.
import { bucketsOf, consumptionSeries, presetRange } from '../../core/consumption/index.ts'
import type { ConsumptionPoint, Granularity, Preset, Quality, Series, SeriesBucket } from '../../core/consumption/index.ts'
import { addDays, daysBetween, toDayNumber } from '../../core/shared/dates.ts'
import type { Meter, MeterEvent, Reading } from '../../core/volume/facts.ts'
import type { Db } from '../../db/database.ts'
import { todayIn, type Clock } from '../clock.ts'
import { notFound, validationError } from '../errors.ts'
import type { ConsumptionDto, ConsumptionQuery } from './consumption-dto.ts'
import { loadConsumptionFacts, type ConsumptionRow, type ConsumptionScope, type EventRow } from './consumption.queries.ts'
import { bucketLabel } from './labels.ts'
import { answerKey, consumptionCacheOf, type Answer } from './answer-cache.ts'

/** Buckets one answer may hold: two years and a bit of days, twenty years of months, a century of years. */
const MAX_BUCKETS: Record<Granularity, number> = { day: 800, month: 240, year: 100 }

const WHAT: Record<ConsumptionScope['kind'], string> = { service_point: 'service point', premises: 'premises', account: 'account', customer: 'customer', accounts: 'account', facility_group: 'facility group' }

interface Range { from: string; to: string; preset: Preset | null }

function rangeFor(q: ConsumptionQuery, today: string): Range {
  if (q.preset && (q.from || q.to)) throw validationError('give a preset or from and to, not both', [{ path: 'query.preset', message: 'with from/to' }])
  if (!q.from !== !q.to) throw validationError('from and to go together', [{ path: q.from ? 'query.to' : 'query.from', message: 'required with the other' }])
  if (q.from && q.to) {
    if (q.from > q.to) throw validationError('from must not be after to', [{ path: 'query.from', message: 'after to' }])
    return { from: q.from, to: q.to, preset: null }
  }
  const preset = q.preset ?? '1y'
  return { ...presetRange(preset, q.granularity, today), preset }
}

/** The readings window: the range and its year-earlier twin, with a day's margin for any zone (today is not known before the query). */
function readingsWindow(q: ConsumptionQuery, clock: Clock): { from: string; to: string } {
  const utc = clock.now().toISOString().slice(0, 10)
  const a = rangeFor(q, addDays(utc, -1))
  const b = rangeFor(q, addDays(utc, 1))
  const from = addDays(a.from < b.from ? a.from : b.from, -368)
  const to = addDays(a.to > b.to ? a.to : b.to, 2)
  return { from: `${from}T00:00:00Z`, to: `${to}T00:00:00Z` }
}

function meterEvent([kind, date, index]: EventRow): MeterEvent | undefined {
  switch (kind) {
    case 'installed': return { kind, date }
    case 'commissioned': return { kind, date, index: index ?? '0' }
    case 'replaced': case 'failed': case 'dismantled': case 'verified': return { kind, date, ...(index !== null ? { index } : {}) }
    default: return undefined
  }
}

/** "2026-10-31 i 123.4;…" (consumption.queries.ts) as the core's readings. */
function parseReadings(meterId: string, text: string): Reading[] {
  const out: Reading[] = []
  if (!text) return out
  for (const part of text.split(';')) {
    // 'YYYY-MM-DD k value': fixed offsets
    const date = part.slice(0, 10)
    const value = part.slice(13)
    out.push(part.charCodeAt(11) === 99 /* c */ ? { meterId, date, consumption: value } : { meterId, date, index: value })
  }
  return out
}

/**
 * The rows as the core's points. A meter's verification due date is left out
 * on purpose: it decides the billing method (Decree 776 §49), but the meter
 * still counts, and its readings are what the customer used.
 */
export function pointsOfRows(rows: ConsumptionRow[]): ConsumptionPoint[] {
  const out: ConsumptionPoint[] = []
  for (const r of rows) {
    if (r.id === null) continue
    const meters: Meter[] = []
    const readings: Reading[] = []
    for (const [id, serial, digits, decimals, control, maxFlow, events, rs] of r.meters ?? []) {
      const evs = events.map(meterEvent).filter((e) => e !== undefined)
      const mine = parseReadings(id, rs)
      // A meter registered without its commissioning still counted: it works from its first reading here.
      const first = mine[0]
      if (first && !evs.some((e) => e.kind === 'commissioned' || e.kind === 'verified')) {
        evs.unshift('index' in first ? { kind: 'commissioned', date: addDays(first.date, 1), index: first.index } : { kind: 'commissioned', date: first.date, index: '0' })
      }
      meters.push({ id, serial, digits, decimals, control, events: evs, ...(maxFlow !== null ? { maxFlowM3PerH: maxFlow } : {}) })
      for (const r of mine) readings.push(r)
    }
    out.push({ id: r.id, resource: r.resource!, unit: r.unit!, meters, readings })
  }
  return out
}

/** A bucket as the long form (include=buckets) shows it: the day counts fold into `complete` (a chart greys an incomplete bar). */
function longForm(b: SeriesBucket, label: string) {
  const p = b.previous
  return { start: b.start, end: b.end, label, value: b.value, estimated: b.estimated, quality: b.quality, complete: b.missingDays === 0 && b.futureDays === 0,
    key: b.key, previous: { start: p.start, end: p.end, value: p.value, estimated: p.estimated, quality: p.quality }, change: b.change, changePercent: b.changePercent }
}

/** One series as parallel arrays under the answer's keys: what a chart draws, each figure once. */
function arrays(s: Series, labels: string[], long: boolean): ConsumptionDto['series'][number] {
  const n = s.buckets.length
  const values = new Array<string | null>(n), estimated = new Array<string>(n), quality = new Array<Quality>(n), complete = new Array<boolean>(n)
  const pValues = new Array<string | null>(n), pEstimated = new Array<string>(n), pQuality = new Array<Quality>(n)
  const change = new Array<string | null>(n), changePercent = new Array<string | null>(n)
  for (let i = 0; i < n; i++) {
    const b = s.buckets[i]!
    values[i] = b.value; estimated[i] = b.estimated; quality[i] = b.quality; complete[i] = b.missingDays === 0 && b.futureDays === 0
    pValues[i] = b.previous.value; pEstimated[i] = b.previous.estimated; pQuality[i] = b.previous.quality
    change[i] = b.change; changePercent[i] = b.changePercent
  }
  return {
    utility: s.resource as ConsumptionDto['series'][number]['utility'], unit: s.unit, direction: s.direction, servicePointIds: s.servicePointIds,
    values, estimated, quality, complete, previous: { values: pValues, estimated: pEstimated, quality: pQuality }, change, changePercent,
    totals: s.totals,
    ...(long ? { buckets: s.buckets.map((b, i) => longForm(b, labels[i]!)) } : {}),
  }
}

/**
 * The answer for a scope and query: remembered (answer-cache.ts) while
 * nothing it is made of changes and the tenant's day stays the same. Who may
 * ask is decided before (the route's customer declaration, the resolvers'
 * scope): the key holds the customer's accounts, never widens them.
 */
async function answer(db: Db, clock: Clock, tenantId: string, scope: ConsumptionScope, q: ConsumptionQuery,
  accounts: readonly string[] | undefined): Promise<Answer> {
  // checked before the query and the cache: a bad request reads nothing
  const probe = rangeFor(q, clock.now().toISOString().slice(0, 10))
  const cache = consumptionCacheOf(db)
  const key = cache.live ? answerKey(tenantId, scope, q, accounts) : undefined
  if (key !== undefined) {
    const hit = cache.get(key, clock)
    if (hit) return hit
  }
  const epoch = cache.epoch
  const { dto, tz } = await computeConsumption(db, clock, tenantId, scope, q, accounts, probe)
  return key !== undefined ? cache.set(key, dto, tz, epoch) : { dto }
}

/** The answer as an object (GraphQL). */
export async function consumption(db: Db, clock: Clock, tenantId: string, scope: ConsumptionScope, q: ConsumptionQuery,
  accounts: readonly string[] | undefined): Promise<ConsumptionDto> {
  return (await answer(db, clock, tenantId, scope, q, accounts)).dto
}

/**
 * The answer as JSON text (REST): a remembered answer keeps its text, so a
 * hit writes it as it is instead of serializing ~12 KB again (bench:consumption warm).
 */
export async function consumptionJson(db: Db, clock: Clock, tenantId: string, scope: ConsumptionScope, q: ConsumptionQuery,
  accounts: readonly string[] | undefined): Promise<string> {
  const a = await answer(db, clock, tenantId, scope, q, accounts)
  return (a.json ??= JSON.stringify(a.dto))
}

async function computeConsumption(db: Db, clock: Clock, tenantId: string, scope: ConsumptionScope, q: ConsumptionQuery,
  accounts: readonly string[] | undefined, probe: Range): Promise<{ dto: ConsumptionDto; tz: string }> {
  const rows = await loadConsumptionFacts(db, tenantId, scope, readingsWindow(q, clock), accounts, q.utility)
  if (!rows) throw notFound(WHAT[scope.kind])
  const { tz, locale } = rows[0]!
  const today = todayIn(tz, clock)
  const range = q.from ? probe : rangeFor(q, today)
  const days = daysBetween(range.from, range.to) + 1
  const approx = q.granularity === 'day' ? days : q.granularity === 'month' ? days / 28 : days / 365
  if (approx > MAX_BUCKETS[q.granularity] + 1) throw validationError(`at most ${MAX_BUCKETS[q.granularity]} ${q.granularity}s in one answer`, [{ path: 'query.from', message: 'range too long' }])
  const result = consumptionSeries({ points: pointsOfRows(rows), from: range.from, to: range.to, granularity: q.granularity, today })
  const label = bucketLabel(locale, q.granularity)
  const keys = (result.series[0]?.buckets ?? bucketsOf(toDayNumber(result.from), toDayNumber(result.to) + 1, q.granularity)).map((b) => b.key)
  const labels = keys.map(label)
  const long = q.include === 'buckets'
  const dto: ConsumptionDto = {
    scope: { kind: scope.kind, id: 'id' in scope ? scope.id : null },
    granularity: q.granularity, preset: range.preset,
    from: result.from, to: result.to, previousFrom: result.previousFrom, previousTo: result.previousTo, today,
    keys, labels,
    series: result.series.map((s) => arrays(s, labels, long)),
    warnings: result.warnings.map((w) => ({ code: w.code, message: w.message })),
  }
  return { dto, tz }
}
