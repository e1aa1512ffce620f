// A tenant's penalty settings: off by default (penalties are Russian law,
// Housing Code art. 155 §14). The tenant policy validator accepts volume-policy
// keys only, so these live in their own table (penalty_terms) with their own
// schema: effective-dated key rates, caps and moratoria are data (conventions.md "verify").
import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../../../db/database.ts'
import type { PenaltyTerms } from '../../../core/penalty/terms.ts'
import { decimal, isoDate } from '../../schemas.ts'

/** Decrees 424 (2020) and 497 (2022): no penalty accrues on these days, both ends included (verify). */
export const RU_MORATORIA = [
  { from: '2020-04-06', through: '2021-01-01', source: 'Government Decree 424 of 2020-04-02' },
  { from: '2022-03-31', through: '2022-10-01', source: 'Government Decree 497 of 2022-03-28' },
]
/** Decree 474: the key rate used is at most 9.5% while it is in force (verify the end date). */
export const RU_CAPS = [{ from: '2022-02-28', through: null, rate: '9.5' }]

export const penaltyTermsInput = z.object({
  enabled: z.boolean(),
  keyRates: z.array(z.object({ from: isoDate, rate: decimal }).strict()).default([]).describe('the key rate in percent a year, from a day on'),
  caps: z.array(z.object({ from: isoDate, through: isoDate.nullable().optional(), rate: decimal }).strict()).default(RU_CAPS)
    .describe('rate caps in percent; defaults to Decree 474 (9.5% from 2022-02-28)'),
  moratoria: z.array(z.object({ from: isoDate, through: isoDate, source: z.string().max(200).optional() }).strict()).default(RU_MORATORIA)
    .describe('days without accrual, both ends included; defaults to Decrees 424 and 497'),
  rateBasis: z.enum(['daily', 'as_of']).default('daily').describe('daily: the rate in force on each day; as_of: the rate on the calculation date for all days'),
}).strict().meta({ id: 'PenaltyTermsInput' })

export const penaltyTermsDto = z.object({
  enabled: z.boolean(),
  keyRates: z.array(z.object({ from: z.string(), rate: z.string() })),
  caps: z.array(z.object({ from: z.string(), through: z.string().nullable().optional(), rate: z.string() })),
  moratoria: z.array(z.object({ from: z.string(), through: z.string(), source: z.string().optional() })),
  rateBasis: z.enum(['daily', 'as_of']),
}).meta({ id: 'PenaltyTerms' })
export type PenaltyTermsDto = z.infer<typeof penaltyTermsDto>

const DISABLED: PenaltyTermsDto = { enabled: false, keyRates: [], caps: RU_CAPS, moratoria: RU_MORATORIA, rateBasis: 'daily' }

export async function getPenaltyTerms(db: Db, tenantId: string): Promise<PenaltyTermsDto> {
  const row = await db.selectFrom('penaltyTerms').select(['enabled', 'terms']).where('tenantId', '=', tenantId).executeTakeFirst()
  return row ? { ...(row.terms as unknown as Omit<PenaltyTermsDto, 'enabled'>), enabled: row.enabled } : DISABLED
}

export async function putPenaltyTerms(db: Db, tenantId: string, input: z.infer<typeof penaltyTermsInput>): Promise<PenaltyTermsDto> {
  const { enabled, ...terms } = input
  await db.insertInto('penaltyTerms').values({ tenantId, enabled, terms: JSON.stringify(terms) })
    .onConflict((oc) => oc.column('tenantId').doUpdateSet({ enabled, terms: JSON.stringify(terms), updatedAt: sql<Date>`now()` })).execute()
  return getPenaltyTerms(db, tenantId)
}

export function coreTerms(dto: PenaltyTermsDto, minorUnits: number): PenaltyTerms {
  return { keyRates: dto.keyRates, caps: dto.caps, moratoria: dto.moratoria, rateBasis: dto.rateBasis, minorUnits }
}
