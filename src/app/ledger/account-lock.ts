// The writers of an account's money take turns: a bill-run chunk, a
// correction, a payment and a reversal each lock the accounts they touch
// (row locks, in id order, so they queue instead of deadlocking) before they
// read what the account owes. Without it, a payment committed while a chunk
// wrote its bills found no open bill, and the chunk had read the balance
// before the payment: the bill stayed open with the money sitting on the
// account as credit (issue 9 §6). FOR NO KEY UPDATE does not block the
// foreign-key checks (KEY SHARE) of rows that merely reference the account.
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'

/** Row locks on the accounts, in id order; returns the ids that exist. */
export async function lockAccounts(db: Db, tenantId: string, accountIds: string[]): Promise<string[]> {
  if (!accountIds.length) return []
  const { rows } = await sql<{ accountId: string }>`
    select account_id from accounts where tenant_id = ${tenantId} and account_id = any(${accountIds}::uuid[])
    order by account_id for no key update`.execute(db)
  return rows.map((r) => r.accountId)
}
