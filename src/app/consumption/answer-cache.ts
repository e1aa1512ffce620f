// Consumption answers remembered per process (issue 12 §2 "Fast"): a portal's
// "Min förbrukning" asks for the same series again and again (each page view,
// each switch between presets and back, REST and GraphQL alike), while what
// an answer is made of changes when readings arrive — a few times a month per
// meter, or nightly for telemetry. Computing one costs a query over two years
// of readings and the day-by-day interpolation; a remembered one costs a Map
// lookup (bench:consumption prints both, cold and warm).
//
// Forgetting, so that no answer outlives the facts it was made of:
// - migration 0160's statement-level triggers NOTIFY `aql_consumption` after
//   any commit that touched the tenant, its customers, premises, accounts,
//   service points, meters, meter events or readings, whoever wrote it; every
//   process forgets every answer (a notice names no tenant: one trigger call
//   per statement keeps the readings intake's cost unchanged);
// - this process forgets at once on its own writes (forgetConsumptionAnswers,
//   called by the HTTP layer before a write's answer is sent), so a client
//   that posts a reading and then asks sees it, before the notice comes back;
// - an answer computed while a change landed is not stored (the epoch, as
//   principal-cache.ts);
// - an answer holds the tenant's day it was made on, and is not used on
//   another (presets and "estimated up to today" move with the day);
// - without a live LISTEN connection (src/db/change-listener.ts) nothing is
//   remembered; a TTL bounds what a lost notice could cost.
import type { Db } from '../../db/database.ts'
import { perDbCache } from '../../db/change-listener.ts'
import { todayIn, type Clock } from '../clock.ts'
import type { ConsumptionDto, ConsumptionQuery } from './consumption-dto.ts'
import type { ConsumptionScope } from './consumption.queries.ts'

export const CONSUMPTION_CHANNEL = 'aql_consumption'
/** answers kept per process unless configured (CONSUMPTION_CACHE_ENTRIES); an answer of four utilities by month is ~12 KB of JSON, kept as text and object */
export const DEFAULT_CONSUMPTION_CACHE_ENTRIES = 5_000
const TTL_MS = 10 * 60_000

/** A remembered answer: the object (GraphQL, and what REST serializes) and, once a REST caller asked, its JSON text. */
export interface Answer {
  dto: ConsumptionDto
  /** JSON.stringify(dto), made on the first REST ask and kept: a hit then writes the text as it is */
  json?: string
}

interface Entry extends Answer {
  /** the tenant's zone and the day in it the answer was made on */
  tz: string
  today: string
  /** performance.now() after which it is made again whatever happened */
  until: number
}

/** What an answer depends on besides the facts: the tenant, the scope, who asks (a customer's accounts) and the query. */
export function answerKey(tenantId: string, scope: ConsumptionScope, q: ConsumptionQuery, accounts: readonly string[] | undefined): string {
  const id = scope.kind === 'facility_group' ? `${scope.id}:${[...scope.servicePointIds].sort().join(',')}` : 'id' in scope ? scope.id : ''
  const held = accounts === undefined ? '*' : [...accounts].sort().join(',')
  return `${tenantId}|${scope.kind}|${id}|${held}|${q.granularity}|${q.preset ?? ''}|${q.from ?? ''}|${q.to ?? ''}|${q.utility ?? ''}|${q.include ?? ''}`
}

export class ConsumptionAnswerCache {
  readonly #entries = new Map<string, Entry>()
  #epoch = 0
  #live = false
  #max: number
  hits = 0
  misses = 0

  constructor(maxEntries = DEFAULT_CONSUMPTION_CACHE_ENTRIES) {
    this.#max = maxEntries
  }

  /** Whether answers are remembered: changes are heard and there is room for one. */
  get live(): boolean { return this.#live && this.#max > 0 }

  /** The epoch a computation starts in: pass it back to set(). */
  get epoch(): number { return this.#epoch }

  get size(): number { return this.#entries.size }

  setMaxEntries(max: number): void {
    this.#max = max
    this.clear()
  }

  get(key: string, clock: Clock, monotonicNow = performance.now()): Answer | undefined {
    if (!this.live) return undefined
    const e = this.#entries.get(key)
    if (!e || e.until <= monotonicNow || todayIn(e.tz, clock) !== e.today) {
      if (e) this.#entries.delete(key)
      this.misses++
      return undefined
    }
    this.hits++
    // least recently used goes first: a hit moves to the end of the Map's order
    this.#entries.delete(key)
    this.#entries.set(key, e)
    return e
  }

  /** Keeps the answer (when nothing changed since readInEpoch) and returns it as remembered, or a fresh one not kept. */
  set(key: string, dto: ConsumptionDto, tz: string, readInEpoch: number, monotonicNow = performance.now()): Answer {
    if (!this.live || readInEpoch !== this.#epoch) return { dto }
    // the least recently used goes first (a Map iterates in insertion order)
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!)
    const e: Entry = { dto, tz, today: dto.today, until: monotonicNow + TTL_MS }
    this.#entries.set(key, e)
    return e
  }

  clear(): void {
    this.#epoch++
    this.#entries.clear()
  }

  setLive(live: boolean): void {
    this.clear()
    this.#live = live
  }
}

const caches = perDbCache(() => new ConsumptionAnswerCache(), CONSUMPTION_CHANNEL, (c) => c.clear(), (c, on) => c.setLive(on))

/** The answers remembered for a Db (off until an app holds the Db's change listener; a transaction's Db has none). */
export function consumptionCacheOf(db: Db): ConsumptionAnswerCache {
  return caches.of(db)
}

/**
 * This process wrote something an answer may be made of: forget every answer
 * now, in every Db's cache of this process (the notice that follows the
 * commit forgets them again, and any answer computed in between).
 */
export function forgetConsumptionAnswers(): void {
  caches.each((c) => c.clear())
}
