// XLSX through exceljs's streaming WorkbookWriter: one sheet, a bold frozen
// header row, column widths, dates as dates, and every money, volume and
// other number column as number cells: one type per column, so a
// spreadsheet's SUM counts every row (issue 9 §3: a Volume column of 62
// number and 178 text cells summed to 2,123 of 9,563 m³). Volumes arrive at
// the tenant's scale (≤ 15 significant digits for any real volume) and show
// that scale; money shows at least the currency's minor units. An XLSX number
// is an IEEE double: a value of more than 15 significant digits (no real
// amount has them) is the nearest double there; the CSV export keeps every
// stored digit. Rows are committed (and dropped from memory) as they are
// written; the next batch is read only when the response has taken what was
// written, so a slow download holds about one batch.
import ExcelJS from 'exceljs'
import { once } from 'node:events'
import { PassThrough, type Readable } from 'node:stream'
import type { Column, ExportRow } from './dataset.ts'
import { numberOf, scaleOf } from './exact-number.ts'

const DATE_FORMAT = 'yyyy-mm-dd'
const TIMESTAMP_FORMAT = 'yyyy-mm-dd hh:mm:ss'

/** '#,##0.00' for 2 places: the places as stored, at least the currency's minor units for money. */
const numberFormat = (places: number) => (places > 0 ? `#,##0.${'0'.repeat(places)}` : '#,##0')

interface Cell { value: ExcelJS.CellValue; numFmt?: string }

export interface XlsxOptions {
  /** the currency's minor units: money shows at least these places */
  minorUnits: number
  /** the tenant's volume scale: volume columns show these places */
  volumePlaces: number
}

function cellOf(column: Column, text: string | null, opts: XlsxOptions): Cell {
  if (text === null) return { value: null }
  switch (column.kind) {
    case 'date': return { value: new Date(`${text}T00:00:00Z`), numFmt: DATE_FORMAT }
    case 'timestamp': return { value: new Date(text), numFmt: TIMESTAMP_FORMAT }
    case 'integer': return { value: numberOf(text) }
    case 'money': return { value: numberOf(text), numFmt: numberFormat(Math.max(scaleOf(text), opts.minorUnits)) }
    case 'volume': return { value: numberOf(text), numFmt: numberFormat(opts.volumePlaces) }
    case 'decimal': return { value: numberOf(text), numFmt: numberFormat(scaleOf(text)) }
    default: return { value: text }
  }
}

/** Wait until the response has taken what was written (or went away). */
async function drained(out: PassThrough): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed) return
  await Promise.race([once(out, 'drain'), once(out, 'close')])
}

export function xlsxStream(sheetName: string, columns: Column[], batches: AsyncIterable<ExportRow[]>, opts: XlsxOptions): Readable {
  const out = new PassThrough()
  const write = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
    const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
    sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }))
    const header = sheet.getRow(1)
    header.font = { bold: true }
    header.commit()
    for await (const batch of batches) {
      for (const data of batch) {
        const row = sheet.addRow([])
        columns.forEach((column, i) => {
          const { value, numFmt } = cellOf(column, data[column.key] ?? null, opts)
          const cell = row.getCell(i + 1)
          cell.value = value
          if (numFmt) cell.numFmt = numFmt
        })
        row.commit()
      }
      await drained(out)
      if (out.destroyed) return // the client went away: stop reading rows
    }
    sheet.commit()
    await workbook.commit()
  }
  write().catch((err: unknown) => out.destroy(err as Error))
  return out
}
