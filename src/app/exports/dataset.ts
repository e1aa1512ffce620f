// What an export is: named columns of a kind, and rows streamed from Postgres
// in batches. Every value is text as Postgres gave it (decimals exactly as
// stored, dates 'YYYY-MM-DD', timestamps ISO 8601 UTC); each writer decides
// how a kind is shown (CSV: as is; XLSX: dates as dates, money, volumes and
// rates as number cells). Volumes are rounded to the tenant's scale by the
// dataset (issue 9 §3), so CSV and XLSX show the same figure.
import type { Db } from '../../db/database.ts'
import type { VolumeScale } from '../../core/shared/volume-scale.ts'

/** 'volume': m³ at the tenant's scale (policy volumePlaces); 'decimal': other numbers (rates) as stored */
export type ColumnKind = 'text' | 'integer' | 'date' | 'timestamp' | 'money' | 'decimal' | 'volume'

export interface Column {
  key: string
  header: string
  kind: ColumnKind
  /** spreadsheet column width in characters */
  width: number
}

export type ExportRow = Record<string, string | null>

/** The tenant facts an export needs: money and volume display and the length of a billing period. */
export interface ExportTenant {
  tenantId: string
  currency: string
  minorUnits: number
  billingPeriodMonths: number
  /** the scale volumes are shown at (policy volumePlaces / volumeRounding) */
  volumeScale: VolumeScale
  /** the tenant's policy overrides (volumePlacesOfMeter asks for the meters' resolutions) */
  policy: Record<string, unknown>
}

export interface Dataset<F> {
  /** file and sheet name */
  name: string
  columns: Column[]
  /** batches of rows in a stable order; the next batch is read only when the previous one was written */
  batches(db: Db, tenant: ExportTenant, filter: F): AsyncIterable<ExportRow[]>
}

export const BATCH_SIZE = 1000
