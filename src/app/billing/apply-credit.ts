// Credit applied to a new bill, regular or correction (issue 4 §3): when an account's balance is a
// credit (an overpayment), its payable is already reduced by the debt figure
// (compose-bills.ts); here the payments that left the credit are allocated
// to the new bill, so the bill is not shown as open, accrues no penalty and
// counts as paid for disconnection (all of which look at paid < amount_due).
// Only the unallocated rest of posted payments is used, up to the credit and
// the bill's amount due; a credit from a negative adjustment, with no payment
// behind it, stays on the balance and lowers the payable only.
import { sql } from 'kysely'
import type { Transaction } from 'kysely'
import type { DB } from '../../db/schema.ts'
import { dec } from '../../core/shared/decimal.ts'
import type { Fx } from '../../core/shared/decimal.ts'
import type { NewBill } from './compose-bills.ts'

export interface CreditAllocation { paymentId: string; billId: string; amount: string }

/** What the allocation needs of a bill: regular bills (compose-bills.ts) and correction bills alike. */
export type CreditedBill = Pick<NewBill, 'billId' | 'accountId' | 'debt' | 'charges' | 'rounding'>

export async function creditAllocations(trx: Transaction<DB>, tenantId: string, bills: CreditedBill[]): Promise<{ paid: Map<string, string>; rows: CreditAllocation[] }> {
  const paid = new Map<string, string>()
  const rows: CreditAllocation[] = []
  const withCredit = bills.filter((b) => dec(b.debt).lt(0) && dec(b.charges).plus(b.rounding).gt(0))
  if (!withCredit.length) return { paid, rows }
  const { rows: left } = await sql<{ paymentId: string; accountId: string; left: string }>`
    select p.payment_id, p.account_id, (p.amount - coalesce(sum(a.amount), 0))::text as left
    from payments p left join payment_allocations a on a.tenant_id = p.tenant_id and a.payment_id = p.payment_id
    where p.tenant_id = ${tenantId} and p.account_id = any(${withCredit.map((b) => b.accountId)}::uuid[]) and p.status = 'posted'
    group by p.tenant_id, p.payment_id
    having p.amount > coalesce(sum(a.amount), 0)
    order by p.account_id, p.paid_on, p.payment_id`.execute(trx)
  const byAccount = new Map<string, { paymentId: string; left: Fx }[]>()
  for (const r of left) { const l = byAccount.get(r.accountId) ?? []; l.push({ paymentId: r.paymentId, left: dec(r.left) }); byAccount.set(r.accountId, l) }
  for (const b of withCredit) {
    const due = dec(b.charges).plus(b.rounding)
    let want = dec(b.debt).neg()
    if (want.gt(due)) want = due
    let total = dec(0)
    for (const p of byAccount.get(b.accountId) ?? []) {
      if (want.lte(0)) break
      const part = p.left.lt(want) ? p.left : want
      if (part.lte(0)) continue
      rows.push({ paymentId: p.paymentId, billId: b.billId, amount: part.toFixed() })
      p.left = p.left.minus(part)
      want = want.minus(part)
      total = total.plus(part)
    }
    if (total.gt(0)) paid.set(b.billId, total.toFixed())
  }
  return { paid, rows }
}
