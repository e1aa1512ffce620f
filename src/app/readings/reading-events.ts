// What a reading event carries: the reading's facts and verdict at that moment.
import type { ReadingDto } from './reading-dto.ts'

export function readingEventData(r: ReadingDto): Record<string, unknown> {
  return { readingId: r.id, meterId: r.meterId, readAt: r.readAt, kind: r.kind, value: r.value, source: r.source, status: r.status, reasons: r.reasons }
}
