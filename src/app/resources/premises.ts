import { z } from 'zod'
import { decimal, text, uuid } from '../schemas.ts'
import { defined, iso, type ResourceSpec } from './resource.ts'

const fields = {
  customerId: uuid,
  kind: z.enum(['flat', 'house', 'building', 'plot', 'other']),
  address: text(500),
  city: text(200).nullish(),
  region: text(200).nullish(),
  postalCode: z.string().trim().max(20).nullish(),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166 alpha-2, e.g. SE').nullish(),
  areaM2: decimal.nullish(),
}
const create = z.object(fields).strict()
const update = z.object(fields).omit({ customerId: true }).partial().strict()
const dto = z.object({
  id: uuid, customerId: uuid, kind: fields.kind, address: z.string(), city: z.string().nullable(), region: z.string().nullable(),
  postalCode: z.string().nullable(), country: z.string().nullable(), areaM2: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'Premises' })

export const premises: ResourceSpec<z.infer<typeof create>, z.infer<typeof update>, any, z.infer<typeof dto>> = {
  name: 'premises', path: 'premises', typeName: 'Premises', table: 'premises', idColumn: 'premisesId',
  create, update, dto,
  filters: z.object({ customerId: uuid.optional(), city: z.string().max(200).optional() }),
  toInsert: (c) => ({ customerId: c.customerId, kind: c.kind, address: c.address, city: c.city ?? null, region: c.region ?? null,
    postalCode: c.postalCode ?? null, country: c.country ?? null, areaM2: c.areaM2 ?? null }),
  toUpdate: (u) => defined({ kind: u.kind, address: u.address, city: u.city, region: u.region, postalCode: u.postalCode, country: u.country, areaM2: u.areaM2 }),
  toDto: (r) => ({ id: r.premisesId, customerId: r.customerId, kind: r.kind, address: r.address, city: r.city, region: r.region,
    postalCode: r.postalCode, country: r.country, areaM2: r.areaM2, createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)! }),
  applyFilters(q, f) {
    if (f.customerId) q = q.where('customerId', '=', f.customerId)
    if (f.city) q = q.where('city', '=', f.city)
    return q
  },
}
