import { z } from 'zod'
import { decimal, resource, text, uuid } from '../schemas.ts'
import { defined, iso, type ResourceSpec } from './resource.ts'

const fields = {
  accountId: uuid,
  premisesId: uuid.nullish(),
  code: z.string().trim().max(60).nullish().describe('the utility\'s own code for the connection'),
  resource,
  usageType: text(60).default('residential'),
  unit: z.string().trim().max(20).optional().describe('m3 for water; kWh or MWh for energy, the unit its meters count in (default kWh; MWh for district heating); pickup for waste collection'),
  diameterMm: decimal.nullish().describe('inner diameter of the pipe at the connection point, mm'),
  lossesVolumeM3: decimal.nullish().describe('losses from the boundary of responsibility to the meter, m³ per month (Decree 776 §21)'),
  lossesPercent: decimal.nullish().describe('the same losses as a percentage of the metered volume'),
  transitOrganization: z.boolean().default(false),
  hotWaterSystem: z.enum(['open', 'closed']).nullish(),
  guaranteedVolume: decimal.nullish().describe('contract guaranteed supply volume (Decree 776 §18)'),
  guaranteedVolumePer: z.enum(['day', 'month']).nullish(),
  dwellingUnits: z.number().int().min(0).max(100000).default(1),
}
const DEFAULT_UNIT: Record<string, string> = { electricity: 'kWh', district_heating: 'MWh', solar_production: 'kWh', waste_collection: 'pickup' }

const guaranteedPair = (s: { guaranteedVolume?: string | null | undefined; guaranteedVolumePer?: string | null | undefined }) =>
  (s.guaranteedVolume == null) === (s.guaranteedVolumePer == null)
const create = z.object(fields).strict()
  .refine(guaranteedPair, { path: ['guaranteedVolumePer'], message: 'guaranteedVolume and guaranteedVolumePer go together' })
  .refine((s) => s.resource === 'hot_water' || !s.hotWaterSystem, { path: ['hotWaterSystem'], message: 'only hot-water service points have a hot-water system' })
const update = z.object(fields).omit({ accountId: true, resource: true, usageType: true, transitOrganization: true, dwellingUnits: true })
  .extend({ usageType: text(60), transitOrganization: z.boolean(), dwellingUnits: z.number().int().min(0).max(100000) })
  .partial().strict()
const dto = z.object({
  id: uuid, accountId: uuid, premisesId: uuid.nullable(), code: z.string().nullable(), resource, usageType: z.string(), unit: z.string(),
  diameterMm: z.string().nullable(), lossesVolumeM3: z.string().nullable(), lossesPercent: z.string().nullable(),
  transitOrganization: z.boolean(), hotWaterSystem: z.enum(['open', 'closed']).nullable(), guaranteedVolume: z.string().nullable(),
  guaranteedVolumePer: z.enum(['day', 'month']).nullable(), dwellingUnits: z.number().int(),
  contractCapacityM3: z.string().nullable().describe('contracted capacity, m³ per month (set by a completed capacity change)'),
  closedOn: z.string().nullable().describe('first day closed (a completed permanent disconnection)'),
  createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'ServicePoint' })

export const servicePoints: ResourceSpec<z.infer<typeof create>, z.infer<typeof update>, any, z.infer<typeof dto>> = {
  name: 'servicePoint', path: 'service-points', typeName: 'ServicePoint', table: 'servicePoints', idColumn: 'servicePointId',
  create, update, dto,
  filters: z.object({ accountId: uuid.optional(), resource: resource.optional(), transitOrganization: z.enum(['true', 'false']).optional() }),
  toInsert: (c) => ({ accountId: c.accountId, premisesId: c.premisesId ?? null, code: c.code ?? null, resource: c.resource, usageType: c.usageType,
    unit: c.unit ?? DEFAULT_UNIT[c.resource] ?? 'm3', diameterMm: c.diameterMm ?? null, lossesVolumeM3: c.lossesVolumeM3 ?? null,
    lossesPercent: c.lossesPercent ?? null, transitOrganization: c.transitOrganization, hotWaterSystem: c.hotWaterSystem ?? null,
    guaranteedVolume: c.guaranteedVolume ?? null, guaranteedVolumePer: c.guaranteedVolumePer ?? null, dwellingUnits: c.dwellingUnits }),
  toUpdate: (u) => defined({ premisesId: u.premisesId, code: u.code, usageType: u.usageType, unit: u.unit, diameterMm: u.diameterMm,
    lossesVolumeM3: u.lossesVolumeM3, lossesPercent: u.lossesPercent, transitOrganization: u.transitOrganization, hotWaterSystem: u.hotWaterSystem,
    guaranteedVolume: u.guaranteedVolume, guaranteedVolumePer: u.guaranteedVolumePer, dwellingUnits: u.dwellingUnits }),
  toDto: (r) => ({ id: r.servicePointId, accountId: r.accountId, premisesId: r.premisesId, code: r.code, resource: r.resource, usageType: r.usageType,
    unit: r.unit, diameterMm: r.diameterMm, lossesVolumeM3: r.lossesVolumeM3, lossesPercent: r.lossesPercent, transitOrganization: r.transitOrganization,
    hotWaterSystem: r.hotWaterSystem, guaranteedVolume: r.guaranteedVolume, guaranteedVolumePer: r.guaranteedVolumePer, dwellingUnits: r.dwellingUnits,
    contractCapacityM3: r.contractCapacityM3 ?? null, closedOn: r.closedOn ?? null,
    createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)! }),
  applyFilters(q, f) {
    if (f.accountId) q = q.where('accountId', '=', f.accountId)
    if (f.resource) q = q.where('resource', '=', f.resource)
    if (f.transitOrganization) q = q.where('transitOrganization', '=', f.transitOrganization === 'true')
    return q
  },
}
