// Bill lines (the charges) for an accounting ledger: one row per line with
// its bill, method, volume, rate, amount and the rule that fired, in (bill,
// line) order. Filters as for bills: period, issue dates, account, bill run.
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { Column, Dataset, ExportRow, ExportTenant } from './dataset.ts'
import type { ExportFilter } from './export-query.ts'
import { keysetBatches } from './keyset.ts'
import { volumeAtScale } from '../../core/shared/volume-scale.ts'
import { tenantVolumeScale } from '../billing/bills.ts'
import { scaleFor } from '../calculations/shown-volumes.ts'

const columns: Column[] = [
  { key: 'billNumber', header: 'Bill number', kind: 'text', width: 14 },
  { key: 'lineNo', header: 'Line', kind: 'integer', width: 6 },
  { key: 'accountNumber', header: 'Account number', kind: 'text', width: 16 },
  { key: 'periodStart', header: 'Period start', kind: 'date', width: 12 },
  { key: 'service', header: 'Service', kind: 'text', width: 14 },
  { key: 'kind', header: 'Kind', kind: 'text', width: 12 },
  { key: 'line', header: 'Line item', kind: 'text', width: 18 },
  { key: 'method', header: 'Method', kind: 'text', width: 14 },
  { key: 'intervalFrom', header: 'From', kind: 'date', width: 12 },
  { key: 'intervalTo', header: 'To (excl.)', kind: 'date', width: 12 },
  { key: 'volume', header: 'Volume', kind: 'volume', width: 14 },
  { key: 'rate', header: 'Rate', kind: 'decimal', width: 12 },
  { key: 'amount', header: 'Amount', kind: 'money', width: 14 },
  { key: 'currency', header: 'Currency', kind: 'text', width: 9 },
  { key: 'correctsPeriodStart', header: 'Corrects period', kind: 'date', width: 12 },
  { key: 'rule', header: 'Rule', kind: 'text', width: 60 },
  { key: 'billId', header: 'Bill id', kind: 'text', width: 38 },
  { key: 'servicePointId', header: 'Service point id', kind: 'text', width: 38 },
]

type After = { billId: string; lineNo: number }

function page(db: Db, tenantId: string, f: ExportFilter, after: After | undefined, limit: number) {
  return db.selectFrom('billLines as l')
    .innerJoin('bills as b', (j) => j.onRef('b.tenantId', '=', 'l.tenantId').onRef('b.billId', '=', 'l.billId'))
    .innerJoin('accounts as a', (j) => j.onRef('a.tenantId', '=', 'b.tenantId').onRef('a.accountId', '=', 'b.accountId'))
    .select(['b.number as billNumber', 'l.lineNo', 'a.number as accountNumber', 'b.periodStart', 'l.service', 'l.kind', 'l.line', 'l.method',
      'l.intervalFrom', 'l.intervalTo', 'l.volume', 'l.rate', 'l.amount', 'b.currency', 'l.correctsPeriodStart', 'l.billId', 'l.servicePointId',
      sql<string | null>`l.trace->>'rule'`.as('rule'), sql<string | null>`l.trace->'inputs'->>'meterId'`.as('meterId')])
    .where('l.tenantId', '=', tenantId)
    .$if(after !== undefined, (q) => q.where((eb) => eb(eb.refTuple('l.billId', 'l.lineNo'), '>', eb.tuple(after!.billId, after!.lineNo))))
    .$if(!!f.period, (q) => q.where('b.periodStart', '=', f.period!))
    .$if(!!f.from, (q) => q.where('b.issuedOn', '>=', f.from!))
    .$if(!!f.to, (q) => q.where('b.issuedOn', '<=', f.to!))
    .$if(!!f.accountId, (q) => q.where('b.accountId', '=', f.accountId!))
    .$if(!!f.billRunId, (q) => q.where('b.billRunId', '=', f.billRunId!))
    .orderBy('l.billId').orderBy('l.lineNo').limit(limit).execute()
}

export const billLinesExport: Dataset<ExportFilter> = {
  name: 'bill-lines',
  columns,
  async *batches(db: Db, tenant: ExportTenant, f: ExportFilter) {
    for await (const batch of keysetBatches((after: After | undefined, limit) => page(db, tenant.tenantId, f, after, limit),
      (r) => ({ billId: r.billId, lineNo: r.lineNo }))) {
      // issue 9 §3: the stored volume is exact (it priced the line); the export shows it at the tenant's scale
      const shown = tenant.policy['volumePlacesOfMeter'] === true
        ? await tenantVolumeScale(db, tenant.tenantId, batch.map((r) => r.meterId)) : { scale: tenant.volumeScale }
      // row values are text, as for every export: the line number too
      yield batch.map(({ meterId, ...r }): ExportRow => {
        const scale = scaleFor(shown, r.method, meterId)
        return { ...r, lineNo: String(r.lineNo), volume: r.volume === null ? null : volumeAtScale(r.volume, scale.places, scale.mode) }
      })
    }
  },
}
