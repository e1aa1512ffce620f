import { z } from 'zod'
import { inn, text, uuid } from '../schemas.ts'
import { defined, iso, type ResourceSpec } from './resource.ts'

const fields = {
  kind: z.enum(['person', 'organization']),
  name: text(300).describe('given name of a person, or the organization name'),
  surname: text(200).nullish().describe('a person\'s surname (owner\'s surname proves a personal account)'),
  inn: inn.nullish(),
  email: z.email().max(320).nullish(),
  phone: z.string().regex(/^\+?[0-9 ()-]{5,20}$/, 'phone: digits, spaces, +()-').nullish(),
}

const create = z.object(fields).strict().refine((c) => c.kind !== 'person' || !!c.surname, { path: ['surname'], message: 'a person needs a surname' })
const update = z.object(fields).partial().strict()

const dto = z.object({
  id: uuid, kind: fields.kind, name: z.string(), surname: z.string().nullable(), inn: z.string().nullable(),
  email: z.string().nullable(), phone: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'Customer' })

export const customers: ResourceSpec<z.infer<typeof create>, z.infer<typeof update>, any, z.infer<typeof dto>> = {
  name: 'customer', path: 'customers', typeName: 'Customer', table: 'customers', idColumn: 'customerId',
  create, update, dto,
  filters: z.object({ kind: fields.kind.optional(), inn: z.string().max(12).optional(), q: z.string().max(100).optional() }),
  toInsert: (c) => ({ kind: c.kind, name: c.name, surname: c.surname ?? null, inn: c.inn ?? null, email: c.email ?? null, phone: c.phone ?? null }),
  toUpdate: (u) => defined({ kind: u.kind, name: u.name, surname: u.surname, inn: u.inn, email: u.email, phone: u.phone }),
  toDto: (r) => ({ id: r.customerId, kind: r.kind, name: r.name, surname: r.surname, inn: r.inn, email: r.email, phone: r.phone,
    createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)! }),
  applyFilters(q, f) {
    if (f.kind) q = q.where('kind', '=', f.kind)
    if (f.inn) q = q.where('inn', '=', f.inn)
    if (f.q) q = q.where((eb: any) => eb.or([eb('name', 'ilike', `%${f.q}%`), eb('surname', 'ilike', `%${f.q}%`)]))
    return q
  },
}
