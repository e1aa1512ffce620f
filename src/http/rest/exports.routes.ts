// Spreadsheet exports for accounting systems and report builders (issue 4 §4,
// portals.md "exports charges, payments and balances for its ledger"):
// bills, bill lines, payments and balances as CSV or XLSX, streamed.
import type { Clock } from '../../app/clock.ts'
import type { FastifyReply } from 'fastify'
import type { z } from 'zod'
import { balancesExport } from '../../app/exports/balances-export.ts'
import { billLinesExport } from '../../app/exports/bill-lines-export.ts'
import { billsExport } from '../../app/exports/bills-export.ts'
import type { Dataset } from '../../app/exports/dataset.ts'
import { CSV_TYPE, EXPORT_SCOPES, exportFile, XLSX_TYPE } from '../../app/exports/export-file.ts'
import { balanceExportQuery, billExportQuery, paymentExportQuery, type ExportFilter } from '../../app/exports/export-query.ts'
import { paymentsExport } from '../../app/exports/payments-export.ts'
import type { Db } from '../../db/database.ts'
import { route } from '../route.ts'

const tags = ['Exports']
const media = [CSV_TYPE, XLSX_TYPE]
const FORMATS = 'CSV (RFC 4180, UTF-8, header row, decimals exactly as stored) or XLSX (bold frozen header, dates as dates; '
  + 'money as numbers when a spreadsheet number holds it exactly, else as text). Streamed: any number of rows.'

async function send(db: Db, tenantId: string, dataset: Dataset<ExportFilter>, query: ExportFilter, reply: FastifyReply, clock: Clock) {
  const file = await exportFile(db, tenantId, dataset, query, clock)
  reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`)
  return file.stream
}

const exportRoute = (url: string, operationId: string, summary: string, description: string, dataset: Dataset<ExportFilter>, query: z.ZodType<ExportFilter>) =>
  route({ method: 'GET', url, operationId, summary, description: `${description} ${FORMATS}`, tags, scopes: EXPORT_SCOPES, query,
    response: { status: 200, media, description: 'the file (content-disposition: attachment with a file name)' },
    handler: ({ db, clock, principal, query: q, reply }) => send(db, principal.tenantId, dataset, q, reply, clock) })

export const exportRoutes = [
  exportRoute('/v1/exports/bills', 'exportBills', 'Export bills as CSV or XLSX',
    'One row per bill with its money columns. from/to filter the issue date.', billsExport, billExportQuery),
  exportRoute('/v1/exports/bill-lines', 'exportBillLines', 'Export bill lines (charges) as CSV or XLSX',
    'One row per charge line: bill, service, method, interval, volume, rate, amount and the rule that fired. from/to filter the bill\'s issue date.',
    billLinesExport, billExportQuery),
  exportRoute('/v1/exports/payments', 'exportPayments', 'Export payments as CSV or XLSX',
    'One row per payment, reversed ones with their status. from/to filter the payment date; period takes the payments dated in that billing period.',
    paymentsExport, paymentExportQuery),
  exportRoute('/v1/exports/balances', 'exportBalances', 'Export every account\'s balance as of now as CSV or XLSX',
    'One row per account: number, customer, balance (debt +, credit −), position, last bill.', balancesExport, balanceExportQuery),
]
