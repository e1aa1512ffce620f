// Payment rows → API shape, with their allocations read in one query.
import { dec } from '../../core/shared/decimal.ts'
import type { Db } from '../../db/database.ts'
import type { Selectable } from 'kysely'
import type { PaymentsTable } from '../../db/schema.ts'
import type { PaymentDto } from './payment-input.ts'

export type PaymentRow = Selectable<PaymentsTable>

export async function toPaymentDtos(db: Db, tenantId: string, rows: PaymentRow[]): Promise<PaymentDto[]> {
  if (rows.length === 0) return []
  const allocations = await db.selectFrom('paymentAllocations').select(['paymentId', 'billId', 'amount'])
    .where('tenantId', '=', tenantId).where('paymentId', 'in', rows.map((r) => r.paymentId)).orderBy('paymentId').orderBy('billId').execute()
  const byPayment = new Map<string, { billId: string; amount: string }[]>()
  for (const a of allocations) byPayment.set(a.paymentId, [...(byPayment.get(a.paymentId) ?? []), { billId: a.billId, amount: a.amount }])
  return rows.map((r) => {
    const allocs = byPayment.get(r.paymentId) ?? []
    const unallocated = allocs.reduce((s, a) => s.minus(a.amount), dec(r.amount))
    return { id: r.paymentId, externalId: r.externalId, accountId: r.accountId, amount: r.amount, currency: r.currency, paidOn: r.paidOn,
      source: r.source, billId: r.billId, invoiceId: r.invoiceId ?? null, status: r.status, reversedAt: r.reversedAt?.toISOString() ?? null, reversalReason: r.reversalReason,
      createdAt: r.createdAt.toISOString(), allocations: allocs, unallocated: unallocated.toFixed() }
  })
}
