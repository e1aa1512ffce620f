// The reading intake of one request: rows arrive in chunks; each chunk's
// meters are looked up once (and cached for the request), judged in memory by
// the pure rules in (meter, instant) order, and stored in one statement (a
// COPY for big chunks) while the next chunk is read and judged.
// Single submissions go through the same intake, so both paths agree.
import type { Db } from '../../db/database.ts'
import type { FieldIssue } from '../errors.ts'
import { canonicalDecimal } from './decimal-text.ts'
import type { CandidateReading, MeterFacts, PreviousReading } from './facts.ts'
import { loadHistory, loadMeters, loadPreviousBefore } from './meter-facts.ts'
import { DEFAULT_READING_POLICY, type ReadingPolicy } from './policy.ts'
import { compareReadAt, parseReadAt, type ReadAt } from './read-at.ts'
import type { ParsedRow } from './reading-input.ts'
import { judgeReading, type ReadingStatus } from './rules/verdict.ts'
import { storeReadings, type StoreRow } from './store-readings.ts'
import { dayStarts } from './zoned-day.ts'
import { YIELD_EVERY, yieldToIo } from './yield-to-io.ts'
import { dropRepeats } from './chunk-order.ts'
import { sql, type Transaction } from 'kysely'
import type pg from 'pg'
import type { DB } from '../../db/schema.ts'
import { rawClientOf } from '../../db/raw-client.ts'

export type RowStatus = ReadingStatus | 'duplicate'

export interface RowVerdict {
  /** 1-based position of the row in the upload */
  row: number
  status: RowStatus
  readingId: string | null
  reasons: string[]
  /** field issues of a row that broke the schema */
  errors?: FieldIssue[]
}

export interface Counts { received: number; accepted: number; flagged: number; rejected: number; duplicate: number }

export interface IntakeOptions {
  now: Date
  policy?: ReadingPolicy
}

interface Candidate extends CandidateReading {
  row: number
  meter: MeterFacts
  source: string
  rawValue: string | null
  readerStatus: string | null
  /** the verdict slot this row fills */
  out: RowVerdict
}

const NO_REASONS: string[] = []

/**
 * A chunk being stored. Its accepted rows already count as their meters'
 * last readings (judged ahead), which its store confirms when it takes the
 * COPY path: then every row was new. When it falls back to insert … on
 * conflict (copied false), some rows may be duplicates: undo holds the last
 * readings from before the chunk, to put back before its real results apply.
 */
interface Pending {
  done: Promise<{ copied: boolean }>
  undo: Map<string, PreviousReading | null>
  candidates: Candidate[]
}

/** Below this, COPY's extra round trips (ids, savepoint) cost more than they save. */
const COPY_MIN_ROWS = 500
/**
 * Each COPY runs in a savepoint, a subtransaction that stays in the backend's
 * cache of 64 until commit; past that, every other session's snapshot checks
 * slow down (subxid overflow). A transaction stops using COPY well before.
 */
const COPY_MAX_PER_TRANSACTION = 48

export class ReadingIntake {
  readonly counts: Counts = { received: 0, accepted: 0, flagged: 0, rejected: 0, duplicate: 0 }
  private readonly meters = new Map<string, MeterFacts | null>()
  private readonly serials = new Map<string, string | null>()
  /** the last accepted reading per meter known so far in this request */
  private readonly last = new Map<string, PreviousReading | null>()
  private readonly nowMs: number
  private readonly policy: ReadingPolicy
  private dayStart: Promise<(d: string) => number> | undefined
  /** the meter lookup started ahead of its chunk (prefetch()) and those chained after it; awaited by submit() */
  private lookup: Promise<void> | undefined
  /** meters asked for ahead while a lookup was in flight: the next lookup's */
  private queued = { ids: new Set<string>(), serials: new Set<string>() }
  /** ids and serials whose lookup has started */
  private readonly asked = new Set<string>()
  /** the chunk being stored while the next one is read and judged */
  private storing: Pending | undefined
  /** the transaction's pg client for COPY; null: not reachable, use plain SQL */
  private client: pg.PoolClient | null | undefined
  /** COPY attempts (savepoints) in this transaction */
  private copies = 0
  private stopped = false
  /** the intake's last statement (or statements) on the connection: see exclusive() */
  private tail: Promise<unknown> = Promise.resolve()

  private readonly db: Db
  private readonly tenantId: string

  constructor(db: Db, tenantId: string, opts: IntakeOptions) {
    this.db = db
    this.tenantId = tenantId
    this.nowMs = opts.now.getTime()
    this.policy = opts.policy ?? DEFAULT_READING_POLICY
  }

  /**
   * Run the intake's statements one after another. The pg client queues
   * statements anyway, but a statement queued behind a COPY that fails on a
   * duplicate would run before the COPY's savepoint is rolled back, in the
   * aborted transaction, and fail the upload: lookups of a later chunk's
   * meters (prefetch() or submit()) must wait for the store to settle.
   */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn)
    this.tail = run.catch(() => {})
    return run
  }

  private zone(): Promise<(d: string) => number> {
    this.dayStart ??= this.exclusive(() => sql<{ tz: string }>`select time_zone as tz from tenants where tenant_id = ${this.tenantId}`.execute(this.db))
      .then(({ rows }) => dayStarts(rows[0]?.tz ?? 'UTC'))
    return this.dayStart
  }

  /**
   * Start looking up the meters of rows read ahead of their chunk: the
   * database answers while the rest of the chunk is read and parsed, instead
   * of after (a request's first chunk names most of its meters, and their
   * lookups were ~15% of its time). The lookups queue behind any statement
   * in flight on the transaction's connection. Meters new to this request
   * have no rows in any earlier chunk, so their history does not depend on
   * what is still being stored.
   */
  prefetch(rows: readonly { meterId: string | null; meterSerial: string | null }[]): void {
    if (this.stopped) return
    const { ids, serials } = this.queued
    for (const r of rows) {
      const ref = r.meterId ?? r.meterSerial!
      if (this.asked.has(ref)) continue
      this.asked.add(ref)
      if (r.meterId !== null) { if (!this.meters.has(ref)) ids.add(ref) }
      else if (!this.serials.has(ref)) serials.add(ref)
    }
    if (!this.lookup) this.lookUpQueued()
  }

  /**
   * One lookup at a time, each taking every meter asked for while the one
   * before ran: a lookup costs a few round trips whatever its size, and
   * while rows are parsed each round trip waits for the parse to yield.
   */
  private lookUpQueued(): void {
    const { ids, serials } = this.queued
    if (this.stopped || (!ids.size && !serials.size)) { this.lookup = undefined; return }
    this.queued = { ids: new Set(), serials: new Set() }
    this.lookup = this.zone().then((dayStart) => this.lookUp(ids, serials, dayStart)).then(() => this.lookUpQueued())
    // awaited by the next submit() or finish(); until then a failure must not count as unhandled
    this.lookup.catch(() => {})
  }

  /** Wait for the lookups started ahead (a failure fails the chunk). */
  private async lookedUp(): Promise<void> {
    while (this.lookup) await this.lookup
  }

  /** Judge and store one chunk of rows; returns their verdicts in input order. */
  async process(chunk: { row: number; parsed: ParsedRow }[]): Promise<RowVerdict[]> {
    const out = await this.submit(chunk)
    await this.finish()
    return out
  }

  /**
   * Judge one chunk and start storing it; returns its verdict slots, final
   * once the next submit() or finish() has awaited the store. Meanwhile the
   * caller reads and parses the next chunk, and this chunk is judged while
   * the previous one is still being written, so Node and Postgres work at
   * the same time (see Pending for why judging ahead is safe).
   */
  async submit(chunk: { row: number; parsed: ParsedRow }[]): Promise<RowVerdict[]> {
    const dayStart = await this.zone()
    const out: RowVerdict[] = new Array(chunk.length)
    const pending: { i: number; row: NonNullable<Extract<ParsedRow, { ok: true }>['row']>; at: ReadAt }[] = []
    for (let i = 0; i < chunk.length; i++) {
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToIo()
      const { row, parsed } = chunk[i]!
      if (!parsed.ok) { out[i] = { row, status: 'rejected', readingId: null, reasons: ['invalid_row'], errors: parsed.issues }; continue }
      const at = parseReadAt(parsed.row.readAt, dayStart)
      if (!at) { out[i] = { row, status: 'rejected', readingId: null, reasons: ['invalid_row'], errors: [{ path: 'readAt', message: 'not a calendar date and time' }] }; continue }
      pending.push({ i, row: parsed.row, at })
    }
    // still this.storing until this chunk's store replaces it: finish() must
    // wait for it if anything below fails
    const prev = this.storing
    // Meters new to this request have no rows in the chunk being stored, so
    // their history does not depend on it.
    await this.resolveMeters(pending.map((p) => p.row), dayStart)

    const known: Candidate[] = []
    for (let k = 0; k < pending.length; k++) {
      if (k % YIELD_EVERY === YIELD_EVERY - 1) await yieldToIo()
      const p = pending[k]!
      const { row: r, at } = p
      const rowNo = chunk[p.i]!.row
      const meterId = r.meterId !== null ? r.meterId : this.serials.get(r.meterSerial!) ?? null
      const meter = meterId === null ? null : this.meters.get(meterId) ?? null
      if (!meter) { out[p.i] = { row: rowNo, status: 'rejected', readingId: null, reasons: ['unknown_meter'] }; continue }
      const slot: RowVerdict = { row: rowNo, status: 'accepted', readingId: null, reasons: NO_REASONS }
      out[p.i] = slot
      known.push({ row: rowNo, meter, at, kind: r.kind, value: r.value === null ? null : canonicalDecimal(r.value), source: r.source,
        rawValue: r.value, readerStatus: r.readerStatus, out: slot })
    }
    const { kept: candidates, repeats: dupOf } = dropRepeats(known)
    const undo = new Map<string, PreviousReading | null>()
    await this.judge(candidates, prev, undo)
    if (prev && !(await prev.done).copied) {
      // The previous chunk took the insert path: some of its rows may be
      // duplicates that must not be predecessors. Put the meters' last
      // readings as its real results leave them, and judge this chunk again.
      this.restore(undo)
      await this.settle(prev)
      undo.clear()
      await this.judge(candidates, undefined, undo)
    }
    const done = this.store(candidates, dupOf, out)
    // Awaited by the next submit() or finish(); until then a failure must not count as unhandled.
    done.catch(() => {})
    this.storing = { done, undo, candidates }
    return out
  }

  /** Wait for the chunk being stored; its verdicts are final then. */
  async finish(): Promise<void> {
    await this.lookedUp()
    const prev = this.storing
    this.storing = undefined
    if (prev && !(await prev.done).copied) await this.settle(prev)
  }

  /** A chunk stored by the insert path: its speculative advances give way to its real results. */
  private async settle(p: Pending): Promise<void> {
    await p.done
    this.restore(p.undo)
    for (const c of p.candidates) if (c.out.status === 'accepted' && c.value !== null) this.advance(c)
  }

  private restore(undo: Map<string, PreviousReading | null>): void {
    for (const [meterId, l] of undo) this.last.set(meterId, l)
  }

  /**
   * Start nothing more: the upload failed and its transaction is about to
   * roll back. The caller waits for the work in flight (finish()) first, so
   * no statement reaches the connection after the rollback released it.
   */
  stop(): void {
    this.stopped = true
  }

  private async store(candidates: Candidate[], dupOf: [RowVerdict, Candidate][], out: RowVerdict[]): Promise<{ copied: boolean }> {
    if (this.stopped) throw new Error('the intake was stopped')
    const copy = candidates.length >= COPY_MIN_ROWS && this.copies < COPY_MAX_PER_TRANSACTION
    if (copy) this.copies++
    const rows = candidates.map((c): StoreRow => ({
      meterId: c.meter.meterId, at: c.at, kind: c.kind ?? c.meter.readingKind, value: c.rawValue, source: c.source,
      status: c.out.status as ReadingStatus, reasons: c.out.reasons, readerStatus: c.readerStatus,
    }))
    const { rows: stored, copied } = await this.exclusive(async () => {
      if (copy && this.client === undefined) this.client = (this.db.isTransaction ? await rawClientOf(this.db as Transaction<DB>) : undefined) ?? null
      return storeReadings(this.db, this.tenantId, rows, copy ? this.client ?? undefined : undefined)
    })
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!
      const s = stored[i]!
      c.out.readingId = s.id || null
      if (!s.added) { c.out.status = 'duplicate'; c.out.reasons = NO_REASONS }
    }
    for (const [slot, first] of dupOf) { slot.status = 'duplicate'; slot.readingId = first.out.readingId }
    for (const v of out) this.counts[v.status]++
    this.counts.received += out.length
    return { copied }
  }

  /** Look up the meters this chunk names that the request has not seen yet. */
  private async resolveMeters(rows: { meterId: string | null; meterSerial: string | null }[], dayStart: (d: string) => number): Promise<void> {
    await this.lookedUp()
    const ids = new Set<string>()
    const serials = new Set<string>()
    for (const r of rows) {
      if (r.meterId !== null) { if (!this.meters.has(r.meterId)) ids.add(r.meterId) }
      else if (!this.serials.has(r.meterSerial!)) serials.add(r.meterSerial!)
    }
    for (const id of ids) this.asked.add(id)
    for (const serial of serials) this.asked.add(serial)
    await this.lookUp(ids, serials, dayStart)
  }

  private async lookUp(ids: Set<string>, serials: Set<string>, dayStart: (d: string) => number): Promise<void> {
    if (!ids.size && !serials.size) return
    await this.exclusive(() => this.load(ids, serials, dayStart))
  }

  private async load(ids: Set<string>, serials: Set<string>, dayStart: (d: string) => number): Promise<void> {
    const loaded = await loadMeters(this.db, this.tenantId, [...ids], [...serials], dayStart)
    const fresh: MeterFacts[] = []
    for (const { facts, serial } of loaded) {
      this.serials.set(serial, facts.meterId)
      if (!this.meters.get(facts.meterId)) { this.meters.set(facts.meterId, facts); fresh.push(facts) }
    }
    for (const id of ids) if (!this.meters.has(id)) this.meters.set(id, null)
    for (const s of serials) if (!this.serials.has(s)) this.serials.set(s, null)
    const last = await loadHistory(this.db, this.tenantId, fresh, this.policy)
    for (const m of fresh) this.last.set(m.meterId, last.get(m.meterId) ?? null)
  }

  /**
   * Judge in (meter, instant) order so each reading meets its predecessor.
   * A reading older than the meter's last accepted one asks the database for
   * the one before it (out-of-order uploads); within the chunk, an earlier
   * accepted row of the same meter is a predecessor too.
   */
  private async judge(cs: Candidate[], prev: Pending | undefined, undo: Map<string, PreviousReading | null>): Promise<void> {
    // (cs is grouped by meter in time order: submit() did it)
    const late: Candidate[] = []
    for (const c of cs) {
      const l = this.last.get(c.meter.meterId)
      if (c.value !== null && l && compareReadAt(c.at, l.at) <= 0) late.push(c)
    }
    const before = new Map<Candidate, PreviousReading | null>()
    if (late.length) {
      // the probe must see the previous chunk's rows
      if (prev) await prev.done
      const found = await this.exclusive(() => loadPreviousBefore(this.db, this.tenantId, late.map((c) => ({ meterId: c.meter.meterId, at: c.at.text }))))
      late.forEach((c, i) => before.set(c, found[i]!))
    }
    let meterId = ''
    let chunkPrev: PreviousReading | null = null
    for (let i = 0; i < cs.length; i++) {
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToIo()
      const c = cs[i]!
      if (c.meter.meterId !== meterId) { meterId = c.meter.meterId; chunkPrev = null }
      let prev = before.has(c) ? before.get(c)! : this.last.get(meterId) ?? null
      if (chunkPrev && (!prev || compareReadAt(chunkPrev.at, prev.at) > 0) && compareReadAt(chunkPrev.at, c.at) < 0) prev = chunkPrev
      const v = judgeReading(c, c.meter, prev, this.nowMs, this.policy)
      c.out.status = v.status
      c.out.reasons = v.reasons
      if (v.status === 'accepted' && c.value !== null) chunkPrev = { at: c.at, value: c.value }
    }
    // Accepted rows become their meters' last readings now, before they are
    // stored, so the next chunk can be judged while this one is written.
    for (const c of cs) {
      if (c.out.status !== 'accepted' || c.value === null) continue
      if (!undo.has(c.meter.meterId)) undo.set(c.meter.meterId, this.last.get(c.meter.meterId) ?? null)
      this.advance(c)
    }
  }

  /** A newly accepted reading becomes the meter's last one for later chunks. */
  private advance(c: Candidate): void {
    const l = this.last.get(c.meter.meterId)
    if (!l || compareReadAt(c.at, l.at) > 0) this.last.set(c.meter.meterId, { at: c.at, value: c.value! })
  }
}
