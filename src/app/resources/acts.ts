import { z } from 'zod'
import { v7 as uuidv7 } from 'uuid'
import { decimal, isoDate, text, uuid } from '../schemas.ts'
import { defined, iso, type ResourceSpec } from './resource.ts'
import { validationError } from '../errors.ts'
import { meterEventInsert } from './meter-events.ts'

// Field acts, each kind with the fields its source names (Decree 776, seed 003).
const participant = z.object({ name: text(200), role: text(120) })
const seal = z.object({ number: text(60), place: text(200) })

export const actDetails = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('commissioning'), // Decree 776 §42
    time: z.string().regex(/^\d{2}:\d{2}$/).nullish(), place: text(300).nullish(), participants: z.array(participant).max(20).default([]),
    decision: z.enum(['admitted', 'refused']), refusalReason: text(1000).nullish(), meterIndex: decimal.nullish(),
    seals: z.array(seal).max(20).default([]), customerAbsent: z.boolean().default(false) }).strict(),
  z.object({ kind: z.literal('failure'), // Decree 776 §49-50
    failedOn: isoDate, reason: z.enum(['tampering', 'broken_seal', 'mechanical_damage', 'error_beyond_limit', 'tap_before_meter', 'verification_expired', 'other']),
    meterIndex: decimal.nullish(), description: z.string().max(2000).nullish() }).strict(),
  z.object({ kind: z.literal('dismantling'),
    dismantledOn: isoDate, purpose: z.enum(['verification', 'repair', 'replacement', 'other']), meterIndex: decimal.nullish(),
    announcedOn: isoDate.nullish().describe('dismantling is announced at least 2 business days ahead (Decree 776 §50)') }).strict(),
  z.object({ kind: z.literal('unauthorized_connection'), // Decree 776 §16a, seed 003
    from: isoDate.describe('the previous inspection of that place, or the proven start'), to: isoDate.nullish().describe('the day it was eliminated'),
    diameterMm: decimal, ratedFlowLitresPerMinute: decimal.nullish(), selfReported: z.boolean().default(false),
    network: z.enum(['water', 'sewer']).default('water') }).strict(),
  z.object({ kind: z.literal('technical_impossibility'), reason: text(2000) }).strict(), // seed 003: K = 1 from that period
  z.object({ kind: z.literal('temporary_absence'), from: isoDate, to: isoDate, persons: z.number().int().min(1).max(100) }).strict(),
  z.object({ kind: z.literal('notice_to_install'), deadline: isoDate.nullish() }).strict(),
  z.object({ kind: z.literal('readings_reconciliation'), // Decree 776 §12
    utilityIndex: decimal, customerIndex: decimal.nullish(), previousReconciliationOn: isoDate.nullish(), customerRefusedToSign: z.boolean().default(false) }).strict(),
])
export type ActDetails = z.infer<typeof actDetails>
const METER_ACTS = new Set(['commissioning', 'failure', 'dismantling', 'readings_reconciliation'])

const create = z.object({
  servicePointId: uuid, meterId: uuid.nullish(), number: z.string().trim().max(60).nullish(), drawnUpOn: isoDate,
  signedByCustomer: z.boolean().default(true), details: actDetails,
}).strict().refine((a) => !METER_ACTS.has(a.details.kind) || !!a.meterId, { path: ['meterId'], message: 'this kind of act names a meter' })
const update = z.object({ number: z.string().trim().max(60).nullish(), signedByCustomer: z.boolean() }).partial().strict()
const dto = z.object({
  id: uuid, kind: z.string(), servicePointId: uuid, meterId: uuid.nullable(), number: z.string().nullable(), drawnUpOn: z.string(),
  signedByCustomer: z.boolean(), details: z.record(z.string(), z.unknown()), createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'Act' })

/** The meter event an act records, if any: acts that carry readings are readings. */
function meterEventOf(act: z.infer<typeof create>, actId: string) {
  const d = act.details
  const base = { meterId: act.meterId!, actId, seals: [] as string[], nextVerificationDue: null, note: `from act ${act.number ?? actId}` }
  if (d.kind === 'commissioning' && d.decision === 'admitted') return { ...base, kind: 'commissioned' as const, occurredOn: act.drawnUpOn, meterIndex: d.meterIndex ?? null, seals: d.seals.map((s) => s.number) }
  if (d.kind === 'failure') return { ...base, kind: 'failed' as const, occurredOn: d.failedOn, meterIndex: d.meterIndex ?? null }
  if (d.kind === 'dismantling') return { ...base, kind: 'dismantled' as const, occurredOn: d.dismantledOn, meterIndex: d.meterIndex ?? null }
  return undefined
}

export const acts: ResourceSpec<z.infer<typeof create>, z.infer<typeof update>, any, z.infer<typeof dto>> = {
  name: 'act', path: 'acts', typeName: 'Act', table: 'acts', idColumn: 'actId',
  create, update, dto,
  filters: z.object({ servicePointId: uuid.optional(), meterId: uuid.optional(), kind: z.string().max(40).optional(), from: isoDate.optional(), to: isoDate.optional() }),
  toInsert: (c) => ({ kind: c.details.kind, servicePointId: c.servicePointId, meterId: c.meterId ?? null, number: c.number ?? null,
    drawnUpOn: c.drawnUpOn, signedByCustomer: c.signedByCustomer, details: JSON.stringify(c.details) }),
  toUpdate: (u) => defined({ number: u.number, signedByCustomer: u.signedByCustomer }),
  toDto: (r) => ({ id: r.actId, kind: r.kind, servicePointId: r.servicePointId, meterId: r.meterId, number: r.number, drawnUpOn: r.drawnUpOn,
    signedByCustomer: r.signedByCustomer, details: r.details, createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)! }),
  applyFilters(q, f) {
    if (f.servicePointId) q = q.where('servicePointId', '=', f.servicePointId)
    if (f.meterId) q = q.where('meterId', '=', f.meterId)
    if (f.kind) q = q.where('kind', '=', f.kind)
    if (f.from) q = q.where('drawnUpOn', '>=', f.from)
    if (f.to) q = q.where('drawnUpOn', '<', f.to)
    return q
  },
  async check(db, tenantId, input) {
    const a = input as z.infer<typeof create>
    if (!a.meterId) return
    const m = await db.selectFrom('meters').select('servicePointId').where('tenantId', '=', tenantId).where('meterId', '=', a.meterId).executeTakeFirst()
    if (m && m.servicePointId !== a.servicePointId) throw validationError('the meter is not on this service point', [{ path: 'body.meterId', message: 'belongs to another service point' }])
  },
  async afterCreate(db, tenantId, row, input) {
    const event = meterEventOf(input, row.actId)
    if (event) await db.insertInto('meterEvents').values({ ...meterEventInsert(event), tenantId, eventId: uuidv7() }).execute()
  },
}
