// Balances as of now for an accounting ledger: every account (closed ones
// too: they may still owe) with its materialized balance, account number and
// customer, in account-number order. An account with no ledger entry yet is
// settled ('0').
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { Column, Dataset, ExportRow, ExportTenant } from './dataset.ts'
import type { ExportFilter } from './export-query.ts'
import { keysetBatches } from './keyset.ts'

const columns: Column[] = [
  { key: 'accountNumber', header: 'Account number', kind: 'text', width: 16 },
  { key: 'customer', header: 'Customer', kind: 'text', width: 32 },
  { key: 'balance', header: 'Balance: debt (+) / credit (−)', kind: 'money', width: 16 },
  { key: 'position', header: 'Position', kind: 'text', width: 9 },
  { key: 'currency', header: 'Currency', kind: 'text', width: 9 },
  { key: 'lastBillNumber', header: 'Last bill number', kind: 'text', width: 14 },
  { key: 'closedOn', header: 'Account closed on', kind: 'date', width: 12 },
  { key: 'updatedAt', header: 'Balance updated at (UTC)', kind: 'timestamp', width: 20 },
  { key: 'accountId', header: 'Account id', kind: 'text', width: 38 },
]

function page(db: Db, tenantId: string, f: ExportFilter, after: string | undefined, limit: number) {
  return db.selectFrom('accounts as a')
    .innerJoin('customers as c', (j) => j.onRef('c.tenantId', '=', 'a.tenantId').onRef('c.customerId', '=', 'a.customerId'))
    .leftJoin('accountBalances as ab', (j) => j.onRef('ab.tenantId', '=', 'a.tenantId').onRef('ab.accountId', '=', 'a.accountId'))
    .leftJoin('bills as lb', (j) => j.onRef('lb.tenantId', '=', 'ab.tenantId').onRef('lb.billId', '=', 'ab.lastBillId'))
    .select(['a.number as accountNumber', sql<string>`concat_ws(' ', c.name, c.surname)`.as('customer'),
      sql<string>`coalesce(ab.balance::text, '0')`.as('balance'),
      sql<string>`case when ab.balance > 0 then 'debt' when ab.balance < 0 then 'credit' else 'settled' end`.as('position'),
      'lb.number as lastBillNumber', 'a.closedOn', 'ab.updatedAt', 'a.accountId'])
    .where('a.tenantId', '=', tenantId)
    .$if(after !== undefined, (q) => q.where('a.number', '>', after!))
    .$if(!!f.accountId, (q) => q.where('a.accountId', '=', f.accountId!))
    .orderBy('a.number').limit(limit).execute()
}

export const balancesExport: Dataset<ExportFilter> = {
  name: 'balances',
  columns,
  async *batches(db: Db, tenant: ExportTenant, f: ExportFilter) {
    for await (const batch of keysetBatches((after: string | undefined, limit) => page(db, tenant.tenantId, f, after, limit), (r) => r.accountNumber)) {
      yield batch.map((r): ExportRow => ({ ...r, currency: tenant.currency, updatedAt: r.updatedAt?.toISOString() ?? null }))
    }
  },
}
