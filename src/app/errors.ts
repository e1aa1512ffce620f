import { ZodError } from 'zod'

// Domain errors with stable codes. One mapping turns them into RFC 9457
// problems (REST) and extensions.code (GraphQL), so both adapters agree.

export interface FieldIssue {
  path: string
  message: string
}

export class AppError extends Error {
  readonly code: string
  readonly status: number
  readonly issues: FieldIssue[] | undefined
  /** seconds, sent as Retry-After (503 database_unavailable, 429 rate_limited) */
  retryAfter: number | undefined
  constructor(code: string, status: number, message: string, issues?: FieldIssue[]) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.status = status
    this.issues = issues
  }
}

export const validationError = (message: string, issues: FieldIssue[] = []) =>
  new AppError('validation_error', 400, message, issues)
export const notFound = (what: string) => new AppError('not_found', 404, `${what} not found`)
export const conflict = (message: string) => new AppError('conflict', 409, message)
export const unauthorized = () => new AppError('unauthorized', 401, 'a valid API key or customer access token is required (Authorization: Bearer <key or token>)')
export const forbidden = (scope: string) => new AppError('forbidden', 403, `this API key lacks the scope this operation needs (${scope})`)
export const unprocessable = (code: string, message: string, issues?: FieldIssue[]) => new AppError(code, 422, message, issues)

/** Seconds a client should wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5

export function databaseUnavailable(): AppError {
  const err = new AppError('database_unavailable', 503, 'the database is unavailable; retry later')
  err.retryAfter = DATABASE_RETRY_AFTER_SECONDS
  return err
}

export function zodIssues(err: ZodError, prefix = ''): FieldIssue[] {
  return err.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: i.message,
  }))
}

/** Any thrown value → AppError (4xx), or undefined for a bug (500). */
export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err
  if (err instanceof ZodError) return validationError('the request is not valid', zodIssues(err))
  const db = fromDatabaseError(err)
  if (db) return db
  // Framework errors with a 4xx status (malformed JSON, oversize body, media type).
  const status = (err as { statusCode?: unknown })?.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 404 ? 'not_found' : 'bad_request'
    return new AppError(code, status, (err as Error).message)
  }
  return undefined
}

// Socket-level codes of a server that is down, restarting or unreachable.
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
// What pg and pg-pool throw, without a code, when a connection is lost or cannot be had in time.
const CONNECTION_MESSAGES = [
  'Connection terminated unexpectedly', 'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect', 'Client has encountered a connection error and is not queryable',
]

/**
 * The database cannot be reached (down, restarting, shutting down, out of
 * connections): a 503 to retry, not a bug. 57P01 admin shutdown, 57P02 crash
 * shutdown, 57P03 cannot connect now (starting, recovering), 53300 too many
 * connections, class 08 connection exceptions.
 */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown }
  if (!e || typeof e !== 'object') return false
  const code = typeof e.code === 'string' ? e.code : undefined
  if (code) {
    if (code === '57P01' || code === '57P02' || code === '57P03' || code === '53300' || code.startsWith('08')) return true
    if (CONNECTION_ERRNOS.has(code)) return true
  }
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.some((m) => (e.message as string).startsWith(m))) return true
  // AggregateError (a host with several addresses, all refused) and wrapped causes
  if (Array.isArray(e.errors) && e.errors.some(isConnectionError)) return true
  return e.cause !== undefined && e.cause !== err && isConnectionError(e.cause)
}

/** Postgres errors that are the caller's fault become 4xx instead of 500; an unreachable database a 503. */
export function fromDatabaseError(err: unknown): AppError | undefined {
  if (isConnectionError(err)) return databaseUnavailable()
  const e = err as { code?: string; constraint?: string; detail?: string }
  if (typeof e?.code !== 'string') return undefined
  switch (e.code) {
    case '23505': return conflict(`already exists (${e.constraint ?? 'unique constraint'})`)
    // exclusion constraints: bills_regular_no_overlap (no day billed twice)
    case '23P01': return new AppError('period_overlaps', 409, `overlaps an existing record (${e.constraint ?? 'exclusion constraint'})`)
    case '23503': return unprocessable('reference_not_found', `a referenced object does not exist (${e.constraint ?? 'foreign key'})`)
    case '23514': return unprocessable('constraint_violation', `the values break a rule (${e.constraint ?? 'check constraint'})`)
    case '22003': return validationError('a number is out of range')
    case '22P02': case '22007': case '22008': return validationError('a value has the wrong format')
    default: return undefined
  }
}
