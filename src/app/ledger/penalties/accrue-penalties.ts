// Posting the penalty accrued on an account up to a day (conventions.md,
// Housing Code art. 155 §14): each bill's unpaid amount from its due date,
// reduced by its allocated payments from their dates, computed by the pure
// core; the ledger gets a `penalty` entry for what was not posted before.
// Idempotent per (account, asOf): a repeat returns the stored accrual.
import { sql } from 'kysely'
import { z } from 'zod'
import { dec } from '../../../core/shared/decimal.ts'
import { moneyText } from '../money-text.ts'
import { accountPenalty } from '../../../core/penalty/account-penalty.ts'
import type { Debt } from '../../../core/penalty/debt-penalty.ts'
import { PenaltyTermsError } from '../../../core/penalty/terms.ts'
import type { Db } from '../../../db/database.ts'
import { notFound, unprocessable } from '../../errors.ts'
import { isoDate } from '../../schemas.ts'
import { inTransaction } from '../../transaction.ts'
import { postEntries } from '../post-entries.ts'
import { coreTerms, getPenaltyTerms } from './penalty-terms.ts'

export const accrueInput = z.object({ asOf: isoDate.describe('accrue through this day, included') }).strict().meta({ id: 'PenaltyAccrualInput' })

export const accrualDto = z.object({
  accountId: z.uuid(), asOf: z.string(),
  total: z.string().describe('the penalty accrued through asOf on the current debts'),
  posted: z.string().describe('what this accrual added to the ledger (total less earlier accruals, never negative)'),
  debts: z.array(z.unknown()).describe('per bill: the penalty and its day segments (days, debt, rate, divisor, amount)'),
}).meta({ id: 'PenaltyAccrual' })
export type AccrualDto = z.infer<typeof accrualDto>

async function debtsOf(db: Db, tenantId: string, accountId: string, asOf: string): Promise<Debt[]> {
  const bills = await db.selectFrom('bills').select(['billId', 'amountDue', 'dueOn']).where('tenantId', '=', tenantId)
    .where('accountId', '=', accountId).where('dueOn', '<', asOf).where('amountDue', '>', sql<string>`0`).orderBy('issuedOn').orderBy('number').execute()
  if (bills.length === 0) return []
  const paid = await db.selectFrom('paymentAllocations as pa').innerJoin('payments as p', (j) => j.onRef('p.tenantId', '=', 'pa.tenantId').onRef('p.paymentId', '=', 'pa.paymentId'))
    .select(['pa.billId', 'pa.amount', 'p.paidOn']).where('pa.tenantId', '=', tenantId).where('p.accountId', '=', accountId)
    .where('p.status', '=', 'posted').where('p.paidOn', '<=', asOf).execute()
  return bills.map((b) => ({ id: b.billId, amount: b.amountDue, dueOn: b.dueOn,
    payments: paid.filter((p) => p.billId === b.billId).map((p) => ({ on: p.paidOn, amount: p.amount })) }))
}

export async function accruePenalties(db: Db, tenantId: string, accountId: string, asOf: string): Promise<AccrualDto> {
  const settings = await getPenaltyTerms(db, tenantId)
  if (!settings.enabled) throw unprocessable('penalties_disabled', 'penalties are off for this tenant (PUT /v1/penalty-terms enables them)')
  return inTransaction(db, async (trx) => {
    // The account row lock serializes accruals of one account.
    const account = await trx.selectFrom('accounts as a').innerJoin('tenants as t', 't.tenantId', 'a.tenantId').select(['a.accountId', 't.minorUnits'])
      .where('a.tenantId', '=', tenantId).where('a.accountId', '=', accountId).forUpdate('a').executeTakeFirst()
    if (!account) throw notFound('account')
    const stored = await trx.selectFrom('penaltyAccruals').selectAll().where('tenantId', '=', tenantId).where('accountId', '=', accountId)
      .where('asOf', '=', asOf).executeTakeFirst()
    if (stored) return { accountId, asOf, total: stored.total, posted: stored.posted, debts: (stored.result as { debts: unknown[] }).debts }
    let result
    try {
      result = accountPenalty(await debtsOf(trx, tenantId, accountId, asOf), coreTerms(settings, account.minorUnits), asOf)
    } catch (err) {
      if (err instanceof PenaltyTermsError) throw unprocessable(err.code, err.message)
      throw err
    }
    const before = await trx.selectFrom('penaltyAccruals').select((eb) => eb.fn.coalesce(eb.fn.sum<string>('posted'), eb.val('0')).as('sum'))
      .where('tenantId', '=', tenantId).where('accountId', '=', accountId).executeTakeFirstOrThrow()
    const delta = dec(result.total).minus(before.sum)
    const posted = moneyText(delta.gt(0) ? delta : '0', account.minorUnits)
    await trx.insertInto('penaltyAccruals').values({ tenantId, accountId, asOf, total: result.total, posted, result: JSON.stringify({ debts: result.debts }) }).execute()
    if (delta.gt(0)) await postEntries(trx, tenantId, [{ accountId, kind: 'penalty', amount: posted, bookedOn: asOf, description: `penalty accrued through ${asOf}` }])
    return { accountId, asOf, total: result.total, posted, debts: result.debts }
  })
}
