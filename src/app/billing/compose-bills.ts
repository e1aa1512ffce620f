// One bill per account from its settled points: charges summed over the
// points, then the payable rounding of the money policy over the whole bill
// with the account's balance as debt (seed 002 items 26, 27, 30). The
// balance already holds any earlier rounding remainder, so previous carry is 0.
// Adjustments of earlier periods (corrections/) are part of the bill's
// charges; the ledger gets them as a separate `adjustment` entry.
import { v7 as uuidv7 } from 'uuid'
import { money, roundPayable } from '../../core/bill/money-policy.ts'
import type { MoneyPolicy } from '../../core/bill/money-policy.ts'
import { dec } from '../../core/shared/decimal.ts'
import { addDays } from '../../core/shared/dates.ts'
import type { AccountSettlement, BillLineOut } from './settle-accounts.ts'
import type { AdjustmentLine } from './corrections/diff-period.ts'

export interface NewBill {
  billId: string
  accountId: string
  /** the period's own charges plus the adjustments */
  charges: string
  /** the period's own charges (the ledger's `charge` entry) */
  ownCharges: string
  /** Σ adjustment lines (the ledger's `adjustment` entry) */
  adjustmentTotal: string
  adjustments: AdjustmentLine[]
  rounding: string
  carry: string
  debt: string
  payable: string
  lines: BillLineOut[]
}

export function composeBills(accounts: AccountSettlement[], balances: Map<string, string>, mp: MoneyPolicy, adjustments?: Map<string, AdjustmentLine[]>): NewBill[] {
  return accounts.map((a) => {
    const adj = adjustments?.get(a.accountId) ?? []
    let adjTotal = dec(0)
    for (const l of adj) adjTotal = adjTotal.plus(l.amount)
    const charges = adj.length ? a.charges.plus(adjTotal) : a.charges
    const debt = dec(balances.get(a.accountId) ?? 0)
    const r = roundPayable(mp, charges, dec(0), debt)
    return {
      billId: uuidv7(), accountId: a.accountId, charges: money(mp, charges), ownCharges: money(mp, a.charges), adjustmentTotal: money(mp, adjTotal),
      adjustments: adj, rounding: money(mp, r.carry.times(-1)), carry: money(mp, r.carry), debt: money(mp, debt), payable: money(mp, r.payable), lines: a.lines,
    }
  })
}

/** conventions.md: payment is due the 15th of the month after the billing period — and never sooner than 10 days after issue. */
export function dueDate(periodEnd: string, issuedOn: string): string {
  const fifteenth = addDays(periodEnd, 14)
  const earliest = addDays(issuedOn, 10)
  return fifteenth > earliest ? fifteenth : earliest
}
