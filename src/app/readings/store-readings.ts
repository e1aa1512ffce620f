// Writes a chunk of judged readings in one statement: insert … select from
// unnest(arrays) on conflict with the dedupe index. A reading already stored
// comes back as a duplicate with the stored id. One exception to "nothing
// changes": a reading that was rejected by a rule (never by a person) and now
// passes, because its meter's facts were corrected (a declared replacement),
// takes its new verdict instead of staying refused forever.
import { sql } from 'kysely'
import type pg from 'pg'
import type { Db } from '../../db/database.ts'
import { copyReadings } from './copy-readings.ts'
import { canonicalDecimal } from './decimal-text.ts'
import { pgArray } from './pg-array.ts'
import { microsKey, type ReadAt } from './read-at.ts'

export interface StoreRow {
  meterId: string
  /** the instant: ms and µs for COPY, ISO text Postgres parses to it for insert … on conflict */
  at: ReadAt
  kind: 'index' | 'consumption'
  /** as submitted; Postgres keeps its scale */
  value: string | null
  source: string
  status: 'accepted' | 'flagged' | 'rejected'
  reasons: string[]
  readerStatus: string | null
}

/** meterId|epoch µs|canonical value|source: how stored rows are matched back */
export function readingKey(meterId: string, micros: string, canonicalValue: string | null, source: string): string {
  return `${meterId}|${micros}|${canonicalValue ?? ''}|${source}`
}

interface Returned { id: string; meter: string; us: string; v: string | null; source: string }

const keyOf = (r: Returned) => readingKey(r.meter, r.us, r.v === null ? null : canonicalDecimal(r.v), r.source)
const rowKey = (r: StoreRow) => readingKey(r.meterId, microsKey(r.at), r.value === null ? null : canonicalDecimal(r.value), r.source)

/**
 * Store the rows (their dedupe keys must be distinct). Returns the reading id of
 * each row and whether it was new (false: a duplicate of a stored reading),
 * and whether the chunk took the COPY path (the transaction's pg client
 * given; every row new) rather than insert … on conflict.
 */
export async function storeReadings(db: Db, tenantId: string, rows: StoreRow[], client?: pg.PoolClient):
  Promise<{ rows: { id: string; added: boolean }[]; copied: boolean }> {
  if (!rows.length) return { rows: [], copied: true }
  if (client) {
    const ids = await copyReadings(client, tenantId, rows)
    if (ids) return { rows: ids.map((id) => ({ id, added: true })), copied: true }
  }
  return { rows: await insertReadings(db, tenantId, rows), copied: false }
}

/** insert … on conflict: any chunk, with the dedupe and re-judging semantics. */
async function insertReadings(db: Db, tenantId: string, rows: StoreRow[]): Promise<{ id: string; added: boolean }[]> {
  const cols = columns(rows)
  const { rows: written } = await sql<Returned>`
    insert into readings as x (tenant_id, meter_id, read_at, kind, value, source, status, reasons, reader_status)
    select ${tenantId}, u.meter_id, u.read_at, u.kind, u.value, u.source, u.status, string_to_array(u.reasons, ','), u.reader_status
    from unnest(${cols.meter}::uuid[], ${cols.at}::timestamptz[], ${cols.kind}::text[], ${cols.value}::numeric[], ${cols.source}::text[],
      ${cols.status}::text[], ${cols.reasons}::text[], ${cols.reader}::text[]) as u(meter_id, read_at, kind, value, source, status, reasons, reader_status)
    on conflict (tenant_id, meter_id, read_at, value, source) do update
      set status = excluded.status, reasons = excluded.reasons, kind = excluded.kind, reader_status = excluded.reader_status
      where x.status = 'rejected' and x.decided_at is null and excluded.status <> 'rejected'
    returning x.reading_id::text as id, x.meter_id as meter, (extract(epoch from x.read_at) * 1000000)::bigint::text as us,
      x.value::text as v, x.source
  `.execute(db)
  const ids = new Map<string, string>()
  for (const r of written) ids.set(keyOf(r), r.id)
  const out = rows.map((r) => {
    const id = ids.get(rowKey(r))
    return id === undefined ? { id: '', added: false } : { id, added: true }
  })
  if (written.length < rows.length) await fillDuplicates(db, tenantId, rows, out)
  return out
}

function columns(rows: StoreRow[]) {
  const n = rows.length
  const meter = new Array<string>(n), at = new Array<string>(n), kind = new Array<string>(n), value = new Array<string | null>(n)
  const source = new Array<string>(n), status = new Array<string>(n), reasons = new Array<string>(n), reader = new Array<string | null>(n)
  for (let i = 0; i < n; i++) {
    const r = rows[i]!
    meter[i] = r.meterId; at[i] = r.at.text; kind[i] = r.kind; value[i] = r.value; source[i] = r.source
    status[i] = r.status; reasons[i] = r.reasons.join(','); reader[i] = r.readerStatus
  }
  return { meter: pgArray(meter), at: pgArray(at), kind: pgArray(kind), value: pgArray(value), source: pgArray(source),
    status: pgArray(status), reasons: pgArray(reasons), reader: pgArray(reader) }
}

/** The stored ids of rows that were duplicates (one query for the chunk's duplicates). */
async function fillDuplicates(db: Db, tenantId: string, rows: StoreRow[], out: { id: string; added: boolean }[]): Promise<void> {
  const dup = rows.filter((_, i) => !out[i]!.added)
  const cols = columns(dup)
  const { rows: found } = await sql<Returned>`
    select r.reading_id::text as id, r.meter_id as meter, (extract(epoch from r.read_at) * 1000000)::bigint::text as us, r.value::text as v, r.source
    from unnest(${cols.meter}::uuid[], ${cols.at}::timestamptz[], ${cols.value}::numeric[], ${cols.source}::text[]) as u(meter_id, read_at, value, source)
    join readings r on r.tenant_id = ${tenantId} and r.meter_id = u.meter_id and r.read_at = u.read_at
      and r.value is not distinct from u.value and r.source = u.source
  `.execute(db)
  const ids = new Map<string, string>()
  for (const r of found) ids.set(keyOf(r), r.id)
  rows.forEach((r, i) => { if (!out[i]!.added) out[i]!.id = ids.get(rowKey(r)) ?? '' })
}
