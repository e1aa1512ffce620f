// Bulk readings: rows from a stream (NDJSON or a JSON array) or an array,
// judged and stored in chunks inside one transaction. Every row gets a
// verdict; bad rows never fail the upload. A retry adds nothing: its rows
// come back as duplicates.
import type { Db } from '../../db/database.ts'
import { inTransaction } from '../transaction.ts'
import { ReadingIntake, type Counts, type IntakeOptions, type RowVerdict } from './intake.ts'
import { NOT_JSON } from './parse-ndjson.ts'
import { parseReadingRow, type ParsedRow, type ReadingRow } from './reading-input.ts'
import { YIELD_EVERY, yieldToIo } from './yield-to-io.ts'
import { v7 as uuidv7 } from 'uuid'
import { emitEvents } from '../events/events.ts'

// Rows judged and stored together: big enough that round trips and meter
// lookups amortise, small enough that judging one chunk while the previous
// one is written keeps both cores busy, and that a large upload stays within
// the COPY savepoints a transaction may use (intake.ts).
// (A first chunk of 2,500 doubling up to 20,000, to start Postgres sooner,
// measured slower: 37% of raw COPY against 41%, and 5% more CPU a reading.)
export const DEFAULT_CHUNK = 20_000
/** Rows read between the starts of their meters' lookups (intake.prefetch). */
export const PREFETCH_EVERY = 2_500

export interface BulkResult {
  counts: Counts
  rows: RowVerdict[]
}

const notJson: ParsedRow = { ok: false, issues: [{ path: '(row)', message: 'not valid JSON' }] }

export async function submitReadings(db: Db, tenantId: string, values: AsyncIterable<unknown> | Iterable<unknown>,
  opts: IntakeOptions & { chunkSize?: number; prefetchEvery?: number }): Promise<BulkResult> {
  const size = opts.chunkSize ?? DEFAULT_CHUNK
  const prefetchEvery = opts.prefetchEvery ?? PREFETCH_EVERY
  return inTransaction(db, async (trx) => {
    const intake = new ReadingIntake(trx, tenantId, opts)
    const rows: RowVerdict[] = []
    let chunk: { row: number; parsed: ParsedRow }[] = []
    let n = 0
    // A chunk is judged (after its meters are looked up) and its store
    // started while the loop reads the next one; submit() returns once the
    // store has started, so at most one chunk waits, one is judged and one
    // is written. finish() waits for the last store.
    let judging: Promise<void> = Promise.resolve()
    const flush = async () => {
      const full = chunk
      chunk = []
      await judging
      judging = intake.submit(full).then((verdicts) => { for (const v of verdicts) rows.push(v) })
      // awaited by the next flush or after the loop; until then not unhandled
      judging.catch(() => {})
    }
    // rows of the chunk being read whose meters' lookup has started (intake.prefetch)
    let asked = 0
    const prefetch = () => {
      const refs: ReadingRow[] = []
      for (let i = asked; i < chunk.length; i++) { const p = chunk[i]!.parsed; if (p.ok) refs.push(p.row) }
      asked = chunk.length
      intake.prefetch(refs)
    }
    try {
      for await (const v of values) {
        chunk.push({ row: ++n, parsed: v === NOT_JSON ? notJson : parseReadingRow(v) })
        if (chunk.length >= size) { asked = 0; await flush() }
        else if (prefetchEvery && chunk.length - asked >= prefetchEvery) prefetch()
        // a buffered body is read without ever leaving the microtask queue
        else if (n % YIELD_EVERY === 0) await yieldToIo()
      }
      if (chunk.length) await flush()
      await judging
      await intake.finish()
    } catch (err) {
      // The body failed (too large, cut off) or a chunk did: let the work in
      // flight end before the transaction rolls back and frees its connection.
      intake.stop()
      await judging.catch(() => {})
      await intake.finish().catch(() => {})
      throw err
    }
    // one event per upload with its counts, not one per row: a million-row upload is one thing that happened
    const uploadId = uuidv7()
    await emitEvents(trx, tenantId, [{ type: 'reading.bulk_processed', objectType: 'reading_upload', objectId: uploadId, data: { uploadId, counts: { ...intake.counts } } }])
    return { counts: intake.counts, rows }
  })
}
