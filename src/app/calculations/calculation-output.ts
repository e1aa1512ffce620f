// What a calculation returns: charge lines with their traces, totals, the
// volume segments behind them, warnings and errors (as data).
import { z } from 'zod'

const interval = z.object({ from: z.string(), to: z.string() })
/** Issue 9 §3: a volume is shown at the tenant's scale; the trace keeps what priced the line. */
export const volumeRoundingDto = z.object({
  exact: z.string().describe('the unrounded volume, m³: what the amount was priced from'),
  shown: z.string().describe('the volume shown, m³'),
  places: z.number().int().describe('decimal places (policy volumePlaces, or the meter\'s resolution)'),
  mode: z.enum(['half_up', 'down', 'up', 'half_even']),
}).describe('present when the volume shown is rounded: the exact figure and the rounding').meta({ id: 'VolumeRounding' })
export const traceDto = z.object({
  rule: z.string().describe('the rule that fired, with its source (e.g. "rule 4 meter_failure: averaged, days 1–60 (Decree 776 §17)")'),
  inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).describe('every input by name; decimals as strings'),
  formula: z.string().describe('the formula with the numbers put in, from the volume to the rounded amount'),
  notes: z.array(z.string()).optional(),
  volumeRounding: volumeRoundingDto.optional(),
}).meta({ id: 'Trace' })

export const calculationLineDto = z.object({
  service: z.string(),
  kind: z.enum(['volume', 'fixed_fee', 'surcharge', 'tax', 'rounding', 'info']),
  line: z.string().describe('the line\'s name from the tariff'),
  method: z.string().optional().describe('volume lines: metered, normative, averaged, guaranteed_volume, capacity, summation, …'),
  normativePart: z.enum(['base', 'surcharge']).optional().describe('normative lines: the base n×N×T or the surcharge n×N×(K−1)×T (memo 003)'),
  interval,
  volume: z.string().optional().describe('m³ at the tenant\'s scale (policy volumePlaces, default 6, half-up); the trace\'s volumeRounding has the exact figure'),
  rate: z.string().optional().describe('per m³, or percent'),
  amount: z.string().describe('rounded once to the currency\'s minor unit; info lines are not summed'),
  tariffVersion: z.string().optional(),
  trace: traceDto,
}).meta({ id: 'CalculationLine' })

export const calculationDto = z.object({
  servicePointId: z.string(),
  interval,
  today: z.string(),
  lines: z.array(calculationLineDto),
  totals: z.object({
    currency: z.string(), volume: z.string().describe('Σ segment volumes, m³ (normative includes the K surcharge), at the tenant\'s scale'),
    charges: z.string(), rounding: z.string(), currentBill: z.string(), debt: z.string(), payable: z.string(), carry: z.string(), previousCarry: z.string(),
  }),
  volumes: z.array(z.object({
    method: z.string(), interval, volume: z.string(), meterId: z.string().optional(), rule: z.string(),
    normative: z.object({ baseVolume: z.string(), surchargeVolume: z.string(), coefficient: z.string() }).optional(),
    estimated: z.literal(true).optional().describe('an estimate for days after the last accepted reading (policy afterLastReading): reversed and recomputed when the actual reading arrives'),
    trace: traceDto,
  })).describe('the volume segments: one per method and inputs'),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
  errors: z.array(z.object({ code: z.string(), message: z.string(), servicePointId: z.string().optional() }).loose())
    .describe('days no rule covers (uncovered_days): the other days are still priced'),
  policy: z.record(z.string(), z.unknown()).describe('the volume policy used: defaults, the tenant\'s overrides, this request\'s'),
}).meta({ id: 'Calculation' })

export type CalculationDto = z.infer<typeof calculationDto>
