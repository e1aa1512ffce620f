// The one way money enters the ledger: entries are inserted and each
// account's materialized balance moves by their sum, in the caller's
// transaction, so the balance always equals the sum of the entries.
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import { inTransaction } from '../transaction.ts'
import { copyRows } from '../../db/copy-rows.ts'
import { rawClientOf } from '../../db/raw-client.ts'

export type LedgerKind = 'charge' | 'payment' | 'adjustment' | 'penalty' | 'payment_reversal'

export interface LedgerEntryInput {
  accountId: string
  kind: LedgerKind
  /** decimal string: positive = the customer owes more, negative = owes less */
  amount: string
  bookedOn: string
  description: string
  billId?: string | null
  paymentId?: string | null
}

const CHUNK = 5_000
const COPY_FROM = 50
const ENTRY_COLUMNS = ['tenant_id', 'account_id', 'kind', 'amount', 'booked_on', 'description', 'bill_id', 'payment_id']

export async function postEntries(db: Db, tenantId: string, entries: LedgerEntryInput[], lastBillByAccount?: Map<string, string>): Promise<void> {
  if (entries.length === 0) return
  await inTransaction(db, async (trx) => {
    // Many entries (a bill-run chunk's charges) go by COPY when the transaction's pg client is reachable
    // (raw-client.ts): no parse and bind of eight parameters an entry (issue 13).
    const client = entries.length >= COPY_FROM ? await rawClientOf(trx) : undefined
    if (client) {
      await copyRows(client, 'ledger_entries', ENTRY_COLUMNS, entries.map((e) => [tenantId, e.accountId, e.kind, e.amount, e.bookedOn, e.description,
        e.billId ?? null, e.paymentId ?? null]))
    } else {
      for (let i = 0; i < entries.length; i += CHUNK) {
        const part = entries.slice(i, i + CHUNK)
        await trx.insertInto('ledgerEntries').values(part.map((e) => ({
          tenantId, accountId: e.accountId, kind: e.kind, amount: e.amount, bookedOn: e.bookedOn,
          description: e.description, billId: e.billId ?? null, paymentId: e.paymentId ?? null,
        }))).execute()
      }
    }
    // One upsert per call: the sums per account are computed by Postgres with exact numeric.
    const accounts = entries.map((e) => e.accountId)
    const amounts = entries.map((e) => e.amount)
    const bills = accounts.map((a) => lastBillByAccount?.get(a) ?? null)
    await sql`
      insert into account_balances (tenant_id, account_id, balance, last_bill_id, updated_at)
      select ${tenantId}::uuid, a.account_id, sum(a.amount), (array_agg(a.bill_id) filter (where a.bill_id is not null))[1], now()
      from unnest(${accounts}::uuid[], ${amounts}::numeric[], ${bills}::uuid[]) as a(account_id, amount, bill_id)
      group by a.account_id
      on conflict (tenant_id, account_id) do update
        set balance = account_balances.balance + excluded.balance,
            last_bill_id = coalesce(excluded.last_bill_id, account_balances.last_bill_id),
            updated_at = now()`.execute(trx)
  })
}
