// Running a report: as JSON (the first rows, for a screen) or as a CSV or
// XLSX file streamed in keyset batches through the export writers (issue 4
// §4), so a report of any size never sits in memory.
import type { Readable } from 'node:stream'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import type { Principal } from '../auth/principal.ts'
import { accountsWith } from '../auth/principal.ts'
import { todayIn, type Clock } from '../clock.ts'
import { volumeScaleOf } from '../../core/shared/volume-scale.ts'
import { csvStream } from '../exports/csv-writer.ts'
import { BATCH_SIZE, type ExportRow } from '../exports/dataset.ts'
import { CSV_TYPE, prefetched, XLSX_TYPE } from '../exports/export-file.ts'
import { xlsxStream } from '../exports/xlsx-writer.ts'
import type { ReportDefinition } from './report-definition.ts'
import { planReport, type ReportPlan } from './report-query.ts'

export const RUN_FORMATS = ['json', 'csv', 'xlsx'] as const
export const runQuery = z.object({
  format: z.enum(RUN_FORMATS).default('json').describe('json: the first `limit` rows; csv or xlsx: every row, streamed'),
  limit: z.coerce.number().int().min(1).max(5000).default(500).describe('json only: at most this many rows'),
}).strict()

export const reportResultDto = z.object({
  columns: z.array(z.object({ key: z.string(), header: z.string(), kind: z.string() })),
  rows: z.array(z.record(z.string(), z.string().nullable())).describe('values as text: decimals exactly as stored or summed, dates YYYY-MM-DD'),
  truncated: z.boolean().describe('more rows exist: export the report as CSV or XLSX for all'),
}).meta({ id: 'ReportResult' })

async function tenantOf(db: Db, tenantId: string) {
  const t = await db.selectFrom('tenants').select(['timeZone', 'minorUnits', 'policy']).where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
  return { ...t, policy: (t.policy ?? {}) as Record<string, unknown> }
}

/** A customer's reports read its own accounts only (issue 10 §4); an API key's the tenant's. */
const accountsOf = (p: Principal) => (p.kind === 'customer' ? accountsWith(p) : undefined)

const strip = ({ rowKey: _k, ...row }: ExportRow & { rowKey: string }): ExportRow => row

async function* batches(db: Db, plan: ReportPlan): AsyncGenerator<ExportRow[]> {
  let after: string | undefined
  for (;;) {
    const rows = await plan.page(db, after, BATCH_SIZE)
    if (rows.length > 0) yield rows.map(strip)
    if (plan.grouped || rows.length < BATCH_SIZE) return
    after = rows[rows.length - 1]!.rowKey
  }
}

export async function runReportJson(db: Db, p: Principal, d: ReportDefinition, limit: number) {
  const t = await tenantOf(db, p.tenantId)
  const plan = planReport(d, { tenantId: p.tenantId, timeZone: t.timeZone, accounts: accountsOf(p) })
  const rows = await plan.page(db, undefined, limit + 1)
  return { columns: plan.columns.map(({ key, header, kind }) => ({ key, header, kind })), rows: rows.slice(0, limit).map(strip), truncated: rows.length > limit }
}

export interface ReportFile { stream: Readable; contentType: string; filename: string }

export async function runReportFile(db: Db, p: Principal, d: ReportDefinition, name: string, format: 'csv' | 'xlsx', clock: Clock): Promise<ReportFile> {
  const t = await tenantOf(db, p.tenantId)
  const plan = planReport(d, { tenantId: p.tenantId, timeZone: t.timeZone, accounts: accountsOf(p) })
  // the first batch is read before the file starts: a failing query answers with a problem, not a cut-off file
  const rows = await prefetched(batches(db, plan))
  const base = `${name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '') || d.dataset}-${todayIn(t.timeZone, clock)}`
  return format === 'xlsx'
    ? { stream: xlsxStream(d.dataset, plan.columns, rows, { minorUnits: t.minorUnits, volumePlaces: volumeScaleOf(t.policy).places }), contentType: XLSX_TYPE, filename: `${base}.xlsx` }
    : { stream: csvStream(plan.columns, rows, { bom: false }), contentType: `${CSV_TYPE}; charset=utf-8; header=present`, filename: `${base}.csv` }
}
