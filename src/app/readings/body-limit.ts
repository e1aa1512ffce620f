// A streamed body is not measured by Fastify's body limit (the route reads
// the stream itself), so the bulk parsers count bytes and stop at the limit.
import { AppError } from '../errors.ts'

export function bodyTooLarge(limit: number): AppError {
  return new AppError('body_too_large', 413, `the request body is larger than ${limit} bytes; split the upload`)
}
