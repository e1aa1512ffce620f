// Gapless bill numbers per tenant (issue 4 §2). A chunk takes its whole batch
// with one `update … set next_number = next_number + n` inside the chunk's
// own transaction, right before it inserts the bills:
// - the counter row stays locked until that transaction ends, so no other
//   chunk can take numbers in between;
// - if the transaction rolls back (an error, a killed worker, a killed
//   Postgres), the increment rolls back with the bills, and the next chunk
//   reuses the same numbers;
// - if it commits, all n bills commit with it (the writer checks that every
//   one of the n rows was inserted before it lets the transaction commit).
// So every committed number belongs to a committed bill: no gap, no reuse.
// The lock is held only from the bills insert to the commit: write-bills.ts
// writes lines and ledger entries first (their bill references deferred).
import { sql } from 'kysely'
import type { Transaction } from 'kysely'
import type { DB } from '../../db/schema.ts'

export const BILL_SERIES = 'bill'

/** The first of n consecutive numbers, taken in the caller's transaction. */
export async function takeNumbers(trx: Transaction<DB>, tenantId: string, n: number, series = BILL_SERIES): Promise<bigint> {
  const { rows } = await sql<{ first: string }>`
    insert into bill_number_counters (tenant_id, series, next_number) values (${tenantId}, ${series}, ${1 + n})
    on conflict (tenant_id, series) do update set next_number = bill_number_counters.next_number + ${n}
    returning (next_number - ${n})::text as first`.execute(trx)
  return BigInt(rows[0]!.first)
}

export function formatNumber(n: bigint): string {
  return n.toString().padStart(8, '0')
}
