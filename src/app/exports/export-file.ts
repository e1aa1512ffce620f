// One export as a file: the tenant's money settings, the dataset's rows, the
// chosen writer, a content type and a file name. The first batch is read
// before the file starts, so a failing query still answers with a problem
// document instead of a cut-off file.
import type { Readable } from 'node:stream'
import type { Scope } from '../auth/principal.ts'
import type { Db } from '../../db/database.ts'
import { todayIn, type Clock } from '../clock.ts'
import { volumeScaleOf } from '../../core/shared/volume-scale.ts'
import { csvStream } from './csv-writer.ts'
import type { Dataset, ExportRow, ExportTenant } from './dataset.ts'
import type { ExportFilter } from './export-query.ts'
import { xlsxStream } from './xlsx-writer.ts'

/** Exports hold the whole tenant's ledger: accounting systems and read-only staff keys, never portal keys (admin always may). */
export const EXPORT_SCOPES: Scope[] = ['accounting', 'readonly']

export const CSV_TYPE = 'text/csv'
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export interface ExportFile { stream: Readable; contentType: string; filename: string }

export async function prefetched(batches: AsyncIterable<ExportRow[]>): Promise<AsyncIterable<ExportRow[]>> {
  const it = batches[Symbol.asyncIterator]()
  const first = await it.next()
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (let next = first; !next.done; next = await it.next()) yield next.value
      } finally {
        await it.return?.()
      }
    },
  }
}

/** bills-2026-10-01.csv, payments-2026-01-01_2026-03-31.xlsx, balances-<today>.csv */
function fileName(name: string, f: ExportFilter, today: string): string {
  const scope = f.period ?? (f.from || f.to ? `${f.from ?? 'start'}_${f.to ?? today}` : today)
  return `${name}-${scope}.${f.format}`
}

export async function exportFile(db: Db, tenantId: string, dataset: Dataset<ExportFilter>, f: ExportFilter, clock: Clock): Promise<ExportFile> {
  const t = await db.selectFrom('tenants').select(['currency', 'minorUnits', 'billingPeriodMonths', 'timeZone', 'policy'])
    .where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
  const policy = (t.policy ?? {}) as Record<string, unknown>
  const tenant: ExportTenant = { tenantId, currency: t.currency.trim(), minorUnits: t.minorUnits, billingPeriodMonths: t.billingPeriodMonths,
    volumeScale: volumeScaleOf(policy), policy }
  const batches = await prefetched(dataset.batches(db, tenant, f))
  const filename = fileName(dataset.name, f, todayIn(t.timeZone, clock))
  return f.format === 'xlsx'
    ? { stream: xlsxStream(dataset.name, dataset.columns, batches, { minorUnits: tenant.minorUnits, volumePlaces: tenant.volumeScale.places }), contentType: XLSX_TYPE, filename }
    : { stream: csvStream(dataset.columns, batches, { bom: f.bom }), contentType: `${CSV_TYPE}; charset=utf-8; header=present`, filename }
}
