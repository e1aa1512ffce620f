// A stored reading as the API shows it.
import { z } from 'zod'
import { iso } from '../resources/resource.ts'
import { READER_STATUSES, READING_SOURCES } from './reading-input.ts'

export const readingDto = z.object({
  id: z.string().describe('reading id (a 64-bit integer as a string)'),
  meterId: z.uuid(),
  readAt: z.string(),
  kind: z.enum(['index', 'consumption']),
  value: z.string().nullable().describe('the index or the consumption; null when the reader recorded a status instead'),
  source: z.enum(READING_SOURCES),
  status: z.enum(['accepted', 'flagged', 'rejected']),
  reasons: z.array(z.string()).describe('stable reason codes (see the readings guide): why it was flagged or rejected'),
  readerStatus: z.enum(READER_STATUSES).nullable(),
  decidedAt: z.string().nullable().describe('when a person accepted or rejected a flagged reading'),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
}).meta({
  id: 'Reading',
  description: 'A meter reading with its verdict. Only accepted readings drive billing: a flagged reading is kept with its reasons '
    + 'and does not drive a bill until a person accepts it; a rejected one never does.',
})
export type ReadingDto = z.infer<typeof readingDto>

export const READING_COLUMNS = ['readingId', 'meterId', 'readAt', 'kind', 'value', 'source', 'status', 'reasons', 'readerStatus',
  'decidedAt', 'decisionNote', 'createdAt'] as const

export function toReadingDto(r: any): ReadingDto {
  return { id: String(r.readingId), meterId: r.meterId, readAt: iso(r.readAt)!, kind: r.kind, value: r.value ?? null, source: r.source,
    status: r.status, reasons: r.reasons, readerStatus: r.readerStatus ?? null, decidedAt: iso(r.decidedAt ?? null),
    decisionNote: r.decisionNote ?? null, createdAt: iso(r.createdAt)! }
}
