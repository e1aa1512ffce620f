// Parse input with a zod schema, or fail with a validation_error naming the
// field paths under `where` (body, query, input, filter …). Shared by REST
// and GraphQL so both report bad input alike.
import type { z } from 'zod'
import { validationError, zodIssues, type FieldIssue } from './errors.ts'

/**
 * Deepest nesting of objects and arrays any input may have. Our deepest
 * legitimate input (a tariff's blocks inside zones inside a policy) is under
 * ten levels; the cap keeps recursive code downstream (zod, JSON.stringify
 * for the idempotency hash, jsonb) far from the stack limit.
 */
export const MAX_INPUT_DEPTH = 32

// A NUL is refused by PostgreSQL in text (SQLSTATE 22021) and a lone UTF-16
// surrogate is no character at all (UTF-8 encoding turns it into U+FFFD, so
// what is stored differs from what was sent). Neither has a meaning in any of
// our fields, so every string of every input is checked here, once, instead
// of in each of the ~180 string schemas.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** The first problem with a string, or undefined when it can be stored as text. */
export function unstorableText(s: string): string | undefined {
  const m = UNSTORABLE.exec(s)
  if (!m) return undefined
  return m[0] === '\u0000' ? 'must not contain a NUL character (\\u0000)' : 'must not contain a lone UTF-16 surrogate'
}

/**
 * Issues for strings (values and keys) that cannot be stored and for nesting
 * deeper than MAX_INPUT_DEPTH, walked without recursion so a hostile depth
 * cannot overflow the stack here either. Stops at the first few issues.
 */
export function inputIssues(value: unknown, where: string): FieldIssue[] {
  const issues: FieldIssue[] = []
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: where, depth: 0 }]
  while (stack.length && issues.length < 10) {
    const { v, path, depth } = stack.pop()!
    if (typeof v === 'string') {
      const why = unstorableText(v)
      if (why) issues.push({ path: path || '(root)', message: why })
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v) && typeof (v as { pipe?: unknown }).pipe !== 'function') {
      if (depth >= MAX_INPUT_DEPTH) { issues.push({ path: path || '(root)', message: `nested deeper than ${MAX_INPUT_DEPTH} levels` }); continue }
      for (const [k, child] of Object.entries(v)) {
        const childPath = path ? `${path}.${k}` : k
        const keyWhy = unstorableText(k)
        if (keyWhy) issues.push({ path: childPath, message: `a field name ${keyWhy}` })
        stack.push({ v: child, path: childPath, depth: depth + 1 })
      }
    }
  }
  return issues
}

/** Refuse input that no schema should even see (see inputIssues). */
export function assertStorableInput(value: unknown, where: string): void {
  const issues = inputIssues(value, where)
  if (issues.length) throw validationError(`the ${where} is not valid`, issues)
}

export function parseInput<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  assertStorableInput(value, where)
  const r = schema.safeParse(value)
  if (!r.success) throw validationError(`the ${where} is not valid`, zodIssues(r.error, where))
  return r.data
}
