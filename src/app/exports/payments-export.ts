// Payments for an accounting ledger: one row per payment (reversed ones too,
// with their status), in payment-id (posting) order. Filters: a billing
// period or a range of payment dates, an account.
import type { Db } from '../../db/database.ts'
import type { Column, Dataset, ExportRow, ExportTenant } from './dataset.ts'
import type { ExportFilter } from './export-query.ts'
import { keysetBatches } from './keyset.ts'
import { addDays } from '../../core/shared/dates.ts'
import { addMonths } from '../billing/bill-runs.ts'

const columns: Column[] = [
  { key: 'paidOn', header: 'Paid on', kind: 'date', width: 12 },
  { key: 'externalId', header: 'External id', kind: 'text', width: 24 },
  { key: 'accountNumber', header: 'Account number', kind: 'text', width: 16 },
  { key: 'amount', header: 'Amount', kind: 'money', width: 14 },
  { key: 'currency', header: 'Currency', kind: 'text', width: 9 },
  { key: 'source', header: 'Source', kind: 'text', width: 11 },
  { key: 'status', header: 'Status', kind: 'text', width: 9 },
  { key: 'reversedAt', header: 'Reversed at (UTC)', kind: 'timestamp', width: 20 },
  { key: 'reversalReason', header: 'Reversal reason', kind: 'text', width: 24 },
  { key: 'billNumber', header: 'For bill number', kind: 'text', width: 14 },
  { key: 'paymentId', header: 'Payment id', kind: 'text', width: 38 },
  { key: 'accountId', header: 'Account id', kind: 'text', width: 38 },
  { key: 'createdAt', header: 'Posted at (UTC)', kind: 'timestamp', width: 20 },
  // paid by a combined invoice's OCR reference (Sweden, issue 12 §1): allocated across its accounts
  { key: 'invoiceNumber', header: 'Invoice number', kind: 'text', width: 12 },
  { key: 'invoiceOcr', header: 'Invoice OCR', kind: 'text', width: 14 },
]

/** paid_on from..to, both included; a period ends where a bill run of it ends (start + the tenant's period length). */
function dateBounds(f: ExportFilter, periodMonths: number): { from?: string | undefined; before?: string | undefined } {
  if (f.period) return { from: f.period, before: addMonths(f.period, periodMonths) }
  return { from: f.from, before: f.to ? addDays(f.to, 1) : undefined }
}

async function page(db: Db, tenant: ExportTenant, f: ExportFilter, after: string | undefined, limit: number) {
  const { from, before } = dateBounds(f, tenant.billingPeriodMonths)
  return db.selectFrom('payments as p')
    .innerJoin('accounts as a', (j) => j.onRef('a.tenantId', '=', 'p.tenantId').onRef('a.accountId', '=', 'p.accountId'))
    .leftJoin('bills as b', (j) => j.onRef('b.tenantId', '=', 'p.tenantId').onRef('b.billId', '=', 'p.billId'))
    .leftJoin('invoices as i', (j) => j.onRef('i.tenantId', '=', 'p.tenantId').onRef('i.invoiceId', '=', 'p.invoiceId'))
    .select(['i.number as invoiceNumber', 'i.ocr as invoiceOcr'])
    .select(['p.paidOn', 'p.externalId', 'a.number as accountNumber', 'p.amount', 'p.currency', 'p.source', 'p.status', 'p.reversedAt',
      'p.reversalReason', 'b.number as billNumber', 'p.paymentId', 'p.accountId', 'p.createdAt'])
    .where('p.tenantId', '=', tenant.tenantId)
    .$if(after !== undefined, (q) => q.where('p.paymentId', '>', after!))
    .$if(!!from, (q) => q.where('p.paidOn', '>=', from!))
    .$if(!!before, (q) => q.where('p.paidOn', '<', before!))
    .$if(!!f.accountId, (q) => q.where('p.accountId', '=', f.accountId!))
    .orderBy('p.paymentId').limit(limit).execute()
}

export const paymentsExport: Dataset<ExportFilter> = {
  name: 'payments',
  columns,
  async *batches(db: Db, tenant: ExportTenant, f: ExportFilter) {
    for await (const batch of keysetBatches((after: string | undefined, limit) => page(db, tenant, f, after, limit), (r) => r.paymentId)) {
      yield batch.map((r): ExportRow => ({ ...r, currency: r.currency.trim(), reversedAt: r.reversedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() }))
    }
  },
}
