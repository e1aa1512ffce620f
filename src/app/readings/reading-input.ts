// One submitted reading, as the REST body, a bulk row and a GraphQL input.
// The zod schema is the contract; fastRow() is an exact shortcut for the
// common well-formed row (bulk uploads check millions), and any row it does
// not vouch for goes through the schema, so the schema alone decides.
import { z } from 'zod'
import { decimal, uuid } from '../schemas.ts'
import type { FieldIssue } from '../errors.ts'
import { inputIssues } from '../validate.ts'
import { READ_AT_PATTERN } from './read-at.ts'

/** reading_grant: submitted without registration, through a reading grant (issue 10 §6) */
export const READING_SOURCES = ['portal', 'mobile', 'accounting', 'telemetry', 'inspector', 'act', 'reading_grant'] as const
/** Why the reader recorded no index (seed 002 item 9); the period is estimated. */
export const READER_STATUSES = ['closed', 'fogged', 'inaccessible', 'damaged', 'missing', 'refused'] as const

export const readingInput = z.object({
  meterId: uuid.optional().describe('the meter; or give meterSerial'),
  meterSerial: z.string().trim().min(1).max(60).optional().describe('the meter\'s serial number; or give meterId'),
  readAt: z.string().regex(READ_AT_PATTERN, 'must be an ISO datetime with offset (2026-11-20T09:30:00+03:00) or a date (2026-11-20)')
    .describe('when the meter was read; a bare date means the start of that day in the tenant\'s time zone'),
  index: decimal.optional().describe('the register\'s index (most meters)'),
  consumption: decimal.optional().describe('consumption since the previous reading (open hot-water systems)'),
  source: z.enum(READING_SOURCES),
  readerStatus: z.enum(READER_STATUSES).optional().describe('the reader could not read the index, and why; then no index or consumption'),
}).strict().superRefine((r, ctx) => {
  if ((r.meterId === undefined) === (r.meterSerial === undefined)) ctx.addIssue({ code: 'custom', path: ['meterId'], message: 'give exactly one of meterId and meterSerial' })
  const values = Number(r.index !== undefined) + Number(r.consumption !== undefined)
  if (r.readerStatus !== undefined && values > 0) ctx.addIssue({ code: 'custom', path: ['readerStatus'], message: 'a reading with a reader status has no index or consumption' })
  if (r.readerStatus === undefined && values !== 1) ctx.addIssue({ code: 'custom', path: ['index'], message: 'give exactly one of index and consumption (or a readerStatus)' })
}).meta({ id: 'ReadingInput' })

export type ReadingInput = z.infer<typeof readingInput>

/** A row that passed the schema, in the form the pipeline uses. */
export interface ReadingRow {
  meterId: string | null
  meterSerial: string | null
  readAt: string
  kind: 'index' | 'consumption' | null
  /** as submitted (trimmed), not yet canonical */
  value: string | null
  source: string
  readerStatus: string | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const DECIMAL = /^\d{1,15}(\.\d{1,9})?$/
const SERIAL = /^[^\s](?:.{0,58}[^\s])?$/
const SOURCES = new Set<string>(READING_SOURCES)
const KEYS = new Set(['meterId', 'meterSerial', 'readAt', 'index', 'consumption', 'source'])

/** The common well-formed row, recognised without the schema; undefined means "ask the schema". */
function fastRow(v: any): ReadingRow | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined
  for (const k in v) if (!KEYS.has(k)) return undefined
  const { meterId, meterSerial, readAt, index, consumption, source } = v
  if (typeof readAt !== 'string' || !READ_AT_PATTERN.test(readAt)) return undefined
  if (typeof source !== 'string' || !SOURCES.has(source)) return undefined
  let kind: 'index' | 'consumption'
  let value: unknown
  if (index !== undefined) { if (consumption !== undefined) return undefined; kind = 'index'; value = index }
  else { kind = 'consumption'; value = consumption }
  if (typeof value !== 'string' || !DECIMAL.test(value)) return undefined
  if (meterId !== undefined) {
    if (meterSerial !== undefined || typeof meterId !== 'string' || !UUID.test(meterId)) return undefined
    return { meterId, meterSerial: null, readAt, kind, value, source, readerStatus: null }
  }
  if (typeof meterSerial !== 'string' || !SERIAL.test(meterSerial)) return undefined
  return { meterId: null, meterSerial, readAt, kind, value, source, readerStatus: null }
}

export function fromInput(r: ReadingInput): ReadingRow {
  const kind = r.index !== undefined ? 'index' : r.consumption !== undefined ? 'consumption' : null
  return {
    meterId: r.meterId?.toLowerCase() ?? null, meterSerial: r.meterSerial ?? null, readAt: r.readAt, kind,
    value: r.index ?? r.consumption ?? null, source: r.source, readerStatus: r.readerStatus ?? null,
  }
}

export type ParsedRow = { ok: true; row: ReadingRow } | { ok: false; issues: FieldIssue[] }

/** Check one bulk row; issues carry field paths relative to the row. */
export function parseReadingRow(v: unknown): ParsedRow {
  const fast = fastRow(v)
  if (fast) return { ok: true, row: fast }
  const unstorable = inputIssues(v, '')
  if (unstorable.length) return { ok: false, issues: unstorable }
  const r = readingInput.safeParse(v)
  if (r.success) return { ok: true, row: fromInput(r.data) }
  return { ok: false, issues: r.error.issues.map((i) => ({ path: i.path.join('.') || '(row)', message: i.message })) }
}
