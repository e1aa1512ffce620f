// The fast path of storing a chunk of new readings: COPY straight into the
// readings table (multi-row heap inserts, no per-row statement work), with
// ids drawn from the table's identity sequence first, since COPY returns
// nothing. COPY has no ON CONFLICT, so it runs under a savepoint: if any row
// hits readings_dedupe (a retried upload, a duplicate, a rejected reading to
// re-judge), the savepoint is rolled back and the caller stores the chunk
// with insert … on conflict instead, which owns those semantics. A failed
// COPY costs only the rows written before the conflict; a retried upload
// usually fails on its first row.
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { StoreRow } from './store-readings.ts'

const UNIQUE_VIOLATION = '23505'

const COPY_SQL = 'copy readings (reading_id, tenant_id, meter_id, read_at, kind, value, source, status, reasons, reader_status) from stdin'

/** Reading ids in row order, or undefined when a conflict sent the chunk to the insert path (nothing stored). */
export async function copyReadings(client: pg.PoolClient, tenantId: string, rows: StoreRow[]): Promise<string[] | undefined> {
  if (!rows.length) return []
  const ids = await savepointAndIds(client, rows.length)
  try {
    // one piece at a time (highWaterMark 1): each is sent before the next is built
    await pipeline(Readable.from(copyText(tenantId, rows, ids), { highWaterMark: 1 }), client.query(copyFrom(COPY_SQL)))
  } catch (err) {
    if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err
    await client.query('rollback to savepoint copy_readings')
    return undefined
  }
  await client.query('release savepoint copy_readings')
  return ids
}

/**
 * The savepoint, and n fresh ids from the identity sequence, in one round
 * trip (a simple-protocol query of two statements; n is an integer) and one
 * text row rather than n.
 */
async function savepointAndIds(client: pg.PoolClient, n: number): Promise<string[]> {
  // materialized: a plain subquery is pulled up and pg_get_serial_sequence
  // (a catalog lookup) then runs once per id, 5–30× slower
  const results = await client.query(`savepoint copy_readings;
    with s as materialized (select pg_get_serial_sequence('readings', 'reading_id')::regclass as seq)
    select string_agg(nextval(s.seq)::text, ',') as ids from s, generate_series(1, ${Math.trunc(n)})`) as unknown as pg.QueryResult<{ ids: string }>[]
  return results[1]!.rows[0]!.ids.split(',')
}

/**
 * COPY text format, yielded a few thousand rows at a time so Postgres starts
 * inserting while the rest is built. Every field is already validated
 * (uuids, ISO instants, plain decimals, fixed codes): none can hold a tab, a
 * newline or a backslash, so no escaping is needed; nulls are \N.
 */
function* copyText(tenantId: string, rows: StoreRow[], ids: string[]): Generator<string> {
  let out = ''
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!
    const reasons = r.reasons.length ? `{${r.reasons.join(',')}}` : '{}'
    out += `${ids[i]}\t${tenantId}\t${r.meterId}\t${r.readAt}\t${r.kind}\t${r.value ?? '\\N'}\t${r.source}\t${r.status}\t${reasons}\t${r.readerStatus ?? '\\N'}\n`
    if ((i + 1) % 2_000 === 0) { yield out; out = '' }
  }
  if (out) yield out
}
