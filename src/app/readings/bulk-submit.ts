// Bulk readings: rows from a stream (NDJSON or a JSON array) or an array,
// judged and stored in chunks inside one transaction. Every row gets a
// verdict; bad rows never fail the upload. A retry adds nothing: its rows
// come back as duplicates.
import type { Db } from '../../db/database.ts'
import { inTransaction } from '../transaction.ts'
import { ReadingIntake, type Counts, type IntakeOptions, type RowVerdict } from './intake.ts'
import { NOT_JSON } from './parse-ndjson.ts'
import { parseReadingRow, type ParsedRow } from './reading-input.ts'

export const DEFAULT_CHUNK = 10_000

export interface BulkResult {
  counts: Counts
  rows: RowVerdict[]
}

const notJson: ParsedRow = { ok: false, issues: [{ path: '(row)', message: 'not valid JSON' }] }

export async function submitReadings(db: Db, tenantId: string, values: AsyncIterable<unknown> | Iterable<unknown>,
  opts: IntakeOptions & { chunkSize?: number }): Promise<BulkResult> {
  const size = opts.chunkSize ?? DEFAULT_CHUNK
  return inTransaction(db, async (trx) => {
    const intake = new ReadingIntake(trx, tenantId, opts)
    const rows: RowVerdict[] = []
    let chunk: { row: number; parsed: ParsedRow }[] = []
    let n = 0
    const flush = async () => {
      const verdicts = await intake.process(chunk)
      for (const v of verdicts) rows.push(v)
      chunk = []
    }
    for await (const v of values) {
      chunk.push({ row: ++n, parsed: v === NOT_JSON ? notJson : parseReadingRow(v) })
      if (chunk.length >= size) await flush()
    }
    if (chunk.length) await flush()
    return { counts: intake.counts, rows }
  })
}
