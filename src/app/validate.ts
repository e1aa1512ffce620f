// Parse input with a zod schema, or fail with a validation_error naming the
// field paths under `where` (body, query, input, filter …). Shared by REST
// and GraphQL so both report bad input alike.
import type { z } from 'zod'
import { validationError, zodIssues } from './errors.ts'

export function parseInput<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value)
  if (!r.success) throw validationError(`the ${where} is not valid`, zodIssues(r.error, where))
  return r.data
}
