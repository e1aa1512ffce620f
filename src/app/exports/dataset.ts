// What an export is: named columns of a kind, and rows streamed from Postgres
// in batches. Every value is text as Postgres gave it (decimals exactly as
// stored, dates 'YYYY-MM-DD', timestamps ISO 8601 UTC); each writer decides
// how a kind is shown (CSV: as is; XLSX: dates as dates, money as numbers
// when exact).
import type { Db } from '../../db/database.ts'

export type ColumnKind = 'text' | 'integer' | 'date' | 'timestamp' | 'money' | 'decimal'

export interface Column {
  key: string
  header: string
  kind: ColumnKind
  /** spreadsheet column width in characters */
  width: number
}

export type ExportRow = Record<string, string | null>

/** The tenant facts an export needs: money display and the length of a billing period. */
export interface ExportTenant {
  tenantId: string
  currency: string
  minorUnits: number
  billingPeriodMonths: number
}

export interface Dataset<F> {
  /** file and sheet name */
  name: string
  columns: Column[]
  /** batches of rows in a stable order; the next batch is read only when the previous one was written */
  batches(db: Db, tenant: ExportTenant, filter: F): AsyncIterable<ExportRow[]>
}

export const BATCH_SIZE = 1000
