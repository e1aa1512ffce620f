import { z } from 'zod'
import { decimal, isoDate, uuid } from '../schemas.ts'
import { defined, iso, type ResourceSpec } from './resource.ts'

const fields = {
  servicePointId: uuid,
  serial: z.string().trim().regex(/^[0-9A-Za-z./-]{1,60}$/, 'letters, digits, . / -, at most 60'),
  model: z.string().trim().max(120).nullish(),
  digits: z.number().int().min(1).max(12).describe('whole digits on the register (rollover at 10^digits)'),
  decimals: z.number().int().min(0).max(6).default(0).describe('decimals the meter shows; Iranian water meters are read in whole m³'),
  maxFlowM3h: decimal.nullish().describe('maximum flow, m³/h: bounds a plausible rollover'),
  verificationIntervalMonths: z.number().int().min(1).max(240).nullish(),
  verificationDue: isoDate.nullish(),
  isControl: z.boolean().default(false).describe('a control (parallel) meter, Decree 776 §13'),
  readingKind: z.enum(['index', 'consumption']).default('index').describe('consumption for open hot-water systems'),
}
const create = z.object(fields).strict()
const update = z.object({
  model: fields.model, maxFlowM3h: fields.maxFlowM3h, verificationIntervalMonths: fields.verificationIntervalMonths,
  verificationDue: fields.verificationDue, isControl: z.boolean(),
}).partial().strict()
const dto = z.object({
  id: uuid, servicePointId: uuid, serial: z.string(), model: z.string().nullable(), digits: z.number().int(), decimals: z.number().int(),
  maxFlowM3h: z.string().nullable(), verificationIntervalMonths: z.number().int().nullable(), verificationDue: z.string().nullable(),
  isControl: z.boolean(), readingKind: z.enum(['index', 'consumption']), createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'Meter' })

export const meters: ResourceSpec<z.infer<typeof create>, z.infer<typeof update>, any, z.infer<typeof dto>> = {
  name: 'meter', path: 'meters', typeName: 'Meter', table: 'meters', idColumn: 'meterId',
  create, update, dto,
  filters: z.object({ servicePointId: uuid.optional(), serial: z.string().max(60).optional(), verificationDueBefore: isoDate.optional() }),
  toInsert: (c) => ({ servicePointId: c.servicePointId, serial: c.serial, model: c.model ?? null, digits: c.digits, decimals: c.decimals,
    maxFlowM3h: c.maxFlowM3h ?? null, verificationIntervalMonths: c.verificationIntervalMonths ?? null, verificationDue: c.verificationDue ?? null,
    isControl: c.isControl, readingKind: c.readingKind }),
  toUpdate: (u) => defined({ model: u.model, maxFlowM3h: u.maxFlowM3h, verificationIntervalMonths: u.verificationIntervalMonths,
    verificationDue: u.verificationDue, isControl: u.isControl }),
  toDto: (r) => ({ id: r.meterId, servicePointId: r.servicePointId, serial: r.serial, model: r.model, digits: r.digits, decimals: r.decimals,
    maxFlowM3h: r.maxFlowM3h, verificationIntervalMonths: r.verificationIntervalMonths, verificationDue: r.verificationDue,
    isControl: r.isControl, readingKind: r.readingKind, createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)! }),
  applyFilters(q, f) {
    if (f.servicePointId) q = q.where('servicePointId', '=', f.servicePointId)
    if (f.serial) q = q.where('serial', '=', f.serial)
    if (f.verificationDueBefore) q = q.where('verificationDue', '<', f.verificationDueBefore)
    return q
  },
}
