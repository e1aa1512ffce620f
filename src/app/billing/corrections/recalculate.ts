// Explicit recalculation of an earlier billed period, for accounting systems
// (portals.md: "issues corrections (recalculations) without rewriting
// history"): the period is re-settled with today's facts, tariffs and norms,
// compared with what was billed for it (its bill plus earlier adjustments),
// and the differences come back as adjustment lines with traces. A dry run
// stops there; otherwise a correction bill is issued (correction-bill.ts).
// Repeating it finds nothing left to correct: it issues no second bill.
import { fitToTenant } from '../../traces/market-citations.ts'
import { z } from 'zod'
import { money } from '../../../core/bill/money-policy.ts'
import { dec } from '../../../core/shared/decimal.ts'
import type { Db } from '../../../db/database.ts'
import { unprocessable } from '../../errors.ts'
import { accountRef } from '../../ledger/account-ref.ts'
import { todayIn, type Clock } from '../../clock.ts'
import { isoDate, uuid } from '../../schemas.ts'
import { inTransaction } from '../../transaction.ts'
import { billDto, billLineDto, getBill, tenantVolumeScale } from '../bills.ts'
import { scaleFor, shownVolume } from '../../calculations/shown-volumes.ts'
import type { ShownScale } from '../../calculations/shown-volumes.ts'
import { loadTenantData } from '../tenant-data.ts'
import { adjustmentsFor } from './adjustments.ts'
import { lookbackStart } from './candidates.ts'
import { issueCorrectionBill } from './correction-bill.ts'
import type { AdjustmentLine } from './diff-period.ts'
import { periodKey, recomputePeriods } from './recompute.ts'

export const recalculationInput = z.object({
  period: isoDate.describe('the first day of the billed period to recompute (its regular bill must exist)'),
  dryRun: z.boolean().default(false).describe('compute and return the differences only; nothing is issued or posted'),
}).strict().meta({ id: 'RecalculationInput' })

export const recalculationDto = z.object({
  accountId: uuid,
  periodStart: z.string(),
  periodEnd: z.string(),
  dryRun: z.boolean(),
  correctsBillId: uuid.describe('the regular bill of the period'),
  correctsBillNumber: z.string(),
  total: z.string().describe('Σ amounts of the adjustment lines: + the customer owes more, − less'),
  lines: z.array(billLineDto).describe('the adjustment lines: reversals of estimates and changed lines, recomputed lines, differences; empty when nothing changed'),
  bill: billDto.nullable().describe('the correction bill issued; null for a dry run or when nothing changed'),
}).meta({ id: 'Recalculation' })
export type RecalculationDto = z.infer<typeof recalculationDto>

export async function recalculate(db: Db, tenantId: string, accountId: string, input: z.input<typeof recalculationInput>, clock: Clock): Promise<RecalculationDto> {
  const { period, dryRun } = recalculationInput.parse(input)
  const account = await accountRef(db, tenantId, accountId)
  const original = await db.selectFrom('bills').select(['billId', 'number', 'periodStart', 'periodEnd']).where('tenantId', '=', tenantId)
    .where('accountId', '=', accountId).where('kind', '=', 'regular').where('periodStart', '=', period).executeTakeFirst()
  if (!original) throw unprocessable('period_not_billed', `the account has no bill for the period starting ${period}: a bill run bills it, a recalculation corrects it`,
    [{ path: 'body.period', message: 'no regular bill for this period' }])
  const today = todayIn(account.timeZone, clock)
  if (original.periodStart < lookbackStart(`${today.slice(0, 7)}-01`)) {
    throw unprocessable('period_too_old', `periods more than the limitation period back are not recalculated (from ${lookbackStart(`${today.slice(0, 7)}-01`)})`)
  }
  const t = await loadTenantData(db, tenantId)
  const s = (await recomputePeriods(db, t, [{ accountId, periodStart: original.periodStart, periodEnd: original.periodEnd }], today)).get(periodKey(accountId, original.periodStart))!
  if (s.errors.length) {
    throw unprocessable('recalculation_failed', `the period starting ${period} does not settle with today's facts; resolve these first`,
      s.errors.map((e) => ({ path: `servicePoint.${e.servicePointId}`, message: `${e.code}: ${e.message}` })))
  }
  return inTransaction(db, async (trx) => {
    const reason = `recalculation requested on ${today}`
    const adj = (await adjustmentsFor(trx, tenantId, [{ accountId, periodStart: original.periodStart, lines: s.lines, reason }], t.money)).get(accountId) ?? []
    const shown = await tenantVolumeScale(trx, tenantId, adj.map((l) => (l.trace.inputs as Record<string, unknown> | undefined)?.['meterId']))
    const lines = fitToTenant(adj.map((l, i) => lineDto(l, i, shown)), t.locale)
    const sum = adj.reduce((acc, l) => acc.plus(l.amount), dec(0))
    const out: RecalculationDto = { accountId, periodStart: original.periodStart, periodEnd: original.periodEnd, dryRun, correctsBillId: original.billId,
      correctsBillNumber: original.number, total: money(t.money, sum), lines, bill: null }
    if (dryRun || !adj.length) return out
    const billId = await issueCorrectionBill(trx, { tenantId, accountId, corrects: original, issuedOn: today, currency: t.currency, money: t.money, lines: adj })
    const { lines: _l, ...bill } = await getBill(trx, tenantId, billId)
    return { ...out, bill }
  })
}

/** A line as clients see it: the volume at the tenant's scale, the exact one in the trace (issue 9 §3), as getBill shows it. */
function lineDto(l: AdjustmentLine, i: number, shown: ShownScale): z.infer<typeof billLineDto> {
  const trace = l.trace as z.infer<typeof billLineDto>['trace']
  const v = l.volume === null ? { volume: null, trace } : shownVolume(l.volume, trace, scaleFor(shown, l.method, trace.inputs['meterId']))
  return { lineNo: i + 1, servicePointId: l.servicePointId, service: l.service, kind: 'adjustment', line: l.line, method: l.method,
    intervalFrom: l.interval.from, intervalTo: l.interval.to, volume: v.volume, rate: l.rate, amount: l.amount, correctsPeriodStart: l.correctsPeriodStart,
    trace: v.trace }
}
