// What a consumption answer looks like (REST and GraphQL alike): per utility
// and unit a series a chart draws as it is. The default shape is parallel
// arrays under one list of keys and labels (bench:consumption: the 21.6 KB of
// a bucket object per point became ~4 KB, and building and writing the answer
// was most of the route's cost); `include=buckets` adds the long form, one
// object per bucket with its days and the year-earlier days.
import { z } from 'zod'
import { isoDate, RESOURCES } from '../schemas.ts'

export const GRANULARITIES = ['day', 'month', 'year'] as const
export const PRESETS = ['1y', '6m', '3m'] as const

export const consumptionQuery = z.object({
  granularity: z.enum(GRANULARITIES).default('month').describe('bucket size'),
  preset: z.enum(PRESETS).optional().describe('the last 1 year / 6 months / 3 months up to today (the tenant\'s day); the default when from and to are absent is 1y'),
  from: isoDate.optional().describe('first day, included (with to, instead of a preset)'),
  to: isoDate.optional().describe('last day, included'),
  utility: z.enum(RESOURCES).optional().describe('only this utility (resource)'),
  include: z.enum(['buckets']).optional().describe('buckets: also each series\' buckets as objects (first and last day, label, the year-earlier days, day-level quality): the long form; the arrays are what a chart draws'),
}).strict()
export type ConsumptionQuery = z.infer<typeof consumptionQuery>

export const customerConsumptionQuery = consumptionQuery.extend({
  customerId: z.uuid().optional().describe('the customer (required for API keys; a customer token sees its own accounts, all of them when absent)'),
}).strict()

const quality = z.enum(['measured', 'estimated', 'partly_estimated', 'no_data'])
  .describe('measured: every day between two readings; estimated: after the last reading, at its average daily use; no_data: no reading or meter')

const bucketValue = z.object({
  start: z.string().describe('first day, included'),
  end: z.string().describe('last day, included'),
  key: z.string().describe('2026-11-25, 2026-11 or 2026'),
  label: z.string().describe('the key in the tenant\'s language'),
  value: z.string().nullable().describe('the volume in `unit` (decimal); null without data'),
  estimated: z.string().describe('the part of value that is estimated'),
  quality,
  complete: z.boolean().describe('false when some days have no data or are after today (never estimated)'),
})

export const consumptionBucketDto = bucketValue.extend({
  previous: bucketValue.pick({ start: true, end: true, value: true, estimated: true, quality: true }).meta({ id: 'ConsumptionBucketValue' })
    .describe('the same calendar days a year earlier (drawn beside the bucket, under its label)'),
  change: z.string().nullable().describe('value − previous.value'),
  changePercent: z.string().nullable().describe('change in percent of previous.value, one decimal'),
}).meta({ id: 'ConsumptionBucket' })

const values = z.array(z.string().nullable()).describe('per bucket (as `keys`): the volume in `unit` (decimal); null without data')
const estimatedValues = z.array(z.string()).describe('per bucket: the part of the value that is estimated (after the last reading)')
const qualities = z.array(quality).describe('per bucket: measured, estimated, partly_estimated or no_data')

export const consumptionSeriesDto = z.object({
  utility: z.enum(RESOURCES),
  unit: z.string().describe('m3, kWh or MWh, as the service points declare'),
  direction: z.enum(['consumption', 'production']).describe('solar production is production, positive'),
  servicePointIds: z.array(z.uuid()),
  values,
  estimated: estimatedValues,
  quality: qualities,
  complete: z.array(z.boolean()).describe('per bucket: false when some days have no data or are after today (never estimated): a chart greys the bar'),
  previous: z.object({ values, estimated: estimatedValues, quality: qualities }).meta({ id: 'ConsumptionSeriesPrevious' })
    .describe('the same calendar days a year earlier, per bucket: drawn beside the bucket, under its label'),
  change: z.array(z.string().nullable()).describe('per bucket: value − previous value, when both are known'),
  changePercent: z.array(z.string().nullable()).describe('per bucket: the change in percent of the previous value, one decimal'),
  buckets: z.array(consumptionBucketDto).optional().describe('with include=buckets: one object per bucket (the long form)'),
  totals: z.object({ value: z.string().nullable(), estimated: z.string(), previous: z.string().nullable(), change: z.string().nullable(),
    changePercent: z.string().nullable() }).meta({ id: 'ConsumptionTotals' }),
}).meta({ id: 'ConsumptionSeries' })

export const consumptionDto = z.object({
  scope: z.object({ kind: z.enum(['service_point', 'premises', 'account', 'customer', 'accounts', 'facility_group']), id: z.uuid().nullable() }).meta({ id: 'ConsumptionScope' }),
  granularity: z.enum(GRANULARITIES),
  preset: z.enum(PRESETS).nullable(),
  from: z.string(), to: z.string(), previousFrom: z.string(), previousTo: z.string(),
  today: z.string().describe('the tenant\'s today the preset and estimates are relative to'),
  keys: z.array(z.string()).describe('the buckets of every series, in order: 2026-11-25, 2026-11 or 2026'),
  labels: z.array(z.string()).describe('the keys in the tenant\'s language (nov. 2026), as a chart prints them'),
  series: z.array(consumptionSeriesDto),
  warnings: z.array(z.object({ code: z.string(), message: z.string() }).meta({ id: 'ConsumptionWarning' })),
}).meta({ id: 'Consumption' })
export type ConsumptionDto = z.infer<typeof consumptionDto>
