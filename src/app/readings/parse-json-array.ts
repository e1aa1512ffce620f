// The elements of a JSON array from a byte stream, one at a time, without
// holding the whole body: a small scanner finds where each top-level element
// ends (tracking strings, escapes and nesting) and JSON.parse reads it. No
// streaming JSON library: the scanner is ~60 lines, and V8's JSON.parse on a
// small slice is faster than a token-by-token parser. A body that is not an
// array is a 400; an element that is not valid JSON is a failed row.
import { validationError } from '../errors.ts'
import { bodyTooLarge } from './body-limit.ts'
import { NOT_JSON } from './parse-ndjson.ts'

const OPEN_SQ = 0x5b, CLOSE_SQ = 0x5d, OPEN_CU = 0x7b, CLOSE_CU = 0x7d, QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09

const notArray = () => validationError('the body must be a JSON array of readings (or NDJSON with Content-Type application/x-ndjson)',
  [{ path: 'body', message: 'expected a JSON array' }])

export async function* jsonArrayValues(body: AsyncIterable<Buffer | string>, limit: number): AsyncGenerator<unknown> {
  // before: '[' not yet seen; open: inside the array; done: after ']'
  let phase: 'before' | 'open' | 'done' = 'before'
  let carry: Buffer = Buffer.alloc(0)
  let pos = 0 // where scanning resumes in carry
  let depth = 0, inString = false, escaped = false, sawValue = false
  let bytes = 0
  for await (const piece of body) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece
    bytes += chunk.length
    if (bytes > limit) throw bodyTooLarge(limit)
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk
    let start = 0
    for (let i = pos; i < buf.length; i++) {
      const c = buf[i]!
      if (phase === 'before') {
        if (isWs(c)) continue
        if (c !== OPEN_SQ) throw notArray()
        phase = 'open'; start = i + 1; continue
      }
      if (phase === 'done') { if (!isWs(c)) throw notArray(); continue }
      if (inString) {
        if (escaped) escaped = false
        else if (c === BACKSLASH) escaped = true
        else if (c === QUOTE) inString = false
        continue
      }
      if (c === QUOTE) { inString = true; sawValue = true }
      else if (c === OPEN_CU || c === OPEN_SQ) { depth++; sawValue = true }
      else if ((c === CLOSE_CU || c === CLOSE_SQ) && depth > 0) depth--
      else if (depth === 0 && (c === COMMA || c === CLOSE_SQ)) {
        // The element is buf[start, i). "[]" has none; an empty one between
        // commas is a failed row; a trailing comma before "]" is tolerated.
        if (sawValue || c === COMMA || hasText(buf, start, i)) yield parseElement(buf, start, i)
        start = i + 1; sawValue = false
        if (c === CLOSE_SQ) phase = 'done'
      } else if (!isWs(c)) sawValue = true
    }
    carry = phase === 'open' ? buf.subarray(start) : Buffer.alloc(0)
    pos = carry.length
  }
  if (phase !== 'done') throw notArray()
}

function hasText(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isWs(buf[i]!)) return true
  return false
}

function parseElement(buf: Buffer, from: number, to: number): unknown {
  try { return JSON.parse(buf.toString('utf8', from, to)) } catch { return NOT_JSON }
}
