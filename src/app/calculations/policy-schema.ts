// Overrides of the volume policy (src/core/volume/policy.ts) for one
// calculation, over the tenant's own; every number of volume-methods.md is
// a tenant policy parameter. Nested objects replace the default whole.
import { z } from 'zod'
import { DEFAULT_METHOD_RULES } from '../../core/volume/index.ts'
import { MAX_VOLUME_PLACES } from '../../core/shared/volume-scale.ts'

const rounding = z.enum(['half_up', 'down', 'up', 'half_even'])
const period = z.strictObject({ unit: z.enum(['days', 'months', 'years']), count: z.number().int().min(0).max(1000) })
const days = z.number().int().min(0).max(3660)

/**
 * A policy constant such as π: up to 20 fractional digits (a division keeps 20: DIV_PLACES in core/shared/decimal.ts),
 * so Math.PI's full double digits '3.141592653589793' (15 places) pass; the
 * 9 places of money and volume inputs are too few for it (issue 9 §3). A JSON
 * number passes through String(), which gives the shortest round-trip digits.
 */
const constant = z.union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .refine((v) => /^\d{1,15}(\.\d{1,20})?$/.test(v), 'must be a non-negative decimal with at most 15 integer and 20 fractional digits, e.g. "3.141592653589793"')
  .meta({ example: '3.141592653589793', description: 'decimal as a string' })

export const policyOverridesSchema = z.strictObject({
  pi: constant.describe('π for the pipe formula: memo 003 uses "3.14"; the default is Math.PI'),
  waterSpeedMPerS: constant.describe('water speed at full section, m/s (Decree 776 §16: 1.2)'),
  secondsPerDay: z.number().int().min(1).max(86_400).describe('around the clock: 86400'),
  averagingWindowMonths: z.number().int().min(1).max(120),
  averagingMaxDays: days.describe('averaging lasts at most this many days (Decree 776 §17: 60)'),
  minWorkingDaysForAveraging: days,
  capacityAfterFailureFromDay: days.describe('capacity from this day after a failure (Decree 776 §16b: 61)'),
  capacityAfterNoticeFromDay: days,
  unauthorizedCap: z.strictObject({ organization: period, residential: period, selfReported: period }),
  readingsOverdueMonths: z.number().int().min(1).max(120),
  afterLastReading: z.enum(['estimate', 'uncovered'])
    .describe('days of a working meter after its last reading, before the readings are overdue: "estimate" (default) by the meter\'s average daily volume (Decree 776 §17; Decree 354 §59 for residential), flagged estimated and reversed when the actual reading arrives; "uncovered" reports them as uncovered_days'),
  decree354: z.strictObject({
    historyMonths: z.number().int().min(1).max(120), minHistoryMonths: z.number().int().min(0).max(120), maxPeriods: z.number().int().min(0).max(120),
  }),
  residentialMeterFailure: z.enum(['decree776', 'decree354']),
  methodRules: z.array(z.enum(DEFAULT_METHOD_RULES as unknown as [string, ...string[]])).max(6)
    .describe('rule order; a rule left out is switched off'),
  readingDateMeans: z.enum(['end_of_day', 'start_of_day']),
  rolloverWithoutMaxFlow: z.enum(['reject', 'accept']),
  waterBalanceMaxYears: z.number().int().min(1).max(50),
  volumePlaces: z.number().int().min(0).max(MAX_VOLUME_PLACES)
    .describe('decimal places volumes are shown at (API, exports, documents); lines are priced from the unrounded volume, which the trace keeps (default 6)'),
  volumeRounding: rounding.describe('how a shown volume is rounded (default half_up)'),
  volumePlacesOfMeter: z.boolean().describe('show a metered volume at its meter\'s resolution (decimals) instead of volumePlaces (default false)'),
}).partial().describe('volume policy overrides for this calculation, over the tenant\'s policy and the defaults (GET /v1/tenant shows effectivePolicy)')

export const moneyOverridesSchema = z.strictObject({
  minorUnits: z.number().int().min(0).max(4).describe('places of a charge line: 2 for kopecks and öre, 0 for rials'),
  lineRounding: rounding.describe('how each line is rounded (once, per line)'),
  payableRounding: z.strictObject({ places: z.number().int().min(-6).max(4), mode: rounding }).nullable()
    .describe('round the payable and carry the rest (Iran: places -3, mode down — Iranian water bill item 27); null = none'),
}).partial().describe('money policy overrides; the defaults come from the currency (RUB, SEK 2 places; IRR 0 places, payable to thousands)')
