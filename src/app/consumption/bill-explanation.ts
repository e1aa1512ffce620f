// "Why is my bill high?" (issue 12 §6): the facts of one bill loaded for the
// pure analysis (core/consumption/bill-explanation.ts): the bill and its
// lines (getBill, as GET /v1/bills/{id} shows them), the account's earlier
// regular bills, the readings of its service points (consumption.queries.ts,
// a window reaching a year and the last periods back) and the bill period's
// readings with their time of day and any status (misreadings, night flow).
import { sql } from 'kysely'
import { z } from 'zod'
import { explainBill, AVERAGE_PERIODS } from '../../core/consumption/index.ts'
import type { BillExplanation, ExplainPoint, TimedReading } from '../../core/consumption/index.ts'
import { addDays } from '../../core/shared/dates.ts'
import type { Db } from '../../db/database.ts'
import { getBill } from '../billing/bills.ts'
import { todayIn, type Clock } from '../clock.ts'
import { lang, langOfLocale, type Lang } from '../documents/lang.ts'
import { loadConsumptionFacts } from './consumption.queries.ts'
import { wordExplanation } from './explanation-texts.ts'
import { pointsOfRows } from './consumption.ts'

const evidence = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
const periodVolume = z.object({ from: z.string(), to: z.string().describe('last day, included'), volume: z.string().nullable(), perDay: z.string().nullable(),
  quality: z.enum(['measured', 'estimated', 'partly_estimated', 'no_data']) }).meta({ id: 'ExplanationPeriod' })
const causeCode = z.enum(['above_pattern', 'jump_against_history', 'misreading', 'leak', 'non_residential_use'])
const causeVariant = z.enum(['rise', 'flagged', 'lower_than_before', 'spike', 'night', 'weekend_closed', 'weekend_baseline', 'summer', 'excess'])
  .describe('which finding of the cause, stable in every language: jump_against_history rise; misreading flagged, lower_than_before or spike; leak night, weekend_closed or weekend_baseline; non_residential_use summer; above_pattern excess')
const notAssessedVariant = z.enum(['no_readings', 'few_periods', 'no_history', 'few_frequent_readings', 'no_seasons']).describe('why it could not be judged, stable in every language')

export const billExplanationDto = z.object({
  billId: z.uuid(),
  lang: lang.describe('the language of message, advice, reason and summary: ?lang=, else Accept-Language, else the tenant\'s locale (sv, ru, fa, en)'),
  verdict: z.enum(['high', 'usual', 'low', 'unknown']).describe('against the average of the last bills: high from +30 %, low from −30 %'),
  amount: z.object({ charges: z.string(), averageOfPrevious: z.string().nullable(), previousBills: z.number().int(), changePercent: z.string().nullable() }).meta({ id: 'ExplanationAmount' }),
  wellAboveUsual: z.boolean().describe('+50 % or more: the payment document carries a short note'),
  servicePoints: z.array(z.object({
    servicePointId: z.string(), resource: z.string(), unit: z.string(), thisPeriod: periodVolume, yearEarlier: periodVolume,
    recentAverage: z.object({ periods: z.array(periodVolume), perDay: z.string().nullable() }).meta({ id: 'ExplanationAverage' }),
    changeVsYearEarlierPercent: z.string().nullable(), changeVsAveragePercent: z.string().nullable(),
  }).meta({ id: 'ExplanationServicePoint' })),
  estimatedLines: z.array(z.object({ lineNo: z.number().int(), servicePointId: z.string().nullable(), line: z.string(), method: z.string().nullable(),
    estimated: z.boolean(), reason: z.string() }).meta({ id: 'ExplanationEstimatedLine' })),
  causes: z.array(z.object({ code: causeCode, variant: causeVariant, likelihood: z.enum(['likely', 'possible']), servicePointId: z.string().nullable(),
    message: z.string().describe('in `lang`'), advice: z.string().describe('in `lang`'), evidence }).meta({ id: 'ExplanationCause' })).describe('seed 002 item 17, each with the facts that point to it'),
  notAssessed: z.array(z.object({ code: causeCode, variant: notAssessedVariant, servicePointId: z.string().nullable(), reason: z.string().describe('in `lang`'),
    evidence: evidence.describe('the counts behind the reason') }).meta({ id: 'ExplanationNotAssessed' }))
    .describe('causes the facts cannot tell, and why (not enough evidence is said, never guessed)'),
  summary: z.string().describe('in `lang`'),
}).meta({ id: 'BillExplanation' })

export const explanationQuery = z.object({ lang: lang.optional().describe('the texts in this language instead of Accept-Language\'s or the tenant\'s') }).strict()
export type BillExplanationDto = z.infer<typeof billExplanationDto>

/**
 * The explanation of one bill; its texts in `lang` when given (a ?lang= or an
 * Accept-Language the caller sent), else in the tenant's locale's language.
 */
export async function explainBillById(db: Db, clock: Clock, tenantId: string, billId: string, lang?: Lang): Promise<BillExplanationDto> {
  const bill = await getBill(db, tenantId, billId)
  const [previous, rows] = await Promise.all([
    // bills_account (tenant_id, account_id, issued_on)
    db.selectFrom('bills').select(['periodStart', 'periodEnd', 'charges']).where('tenantId', '=', tenantId).where('accountId', '=', bill.accountId)
      .where('kind', '=', 'regular').where('periodStart', '<', bill.periodStart).orderBy('periodStart', 'desc').limit(AVERAGE_PERIODS).execute(),
    // a year before the period and the last periods before it, with a margin for the zone
    loadConsumptionFacts(db, tenantId, { kind: 'account', id: bill.accountId },
      { from: `${addDays(bill.periodStart, -400)}T00:00:00Z`, to: `${addDays(bill.periodEnd, 2)}T00:00:00Z` }, undefined, undefined),
  ])
  const { tz, locale } = rows![0]!
  const onBill = new Set(bill.lines.map((l) => l.servicePointId).filter((x) => x !== null))
  const points = pointsOfRows(rows!).filter((p) => !onBill.size || onBill.has(p.id))
  const usage = new Map<string, string>()
  const timed = new Map<string, TimedReading[]>()
  const meterIds = points.flatMap((p) => p.meters.map((m) => m.id))
  if (meterIds.length) {
    const [uses, readings] = await Promise.all([
      db.selectFrom('servicePoints').select(['servicePointId', 'usageType']).where('tenantId', '=', tenantId).where('servicePointId', 'in', points.map((p) => p.id)).execute(),
      // readings_dedupe's (tenant_id, meter_id, read_at) prefix: the period's readings of any status and the last accepted one before
      sql<{ meterId: string; point: string; local: string; value: string | null; status: TimedReading['status']; reasons: string[] }>`
        select r.meter_id, m.service_point_id as point, to_char(r.read_at at time zone ${tz}, 'YYYY-MM-DD"T"HH24:MI') as local, r.value::text as value, r.status, r.reasons
        from readings r join meters m on m.tenant_id = r.tenant_id and m.meter_id = r.meter_id
        where r.tenant_id = ${tenantId} and r.meter_id = any(${meterIds}::uuid[])
          and r.read_at >= coalesce((select max(p.read_at) from readings p where p.tenant_id = r.tenant_id and p.meter_id = r.meter_id and p.status = 'accepted'
            and p.read_at < (${bill.periodStart}::timestamp at time zone ${tz})), ${bill.periodStart}::timestamp at time zone ${tz})
          and r.read_at < (${bill.periodEnd}::timestamp at time zone ${tz})
        order by r.meter_id, r.read_at`.execute(db),
    ])
    for (const u of uses) usage.set(u.servicePointId, u.usageType)
    for (const r of readings.rows) {
      const l = timed.get(r.point) ?? []
      l.push({ local: r.local, meterId: r.meterId, value: r.value, status: r.status, reasons: r.reasons })
      timed.set(r.point, l)
    }
  }
  const input: ExplainPoint[] = points.map((p) => ({ ...p, usageType: usage.get(p.id) ?? 'residential', timed: timed.get(p.id) ?? [] }))
  const e: BillExplanation = explainBill({
    today: todayIn(tz, clock),
    bill: { periodStart: bill.periodStart, periodEnd: bill.periodEnd, charges: bill.charges },
    previousBills: previous,
    lines: bill.lines.map((l) => ({ lineNo: l.lineNo, servicePointId: l.servicePointId, kind: l.kind, line: l.line, method: l.method, volume: l.volume,
      amount: l.amount, trace: l.trace as Record<string, unknown> })),
    points: input,
  })
  const shown = lang ?? langOfLocale(locale)
  return { billId, lang: shown, ...e, ...wordExplanation(e, shown) }
}
