// Reversing a payment (a bank recall, a mistaken posting): a positive
// `payment_reversal` entry, the bills it paid reopened (bills.paid decreased),
// status reversed. History is never rewritten: the payment, its allocations
// and its entry stay; a second reversal is refused.
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import { AppError, notFound } from '../errors.ts'
import { postEntries } from '../ledger/post-entries.ts'
import { todayIn, type Clock } from '../clock.ts'
import { inTransaction } from '../transaction.ts'
import { lockAccounts } from '../ledger/account-lock.ts'
import { toPaymentDtos } from './payment-dto.ts'
import type { PaymentDto } from './payment-input.ts'
import { emitEvents } from '../events/events.ts'

export async function reversePayment(db: Db, tenantId: string, paymentId: string, input: { reason: string; reversedOn?: string | undefined }, clock: Clock): Promise<PaymentDto> {
  return inTransaction(db, async (trx) => {
    const payment = await trx.selectFrom('payments').selectAll().where('tenantId', '=', tenantId).where('paymentId', '=', paymentId)
      .forUpdate().executeTakeFirst()
    if (!payment) throw notFound('payment')
    if (payment.status === 'reversed') throw new AppError('payment_already_reversed', 409, 'the payment was reversed before')
    // a payment by an invoice's OCR reference was booked on each of its accounts (post-payments.ts): each is reversed on its own
    const booked = await trx.selectFrom('ledgerEntries').select(['accountId', sql<string>`sum(amount)::text`.as('amount')])
      .where('tenantId', '=', tenantId).where('paymentId', '=', paymentId).where('kind', '=', 'payment').groupBy('accountId').orderBy('accountId').execute()
    const shares = booked.length ? booked.map((e) => ({ accountId: e.accountId, amount: e.amount.startsWith('-') ? e.amount.slice(1) : `-${e.amount}` }))
      : [{ accountId: payment.accountId, amount: payment.amount }]
    await lockAccounts(trx, tenantId, shares.map((x) => x.accountId))
    const allocations = await trx.selectFrom('paymentAllocations').select(['billId', 'amount'])
      .where('tenantId', '=', tenantId).where('paymentId', '=', paymentId).execute()
    if (allocations.length > 0) {
      await sql`update bills set paid = bills.paid - v.amount
        from unnest(${allocations.map((a) => a.billId)}::uuid[], ${allocations.map((a) => a.amount)}::numeric[]) as v(bill_id, amount)
        where bills.tenant_id = ${tenantId} and bills.bill_id = v.bill_id`.execute(trx)
    }
    const tenant = await trx.selectFrom('tenants').select('timeZone').where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
    const updated = await trx.updateTable('payments').set({ status: 'reversed', reversedAt: sql<Date>`now()`, reversalReason: input.reason })
      .where('tenantId', '=', tenantId).where('paymentId', '=', paymentId).returningAll().executeTakeFirstOrThrow()
    const reversedOn = input.reversedOn ?? todayIn(tenant.timeZone, clock)
    await postEntries(trx, tenantId, shares.map((x) => ({ accountId: x.accountId, kind: 'payment_reversal' as const, amount: x.amount,
      bookedOn: reversedOn, description: `payment reversed: ${input.reason}`, paymentId })))
    await emitEvents(trx, tenantId, [{ type: 'payment.reversed', objectType: 'payment', objectId: paymentId, data: {
      paymentId, accountId: payment.accountId, externalId: payment.externalId, amount: payment.amount, currency: payment.currency, reversedOn, reason: input.reason,
      reopenedBills: allocations.map((a) => ({ billId: a.billId, amount: a.amount })) } }])
    return (await toPaymentDtos(trx, tenantId, [updated]))[0]!
  })
}
