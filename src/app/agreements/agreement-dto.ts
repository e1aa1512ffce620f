// The agreements overview (seed 001 "Mina avtal"): every contract or
// subscription a customer has, per utility, with its status and dates, and
// the multi-select filters the portal's lists send (?utility=water&utility=electricity&status=active).
import { z } from 'zod'
import { uuid } from '../schemas.ts'
import { manyOf } from '../letters/letter-dto.ts'

/** The utilities a customer sees (multi-utility.md): water and sewerage together, as a VA agreement. */
export const UTILITIES = ['water', 'electricity', 'district_heating', 'solar', 'waste'] as const
export type Utility = (typeof UTILITIES)[number]
export const AGREEMENT_STATUSES = ['active', 'upcoming', 'ended'] as const
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number]

/** A service point's resource → the utility its agreement is of. */
export const UTILITY_OF_RESOURCE: Record<string, Utility> = {
  cold_water: 'water', hot_water: 'water', wastewater: 'water', electricity: 'electricity', district_heating: 'district_heating', solar_production: 'solar',
  waste_collection: 'waste',
}

export const agreementsQuery = z.object({
  utility: manyOf(z.enum(UTILITIES)).describe('only these utilities (repeat the key for several)'),
  status: manyOf(z.enum(AGREEMENT_STATUSES)).describe('only these statuses (repeat the key for several)'),
  accountId: manyOf(uuid).describe('only these accounts (repeat the key for several)'),
  premisesId: manyOf(uuid).describe('only these addresses (repeat the key for several)'),
  customerId: uuid.optional().describe('the customer whose agreements to show (API keys: this or accountId is required)'),
}).strict()
export type AgreementsQuery = z.infer<typeof agreementsQuery>

export const agreementDto = z.object({
  id: z.string().describe('the id of the record the agreement is (a service point, a subscription)'),
  source: z.string().describe('service_point, or another source such as a waste subscription'),
  utility: z.enum(UTILITIES),
  resource: z.string().describe('the resource (cold_water, electricity, …) or the subscription\'s kind'),
  status: z.enum(AGREEMENT_STATUSES),
  startsOn: z.string().describe('the first day of supply'),
  endsOn: z.string().nullable().describe('the last day of supply; null while open-ended'),
  accountId: uuid,
  accountNumber: z.string(),
  premisesId: z.string().nullable(),
  address: z.string().nullable(),
  code: z.string().nullable().describe('the service point\'s or subscription\'s own code (anläggnings-id)'),
  usageType: z.string().nullable(),
  unit: z.string().nullable(),
  tariff: z.object({ id: z.string(), service: z.string(), usageType: z.string(), validFrom: z.string(), validTo: z.string().nullable() })
    .nullable().describe('the tariff version in force today (for an ended agreement on its last day, for an upcoming one on its first)'),
  details: z.record(z.string(), z.unknown()).describe('what the source adds (bin size, frequency …)'),
}).meta({ id: 'Agreement' })
export type AgreementDto = z.infer<typeof agreementDto>

export const agreementListDto = z.object({
  asOf: z.string().describe('the tenant\'s today the statuses are as of'),
  items: z.array(agreementDto),
  counts: z.object({ utility: z.record(z.string(), z.number()), status: z.record(z.string(), z.number()) })
    .describe('how many agreements each filter value would show, before the utility and status filters: what a multi-select list shows beside each value'),
}).meta({ id: 'AgreementList' })
