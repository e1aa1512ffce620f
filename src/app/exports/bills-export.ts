// Bills for an accounting ledger: one row per bill with its money columns as
// stored, in bill-id (creation) order. Filters: period, issue dates, account, bill run.
import type { Db } from '../../db/database.ts'
import type { Column, Dataset, ExportRow, ExportTenant } from './dataset.ts'
import type { ExportFilter } from './export-query.ts'
import { keysetBatches } from './keyset.ts'

const columns: Column[] = [
  { key: 'number', header: 'Bill number', kind: 'text', width: 14 },
  { key: 'kind', header: 'Kind', kind: 'text', width: 11 },
  { key: 'accountNumber', header: 'Account number', kind: 'text', width: 16 },
  { key: 'periodStart', header: 'Period start', kind: 'date', width: 12 },
  { key: 'periodEnd', header: 'Period end (excl.)', kind: 'date', width: 12 },
  { key: 'issuedOn', header: 'Issued on', kind: 'date', width: 12 },
  { key: 'dueOn', header: 'Due on', kind: 'date', width: 12 },
  { key: 'currency', header: 'Currency', kind: 'text', width: 9 },
  { key: 'charges', header: 'Charges', kind: 'money', width: 14 },
  { key: 'rounding', header: 'Rounding', kind: 'money', width: 11 },
  { key: 'amountDue', header: 'Amount due', kind: 'money', width: 14 },
  { key: 'debt', header: 'Debt before (+) / credit (−)', kind: 'money', width: 14 },
  { key: 'payable', header: 'Payable', kind: 'money', width: 14 },
  { key: 'carry', header: 'Carry', kind: 'money', width: 10 },
  { key: 'paid', header: 'Paid', kind: 'money', width: 14 },
  { key: 'billId', header: 'Bill id', kind: 'text', width: 38 },
  { key: 'accountId', header: 'Account id', kind: 'text', width: 38 },
  { key: 'billRunId', header: 'Bill run id', kind: 'text', width: 38 },
  { key: 'correctsBillId', header: 'Corrects bill id', kind: 'text', width: 38 },
  // a combined invoice's (Sweden, issue 12 §1): what the customer was sent and pays with; empty elsewhere
  { key: 'invoiceNumber', header: 'Invoice number', kind: 'text', width: 12 },
  { key: 'invoiceOcr', header: 'Invoice OCR', kind: 'text', width: 14 },
]

function page(db: Db, tenantId: string, f: ExportFilter, after: string | undefined, limit: number) {
  return db.selectFrom('bills as b')
    .innerJoin('accounts as a', (j) => j.onRef('a.tenantId', '=', 'b.tenantId').onRef('a.accountId', '=', 'b.accountId'))
    .leftJoin('invoiceBills as ib', (j) => j.onRef('ib.tenantId', '=', 'b.tenantId').onRef('ib.billId', '=', 'b.billId'))
    .leftJoin('invoices as i', (j) => j.onRef('i.tenantId', '=', 'ib.tenantId').onRef('i.invoiceId', '=', 'ib.invoiceId'))
    .select(['i.number as invoiceNumber', 'i.ocr as invoiceOcr'])
    .select(['b.number', 'b.kind', 'a.number as accountNumber', 'b.periodStart', 'b.periodEnd', 'b.issuedOn', 'b.dueOn', 'b.currency',
      'b.charges', 'b.rounding', 'b.amountDue', 'b.debt', 'b.payable', 'b.carry', 'b.paid', 'b.billId', 'b.accountId', 'b.billRunId', 'b.correctsBillId'])
    .where('b.tenantId', '=', tenantId)
    .$if(after !== undefined, (q) => q.where('b.billId', '>', after!))
    .$if(!!f.period, (q) => q.where('b.periodStart', '=', f.period!))
    .$if(!!f.from, (q) => q.where('b.issuedOn', '>=', f.from!))
    .$if(!!f.to, (q) => q.where('b.issuedOn', '<=', f.to!))
    .$if(!!f.accountId, (q) => q.where('b.accountId', '=', f.accountId!))
    .$if(!!f.billRunId, (q) => q.where('b.billRunId', '=', f.billRunId!))
    .orderBy('b.billId').limit(limit).execute()
}

export const billsExport: Dataset<ExportFilter> = {
  name: 'bills',
  columns,
  async *batches(db: Db, tenant: ExportTenant, f: ExportFilter) {
    for await (const batch of keysetBatches((after: string | undefined, limit) => page(db, tenant.tenantId, f, after, limit), (r) => r.billId)) {
      yield batch.map((r): ExportRow => ({ ...r, currency: r.currency.trim() }))
    }
  },
}
