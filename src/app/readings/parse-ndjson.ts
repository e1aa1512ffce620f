// NDJSON rows from a byte stream: one JSON value a line, blank lines skipped.
// A line that is not JSON is a row of its own that fails (rejected with its
// row number); it does not fail the upload.
import split2 from 'split2'
import type { Readable } from 'node:stream'
import { bodyTooLarge } from './body-limit.ts'

export const NOT_JSON = Symbol('not JSON')

export async function* ndjsonValues(body: NodeJS.ReadableStream, limit: number): AsyncGenerator<unknown> {
  let bytes = 0
  ;(body as Readable).on('data', (b: Buffer) => { bytes += b.length })
  const lines = (body as Readable).pipe(split2())
  body.on('error', (err) => lines.destroy(err))
  for await (const line of lines as AsyncIterable<string>) {
    if (bytes > limit) throw bodyTooLarge(limit)
    if (isBlank(line)) continue
    let v: unknown
    try { v = JSON.parse(line) } catch { v = NOT_JSON }
    yield v
  }
  if (bytes > limit) throw bodyTooLarge(limit)
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c !== 32 && c !== 9 && c !== 13) return false
  }
  return true
}
