// POST /v1/calculations and GraphQL calculate: the facts of one service point
// inline, the tariff schedule, the money and volume policies, and today.
// Nothing is looked up but the tenant's defaults; nothing is stored.
import { z } from 'zod'
import { isoDate } from '../schemas.ts'
import { dayInterval, pointFactsFields, pointSchema, networkPointSchema } from './facts-schema.ts'
import { moneyOverridesSchema, policyOverridesSchema } from './policy-schema.ts'
import { tariffScheduleSchema } from './tariff-schema.ts'

/** Longest interval one calculation settles: ten years and a bit (day-by-day method choice). */
export const MAX_INTERVAL_DAYS = 3700
const signedDecimal = z.union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .refine((v) => /^-?\d{1,15}(\.\d{1,9})?$/.test(v), 'must be a decimal with at most 15 integer and 9 fractional digits, e.g. "-12.50"')
const name = z.string().trim().min(1).max(100)

export const CURRENCIES = ['RUB', 'IRR', 'SEK', 'EUR', 'USD', 'UZS', 'KZT'] as const

const calculationPoint = pointSchema.extend({
  usage: name.describe('the tariff usage type the schedule is looked up by: residential, non_residential, commercial, …'),
  service: name.optional().describe('the tariff service; the resource when omitted'),
  billingDiameter: z.string().trim().min(1).max(20).optional().describe('the connection diameter as fixed fees name it ("1/2\\"", "DN20")'),
  dwellings: z.number().int().min(1).max(100_000).optional().describe('dwellings for per-dwelling fees (default 1)'),
  units: z.number().int().min(1).max(100_000).optional().describe('units the stepped consumption is divided by (Iranian water bill item 6)'),
  flags: z.array(name).max(20).optional().describe('e.g. water_project for subscribers of a large supply project (Iranian water bill item 24)'),
}).describe('the service point: what the volume methods need, and how it is billed')

export const calculationInput = z.strictObject({
  servicePoint: calculationPoint,
  interval: dayInterval.refine((i) => (Date.parse(i.to) - Date.parse(i.from)) / 86_400_000 <= MAX_INTERVAL_DAYS,
    { message: `at most ${MAX_INTERVAL_DAYS} days`, path: ['to'] }).describe('the days to settle, [from, to)'),
  ...pointFactsFields,
  network: z.record(name, networkPointSchema).optional()
    .describe('other service points by id: downstream points of a transit organization, water sources of a wastewater point'),
  tariffs: tariffScheduleSchema,
  currency: z.enum(CURRENCIES).optional().describe('the currency of the amounts; the tenant\'s when omitted'),
  money: moneyOverridesSchema.optional(),
  policy: policyOverridesSchema.optional(),
  today: isoDate.optional().describe('the day the calculation is made for; today in the tenant\'s time zone when omitted'),
  previousCarry: signedDecimal.optional().describe('remainder carried from the previous bill (payable rounding)'),
  debt: signedDecimal.optional().describe('debt (+) or credit (−) from earlier periods'),
}).describe('one service point\'s facts inline: the calculation settles them and prices the volumes without storing anything')

export type CalculationInput = z.output<typeof calculationInput>
