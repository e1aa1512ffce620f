// A tariff schedule inline: effective-dated versions per service and usage
// (bills-and-tariffs.md "Tariffs are data with effective dates"), the same
// shape as src/core/tariff/types.ts.
import { z } from 'zod'
import { decimal, isoDate } from '../schemas.ts'

const name = z.string().trim().min(1).max(100)
const band = z.strictObject({ from: decimal, to: decimal.nullable().describe('null = unbounded'), rate: decimal })

const volumePrice = z.discriminatedUnion('shape', [
  z.strictObject({ shape: z.literal('flat'), rate: decimal.describe('price per m³') }),
  z.strictObject({
    shape: z.literal('stepped'),
    tables: z.array(z.strictObject({
      appliesUpTo: decimal.nullable().describe('the table is used when the monthly per-unit consumption is ≤ this (null = any)'),
      bands: z.array(band).min(1).max(50),
    })).min(1).max(10),
    monthDays: z.number().int().min(1).max(31).optional().describe('the month the thresholds are stated for (Iran: 30)'),
    mode: z.enum(['progressive', 'whole_at_band']).optional(),
  }),
]).describe('flat per m³, or stepped by monthly consumption per unit (Iranian water bill item 17)')

const percentLine = z.strictObject({
  line: name, percent: decimal,
  of: z.array(name).min(1).max(50).describe('names of the lines it is computed on; ["*"] = every earlier line'),
  when: name.optional().describe('only for points with this flag, e.g. water_project (Iranian water bill item 24)'),
})

const tariffVersion = z.strictObject({
  id: name.describe('shown on each line it prices'),
  service: name.describe('cold_water, hot_water, wastewater, …'),
  usage: name.describe('residential, non_residential, commercial, …: matched against servicePoint.usage'),
  from: isoDate, to: isoDate.nullable().default(null).describe('exclusive; null = open-ended'),
  volume: z.strictObject({ line: name.describe('the line\'s name, e.g. water_price'), price: volumePrice }).optional(),
  fixedFees: z.array(z.strictObject({
    line: name, amount: decimal.describe('per billing period'), diameter: z.string().max(20).optional(),
    per: z.enum(['connection', 'dwelling']), proRata: z.boolean(),
  })).max(50).optional(),
  surcharges: z.array(percentLine).max(50).optional(),
  taxes: z.array(percentLine).max(50).optional(),
  costPricePerM3: decimal.optional().describe('full cost of one m³, shown as information (Iranian water bill item 28)'),
  source: z.string().max(500).optional(),
}).refine((v) => v.to === null || v.from < v.to, { message: 'from must be before to', path: ['to'] })

export const tariffScheduleSchema = z.strictObject({
  versions: z.array(tariffVersion).min(1).max(1000),
}).describe('the tariff schedule: versions per service and usage with effective dates; a period crossing a change is split by days')
