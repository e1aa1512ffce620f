// Reading issued bills: a page of bills, and one bill with its lines and
// their traces. Nothing here writes: an issued bill never changes (issue 4 §2).
import { fitToTenant } from '../traces/market-citations.ts'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { notFound } from '../errors.ts'
import { decodeCursor, pageFrom } from '../pagination.ts'
import { isoDate, pageQuery, uuid } from '../schemas.ts'
import { volumeRoundingDto } from '../calculations/calculation-output.ts'
import { scaleFor, shownScaleOf, shownVolume } from '../calculations/shown-volumes.ts'
import type { ShownScale } from '../calculations/shown-volumes.ts'

export const billFilters = pageQuery.extend({
  accountId: uuid.optional(),
  period: isoDate.optional().describe('the first day of the billing period'),
  billRunId: uuid.optional(),
})

const traceDto = z.object({
  rule: z.string(), inputs: z.record(z.string(), z.unknown()), formula: z.string(), notes: z.array(z.string()).optional(),
  volumeRounding: volumeRoundingDto.optional(),
}).loose().describe('how the line was computed: the rule that fired, every input, the formula with the numbers put in')

export const billLineDto = z.object({
  lineNo: z.number().int(), servicePointId: uuid.nullable(), service: z.string(), kind: z.string(), line: z.string(), method: z.string().nullable(),
  intervalFrom: z.string(), intervalTo: z.string(),
  volume: z.string().nullable().describe('m³ (water), kWh or MWh (energy: trace.inputs.unit) or pickups (waste) at the tenant\'s scale (policy volumePlaces, default 6, half-up); the line was priced from the exact volume, in the trace\'s volumeRounding'), rate: z.string().nullable(), amount: z.string(),
  correctsPeriodStart: z.string().nullable(), trace: traceDto,
}).meta({ id: 'BillLine' })

export const billDto = z.object({
  id: uuid, accountId: uuid, kind: z.string(), number: z.string().describe('gapless per tenant'), periodStart: z.string(), periodEnd: z.string(),
  issuedOn: z.string(), dueOn: z.string(), currency: z.string(),
  charges: z.string(), rounding: z.string(), debt: z.string().describe('balance before this bill: debt (+) or credit (−)'),
  payable: z.string(), carry: z.string().describe('remainder of the payable rounding, left in the balance'), paid: z.string(),
  billRunId: uuid.nullable(), correctsBillId: uuid.nullable().describe('correction bills: the regular bill of the period they correct'), createdAt: z.string(),
}).meta({ id: 'Bill' })
export const billWithLinesDto = billDto.extend({ lines: z.array(billLineDto) }).meta({ id: 'BillWithLines' })

type BillRow = { billId: string; accountId: string; kind: string; number: string; periodStart: string; periodEnd: string; issuedOn: string; dueOn: string;
  currency: string; charges: string; rounding: string; debt: string; payable: string; carry: string; paid: string; billRunId: string | null; correctsBillId: string | null; createdAt: Date }

const toDto = (b: BillRow): z.infer<typeof billDto> => ({
  id: b.billId, accountId: b.accountId, kind: b.kind, number: b.number, periodStart: b.periodStart, periodEnd: b.periodEnd, issuedOn: b.issuedOn,
  dueOn: b.dueOn, currency: b.currency.trim(), charges: b.charges, rounding: b.rounding, debt: b.debt, payable: b.payable, carry: b.carry, paid: b.paid,
  billRunId: b.billRunId, correctsBillId: b.correctsBillId, createdAt: b.createdAt.toISOString(),
})

/** `within`: only these accounts' bills (a customer's, issue 10 §4); undefined: the whole tenant. */
export async function listBills(db: Db, tenantId: string, f: z.output<typeof billFilters>, within?: readonly string[]) {
  const after = decodeCursor(f.cursor)
  if (within && within.length === 0) return { items: [], nextCursor: null }
  const rows = await db.selectFrom('bills').selectAll().where('tenantId', '=', tenantId)
    .$if(!!within, (q) => q.where('accountId', 'in', within!))
    .$if(!!after, (q) => q.where('billId', '>', after!))
    .$if(!!f.accountId, (q) => q.where('accountId', '=', f.accountId!))
    .$if(!!f.period, (q) => q.where('periodStart', '=', f.period!))
    .$if(!!f.billRunId, (q) => q.where('billRunId', '=', f.billRunId!))
    .orderBy('billId').limit(f.limit + 1).execute()
  return pageFrom(rows as BillRow[], f.limit, (r) => r.billId, toDto)
}

/** An account's newest bills, newest period first (a customer's home screen: `me { accounts { bills(last) } }`). */
export async function lastBills(db: Db, tenantId: string, accountId: string, last: number): Promise<z.infer<typeof billDto>[]> {
  const rows = await db.selectFrom('bills').selectAll().where('tenantId', '=', tenantId).where('accountId', '=', accountId)
    .orderBy('periodStart', 'desc').orderBy('issuedOn', 'desc').orderBy('billId', 'desc').limit(last).execute()
  return (rows as BillRow[]).map(toDto)
}

export async function getBill(db: Db, tenantId: string, id: string): Promise<z.infer<typeof billWithLinesDto>> {
  const b = await db.selectFrom('bills').selectAll().where('tenantId', '=', tenantId).where('billId', '=', id).executeTakeFirst()
  if (!b) throw notFound('bill')
  const [lines, { locale }] = await Promise.all([
    db.selectFrom('billLines').selectAll().where('tenantId', '=', tenantId).where('billId', '=', id).orderBy('lineNo').execute(),
    db.selectFrom('tenants').select('locale').where('tenantId', '=', tenantId).executeTakeFirstOrThrow(),
  ])
  const shown = await tenantVolumeScale(db, tenantId, lines.map((l) => (l.trace as Trace).inputs?.['meterId']))
  return { ...toDto(b as BillRow), lines: lines.map((l) => {
    // issue 9 §3: the stored volume is exact (it priced the line); the client gets it at the tenant's scale
    const trace = l.trace as Trace
    const v = l.volume === null ? { volume: null, trace } : shownVolume(l.volume, trace, scaleFor(shown, l.method, trace.inputs?.['meterId']))
    return {
      lineNo: l.lineNo, servicePointId: l.servicePointId, service: l.service, kind: l.kind, line: l.line, method: l.method,
      intervalFrom: l.intervalFrom, intervalTo: l.intervalTo, volume: v.volume, rate: l.rate, amount: l.amount,
      correctsPeriodStart: l.correctsPeriodStart, trace: fitToTenant(v.trace, locale),
    }
  }) }
}

type Trace = z.infer<typeof traceDto>

/** The tenant's volume scale (policy volumePlaces / volumeRounding; meters' decimals when volumePlacesOfMeter). */
export async function tenantVolumeScale(db: Db, tenantId: string, meterIds: unknown[] = []): Promise<ShownScale> {
  const t = await db.selectFrom('tenants').select('policy').where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
  const policy = (t.policy ?? {}) as Record<string, unknown>
  const ids = [...new Set(meterIds.filter((m): m is string => typeof m === 'string' && UUID.test(m)))]
  if (policy['volumePlacesOfMeter'] !== true || ids.length === 0) return shownScaleOf(policy)
  const meters = await db.selectFrom('meters').select(['meterId', 'decimals']).where('tenantId', '=', tenantId).where('meterId', 'in', ids).execute()
  const places = new Map(meters.map((m) => [m.meterId, m.decimals]))
  return shownScaleOf(policy, (meterId) => places.get(meterId))
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
