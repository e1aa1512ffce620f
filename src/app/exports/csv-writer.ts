// CSV per RFC 4180: CRLF line ends, fields quoted when they hold a comma, a
// quote or a line break, a header row, UTF-8. Values are written exactly as
// stored (decimals are never reformatted). Each batch is turned into text
// only when the response asks for more, so a slow download holds one batch.
import { Readable } from 'node:stream'
import { stringify, type Options } from 'csv-stringify/sync'
import type { Column, ExportRow } from './dataset.ts'

const OPTIONS: Options = { record_delimiter: 'windows', quoted_match: /[\r\n]/ }

export function csvStream(columns: Column[], batches: AsyncIterable<ExportRow[]>, opts: { bom: boolean }): Readable {
  async function* text() {
    yield (opts.bom ? '\uFEFF' : '') + stringify([columns.map((c) => c.header)], OPTIONS)
    for await (const batch of batches) yield stringify(batch.map((row) => columns.map((c) => cell(c, row[c.key] ?? null))), OPTIONS)
  }
  return Readable.from(text(), { objectMode: false })
}

// Spreadsheets run a cell that starts with = + - @ (or a tab / CR) as a
// formula: a customer named "=HYPERLINK(…)" must stay text (OWASP CSV
// injection). Only free-text columns are escaped, with a leading quote;
// numbers, dates and ids are written as stored, so −12.50 stays a number.
const FORMULA_START = /^[=+\-@\t\r]/

function cell(c: Column, v: string | null): string {
  if (v === null) return ''
  return c.kind === 'text' && FORMULA_START.test(v) ? `'${v}` : v
}
