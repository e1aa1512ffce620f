// COPY … FROM STDIN of rows of text values, for bulk writes inside a
// transaction (its raw client: raw-client.ts). COPY skips the per-statement
// parse, bind and plan of multi-row inserts, and the 65,535-parameter cap.
// Values are escaped for COPY's text format; null is \N.
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'

export type CopyValue = string | null

// COPY text format: backslash, tab, newline and carriage return are escaped.
const SPECIAL = /[\\\t\n\r]/
const SPECIAL_ALL = /[\\\t\n\r]/g
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

export function copyField(v: CopyValue): string {
  if (v === null) return '\\N'
  return SPECIAL.test(v) ? v.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : v
}

/** COPY the rows into table (columns in the rows' order); sent in pieces of a few thousand rows as they are built. */
export async function copyRows(client: pg.PoolClient, table: string, columns: string[], rows: Iterable<CopyValue[]>): Promise<void> {
  function* text(): Generator<string> {
    let out = ''
    let n = 0
    for (const row of rows) {
      out += row.map(copyField).join('\t') + '\n'
      if (++n % 2_000 === 0) { yield out; out = '' }
    }
    if (out) yield out
  }
  const statement = `copy ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) from stdin`
  await pipeline(Readable.from(text(), { highWaterMark: 1 }), client.query(copyFrom(statement)))
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
