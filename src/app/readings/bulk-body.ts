// The rows of a bulk upload, whatever form the body arrived in: an NDJSON
// stream, a JSON array stream, or an array already parsed (GraphQL, or a
// server that parsed JSON itself).
import { validationError } from '../errors.ts'
import { ndjsonValues } from './parse-ndjson.ts'
import { jsonArrayValues } from './parse-json-array.ts'

export function bulkValues(body: unknown, contentType: string | undefined, limit: number): AsyncIterable<unknown> | Iterable<unknown> {
  if (Array.isArray(body)) return body
  const stream = body as NodeJS.ReadableStream | null
  if (!stream || typeof (stream as any).pipe !== 'function') {
    throw validationError('the body must be a JSON array of readings or NDJSON', [{ path: 'body', message: 'expected a JSON array' }])
  }
  if ((contentType ?? '').toLowerCase().startsWith('application/x-ndjson')) return ndjsonValues(stream, limit)
  return jsonArrayValues(stream as AsyncIterable<Buffer>, limit)
}
