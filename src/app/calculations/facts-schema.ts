// The facts of a service point as a calculation takes them inline: the same
// shapes as the volume core's facts (src/core/volume/facts.ts), validated.
// Decimals travel as strings; unknown fields are refused so a typo is a 400,
// not a silently ignored fact.
import { z } from 'zod'
import { decimal, isoDate } from '../schemas.ts'

const id = z.string().trim().min(1).max(100)
const count = (max: number) => z.number().int().min(0).max(max)
const months = z.array(z.number().int().min(1).max(12)).min(1).max(12)
  .describe('calendar months (1–12) the norm applies in, for seasonal norms; all months when omitted')
export const coreResource = z.enum(['cold_water', 'hot_water', 'wastewater'])

export const dayInterval = z.strictObject({
  from: isoDate.describe('first day, inclusive'),
  to: isoDate.describe('the day after the last, exclusive'),
}).refine((i) => i.from < i.to, { message: 'from must be before to', path: ['to'] })
  .describe('half-open day interval [from, to)')

const pointFields = {
  id: id.default('service-point').describe('the service point\'s id, used in traces and errors (any text)'),
  resource: coreResource.describe('cold_water, hot_water or wastewater'),
  customerKind: z.enum(['residential', 'organization']).describe('residential premises (Decree 354) or an organization (Decree 776)'),
  diameterMm: decimal.describe('inner diameter at the connection point, mm: the capacity method uses it (Decree 776 §16)'),
  lossesToBoundary: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('percent'), percent: decimal }),
    z.strictObject({ kind: z.literal('volume_per_month'), volume: decimal }),
  ]).optional().describe('losses in the pipe from the boundary of responsibility to the meter (Decree 776 §21)'),
  transit: z.strictObject({
    downstreamPointIds: z.array(id).max(1000).describe('ids of points in `network` whose volumes are summed'),
    runoffPerMonth: decimal.optional().describe('surface runoff received, m³ per month (wastewater, Decree 776 §27)'),
  }).optional().describe('a transit organization\'s point: summation of downstream volumes (Decree 776 §20, §27)'),
  hotWaterSystem: z.enum(['open', 'closed']).optional().describe('open systems report consumption, counted for wastewater only (seed 000)'),
  guaranteedVolume: z.union([z.strictObject({ perDay: decimal }), z.strictObject({ perMonth: decimal })]).optional()
    .describe('the contract\'s guaranteed supply volume, m³ per day or per month (Decree 776 §18)'),
  wastewater: z.strictObject({
    sourcePointIds: z.array(id).max(1000).describe('ids of water points in `network` whose volumes make the wastewater'),
    runoffPerMonth: decimal.optional(),
    openHotWater: z.array(z.strictObject({ from: isoDate, to: isoDate, volume: decimal })).max(1000).optional()
      .describe('consumption reported from an open hot-water system, confirmed by the heat supplier\'s invoice (seed 000)'),
  }).optional().describe('wastewater without a meter = water from all sources + runoff (Decree 776 §23)'),
}
export const pointSchema = z.strictObject(pointFields)

const meterEvent = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('installed'), date: isoDate }),
  z.strictObject({ kind: z.literal('commissioned'), date: isoDate, index: decimal.describe('the index at commissioning') }),
  z.strictObject({ kind: z.literal('failed'), date: isoDate, index: decimal.optional() }),
  z.strictObject({ kind: z.literal('dismantled'), date: isoDate, index: decimal.optional() }),
  z.strictObject({ kind: z.literal('verified'), date: isoDate, index: decimal.optional() }),
  z.strictObject({ kind: z.literal('verification_due'), date: isoDate }),
  z.strictObject({ kind: z.literal('replaced'), date: isoDate, index: decimal.optional(), byMeterId: id.optional() }),
]).describe('a dated event of the meter\'s life: installed, commissioned (with index), failed, dismantled, verified, verification_due, replaced')

export const meterSchema = z.strictObject({
  id: id.describe('referenced by readings'),
  serial: z.string().max(100).default(''),
  digits: z.number().int().min(1).max(12).default(5).describe('whole digits of the register: rollover at 10^digits'),
  decimals: z.number().int().min(0).max(6).default(3),
  maxFlowM3PerH: decimal.optional().describe('maximum flow, for the plausibility of a rollover'),
  control: z.boolean().default(false).describe('a control (parallel) meter: replaces the main meter during its failure (Decree 776 §13)'),
  events: z.array(meterEvent).max(1000).default([]),
})

export const readingSchema = z.strictObject({
  meterId: id,
  date: isoDate.describe('the reading\'s day (by default the index at the end of that day)'),
  index: decimal.optional().describe('the register index'),
  consumption: decimal.optional().describe('instead of an index: consumption since the previous reading (open hot-water systems)'),
}).refine((r) => (r.index === undefined) !== (r.consumption === undefined), { message: 'give exactly one of index or consumption', path: ['index'] })
  .transform((r) => (r.index !== undefined ? { meterId: r.meterId, date: r.date, index: r.index } : { meterId: r.meterId, date: r.date, consumption: r.consumption! }))
  .describe('an accepted reading')

export const actSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('unauthorized_connection'),
    from: isoDate.describe('the previous inspection of that place (Decree 776 §16a)'),
    to: isoDate.describe('the day it was eliminated (exclusive)'),
    diameterMm: decimal.optional().describe('the unauthorized pipe\'s diameter, mm; the point\'s when omitted'),
    ratedFlowLPerMin: decimal.optional().describe('a device\'s rated flow, l/min, instead of the pipe formula (memo 003 hose table)'),
    selfReported: z.boolean().optional().describe('reported by the subscriber: 6-month cap'),
  }),
  z.strictObject({ kind: z.literal('technical_impossibility'), date: isoDate.describe('K = 1 from this billing period (memo 003)') }),
  z.strictObject({ kind: z.literal('temporary_absence'), from: isoDate, to: isoDate, residents: count(10_000).optional().describe('residents away; all when omitted') }),
  z.strictObject({ kind: z.literal('notice_to_install'), date: isoDate, deadline: isoDate.optional() }),
  z.strictObject({ kind: z.literal('readings_reconciliation'), date: isoDate, meterId: id, index: decimal }),
]).describe('an act: unauthorized_connection, technical_impossibility, temporary_absence, notice_to_install, readings_reconciliation')

const residentsSchema = z.strictObject({ from: isoDate, count: count(10_000).describe('residents, permanent and temporary') })
const normSchema = z.strictObject({
  resource: coreResource, from: isoDate, to: isoDate.optional(),
  perPersonPerMonth: decimal.describe('N, m³ per person per month, set by the regional authority'), months: months.optional(),
})
const extraNormSchema = z.strictObject({
  resource: coreResource, kind: z.enum(['land_plot', 'livestock']), from: isoDate, to: isoDate.optional(),
  perUnitPerMonth: decimal, units: decimal.describe('m² of land or heads of livestock'), months: months.optional(),
})
const coefficientSchema = z.strictObject({ resource: coreResource, from: isoDate, value: decimal.describe('the increasing coefficient K from this date') })
const waterBalanceSchema = z.strictObject({
  approvedOn: isoDate, validUntil: isoDate, averageDailyVolume: decimal, outletPercent: decimal.optional(),
})

/** Everything known about one point, except its own id and billing terms. */
export const pointFactsFields = {
  meters: z.array(meterSchema).max(100).default([]).describe('the meters with their events'),
  readings: z.array(readingSchema).max(20_000).default([]).describe('accepted readings of those meters'),
  acts: z.array(actSchema).max(1000).default([]),
  residents: z.array(residentsSchema).max(1000).optional().describe('residents registered, from a date on (normative)'),
  norms: z.array(normSchema).max(1000).optional().describe('consumption norms N, effective-dated (normative)'),
  extraNorms: z.array(extraNormSchema).max(1000).optional().describe('extra norms for a land plot or livestock (memo 003)'),
  coefficients: z.array(coefficientSchema).max(1000).optional()
    .describe('the increasing coefficient K from dates on, per resource (memo 003: 1.1 from 2015-01-01 … 1.5 from 2016-07-01); K = 1 where none is in force'),
  waterBalances: z.array(waterBalanceSchema).max(100).optional().describe('approved water balances (Decree 776 §23.1)'),
}

export const networkPointSchema = z.strictObject({ point: pointSchema, ...pointFactsFields })
