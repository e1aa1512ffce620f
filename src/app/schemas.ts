// Input building blocks shared by every use-case: dates, decimals, ids,
// pagination. Decimals travel as strings; a JSON number is accepted only when
// it survives as an exact decimal literal.
import { z } from 'zod'
import { isIsoDate } from '../core/shared/dates.ts'
import { isValidInn } from '../core/ids/inn.ts'

export const uuid = z.uuid()

/**
 * The dates anyone means in billing: a payment on 0001-01-01 or a reading in
 * 9999 is a typo or a probe, and stored it would skew periods, penalties and
 * reports for ever. Inclusive bounds; ISO dates compare as text.
 */
export const PLAUSIBLE_DATES = { from: '1900-01-01', to: '2199-12-31' } as const

/** A calendar date YYYY-MM-DD inside PLAUSIBLE_DATES (REST and GraphQL alike). */
export const isPlausibleDate = (s: string): boolean => isIsoDate(s) && s >= PLAUSIBLE_DATES.from && s <= PLAUSIBLE_DATES.to

export const isoDate = z.string()
  .refine(isIsoDate, 'must be a calendar date YYYY-MM-DD')
  .refine((s) => !isIsoDate(s) || (s >= PLAUSIBLE_DATES.from && s <= PLAUSIBLE_DATES.to), `must be between ${PLAUSIBLE_DATES.from} and ${PLAUSIBLE_DATES.to}`)
  .meta({ format: 'date', example: '2026-11-01' })

export const timestamp = z.iso.datetime({ offset: true })
  .refine((s) => s.slice(0, 10) >= PLAUSIBLE_DATES.from && s.slice(0, 10) <= PLAUSIBLE_DATES.to, `must be between ${PLAUSIBLE_DATES.from} and ${PLAUSIBLE_DATES.to}`)
  .meta({ example: '2026-11-20T09:30:00+03:00' })

const DECIMAL = /^\d{1,15}(\.\d{1,9})?$/

/** Non-negative decimal, at most 15 integer and 9 fractional digits. */
export const decimal = z.union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .refine((v) => DECIMAL.test(v), 'must be a non-negative decimal with at most 15 integer and 9 fractional digits, e.g. "123.45"')
  .meta({ example: '12.5', description: 'decimal as a string' })

export const inn = z.string().regex(/^\d{10}(\d{2})?$/, 'INN must have 10 (organization) or 12 (person) digits')
  .refine(isValidInn, 'INN check digits do not match')
  .meta({ example: '1234567894' })

export const RESOURCES = ['cold_water', 'hot_water', 'wastewater', 'electricity', 'district_heating', 'solar_production', 'waste_collection'] as const
export const resource = z.enum(RESOURCES)

export const idParams = z.object({ id: uuid })

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
})

export const text = (max = 500) => z.string().trim().min(1).max(max)

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}
