import { z } from 'zod'
import { inn, isoDate, text, uuid } from '../schemas.ts'
import { defined, iso, type ResourceSpec } from './resource.ts'

// Residential: a personal account proven by owner's surname + number;
// non-residential: a contract proven by INN + contract number (seed 000).
const fields = {
  customerId: uuid,
  premisesId: uuid.nullish(),
  kind: z.enum(['residential', 'non_residential']),
  number: z.string().trim().regex(/^[0-9A-Za-z/-]{1,40}$/, 'letters, digits, / and -, at most 40'),
  ownerSurname: text(200).nullish(),
  contractInn: inn.nullish(),
  usageType: text(60).default('residential').describe('tariff class: residential, non_residential, commercial, …'),
  openedOn: isoDate,
  closedOn: isoDate.nullish(),
}
const create = z.object(fields).strict()
  .refine((a) => a.kind !== 'residential' || !!a.ownerSurname, { path: ['ownerSurname'], message: 'a personal account needs the owner\'s surname' })
  .refine((a) => a.kind !== 'non_residential' || !!a.contractInn, { path: ['contractInn'], message: 'a contract needs the customer\'s INN' })
  .refine((a) => !a.closedOn || a.closedOn >= a.openedOn, { path: ['closedOn'], message: 'closedOn is before openedOn' })
const update = z.object(fields).omit({ customerId: true, kind: true, usageType: true }).extend({ usageType: text(60) }).partial().strict()
const dto = z.object({
  id: uuid, customerId: uuid, premisesId: uuid.nullable(), kind: fields.kind, number: z.string(), ownerSurname: z.string().nullable(),
  contractInn: z.string().nullable(), usageType: z.string(), openedOn: z.string(), closedOn: z.string().nullable(),
  createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'Account' })

export const accounts: ResourceSpec<z.infer<typeof create>, z.infer<typeof update>, any, z.infer<typeof dto>> = {
  name: 'account', path: 'accounts', typeName: 'Account', table: 'accounts', idColumn: 'accountId',
  create, update, dto,
  filters: z.object({ customerId: uuid.optional(), number: z.string().max(40).optional(), kind: fields.kind.optional() }),
  toInsert: (c) => ({ customerId: c.customerId, premisesId: c.premisesId ?? null, kind: c.kind, number: c.number,
    ownerSurname: c.ownerSurname ?? null, contractInn: c.contractInn ?? null, usageType: c.usageType, openedOn: c.openedOn, closedOn: c.closedOn ?? null }),
  toUpdate: (u) => defined({ premisesId: u.premisesId, number: u.number, ownerSurname: u.ownerSurname, contractInn: u.contractInn,
    usageType: u.usageType, openedOn: u.openedOn, closedOn: u.closedOn }),
  toDto: (r) => ({ id: r.accountId, customerId: r.customerId, premisesId: r.premisesId, kind: r.kind, number: r.number,
    ownerSurname: r.ownerSurname, contractInn: r.contractInn, usageType: r.usageType, openedOn: r.openedOn, closedOn: r.closedOn,
    createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)! }),
  applyFilters(q, f) {
    if (f.customerId) q = q.where('customerId', '=', f.customerId)
    if (f.number) q = q.where('number', '=', f.number)
    if (f.kind) q = q.where('kind', '=', f.kind)
    return q
  },
}
