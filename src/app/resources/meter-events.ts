import { sql } from 'kysely'
import { z } from 'zod'
import { decimal, isoDate, uuid } from '../schemas.ts'
import { iso, type ResourceSpec } from './resource.ts'
import type { Db } from '../../db/database.ts'

// The meter's timeline (designed → installed → commissioned → failed |
// dismantled | verified → … | replaced). Events are facts: append-only.
export const METER_EVENT_KINDS = ['installed', 'commissioned', 'failed', 'dismantled', 'verified', 'replaced'] as const

const create = z.object({
  meterId: uuid,
  kind: z.enum(METER_EVENT_KINDS),
  occurredOn: isoDate,
  meterIndex: decimal.nullish().describe('the index at the event: the initial index at commissioning, the last at failure or dismantling'),
  seals: z.array(z.string().trim().min(1).max(60)).max(20).default([]).describe('control seal numbers (Decree 776 §42, §44)'),
  nextVerificationDue: isoDate.nullish().describe('with kind=verified: the new verification due date'),
  actId: uuid.nullish(),
  note: z.string().trim().max(1000).nullish(),
}).strict()
  .refine((e) => e.kind === 'verified' || e.nextVerificationDue == null, { path: ['nextVerificationDue'], message: 'only a verification sets the next due date' })
const dto = z.object({
  id: uuid, meterId: uuid, kind: z.enum(METER_EVENT_KINDS), occurredOn: z.string(), meterIndex: z.string().nullable(), seals: z.array(z.string()),
  nextVerificationDue: z.string().nullable(), actId: uuid.nullable(), note: z.string().nullable(), createdAt: z.string(),
}).meta({ id: 'MeterEvent' })

export type MeterEventInput = z.infer<typeof create>

export const meterEventInsert = (c: MeterEventInput) => ({ meterId: c.meterId, kind: c.kind, occurredOn: c.occurredOn, meterIndex: c.meterIndex ?? null,
  seals: c.seals, nextVerificationDue: c.nextVerificationDue ?? null, actId: c.actId ?? null, note: c.note ?? null })

/** A verification moves the meter's due date. */
export async function applyMeterEvent(db: Db, tenantId: string, e: { meterId: string; kind: string; nextVerificationDue?: string | null | undefined }) {
  if (e.kind === 'verified' && e.nextVerificationDue) {
    await db.updateTable('meters').set({ verificationDue: e.nextVerificationDue, updatedAt: sql<Date>`now()` })
      .where('tenantId', '=', tenantId).where('meterId', '=', e.meterId).execute()
  }
}

export const meterEvents: ResourceSpec<MeterEventInput, never, any, z.infer<typeof dto>> = {
  name: 'meterEvent', path: 'meter-events', typeName: 'MeterEvent', table: 'meterEvents', idColumn: 'eventId',
  create, update: z.never(), dto, updatable: false,
  filters: z.object({ meterId: uuid.optional(), kind: z.enum(METER_EVENT_KINDS).optional(), from: isoDate.optional(), to: isoDate.optional() }),
  toInsert: meterEventInsert,
  toUpdate: () => ({}),
  toDto: (r) => ({ id: r.eventId, meterId: r.meterId, kind: r.kind, occurredOn: r.occurredOn, meterIndex: r.meterIndex, seals: r.seals,
    nextVerificationDue: r.nextVerificationDue, actId: r.actId, note: r.note, createdAt: iso(r.createdAt)! }),
  applyFilters(q, f) {
    if (f.meterId) q = q.where('meterId', '=', f.meterId)
    if (f.kind) q = q.where('kind', '=', f.kind)
    if (f.from) q = q.where('occurredOn', '>=', f.from)
    if (f.to) q = q.where('occurredOn', '<', f.to)
    return q
  },
  afterCreate: (db, tenantId, _row, input) => applyMeterEvent(db, tenantId, input),
}
