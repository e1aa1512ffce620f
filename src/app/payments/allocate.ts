// Which bills a payment pays (issue 4 §3): a named bill first, up to what is
// open on it; otherwise the oldest open bills (by issue date, then number).
// What is left stays unallocated: it is credit on the ledger (a negative
// balance). Pure: the caller passes the open amounts and applies the result.
import { dec } from '../../core/shared/decimal.ts'
import type { Fx } from '../../core/shared/decimal.ts'

export interface OpenBill { billId: string; open: Fx }

export function allocate(amount: string, openBills: OpenBill[], billId?: string | null): { billId: string; amount: Fx }[] {
  let left = dec(amount)
  const out: { billId: string; amount: Fx }[] = []
  const targets = billId ? openBills.filter((b) => b.billId === billId) : openBills
  for (const bill of targets) {
    if (left.lte(0)) break
    if (bill.open.lte(0)) continue
    const part = bill.open.lt(left) ? bill.open : left
    bill.open = bill.open.minus(part)
    left = left.minus(part)
    out.push({ billId: bill.billId, amount: part })
  }
  return out
}
