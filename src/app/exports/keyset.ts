// Reads a large result in batches by keyset ("after the last key seen"), each
// batch its own short query: an export never holds all rows in memory, nor a
// pool connection for the length of a slow download.
import { BATCH_SIZE } from './dataset.ts'

export async function* keysetBatches<R, K>(
  fetch: (after: K | undefined, limit: number) => Promise<R[]>, keyOf: (row: R) => K, size = BATCH_SIZE,
): AsyncGenerator<R[]> {
  let after: K | undefined
  for (;;) {
    const rows = await fetch(after, size)
    if (rows.length > 0) yield rows
    if (rows.length < size) return
    after = keyOf(rows[rows.length - 1]!)
  }
}
