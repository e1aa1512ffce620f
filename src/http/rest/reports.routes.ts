// The report center (issue 12 §5, seed 001 "Rapportcenter"): the datasets a
// report can use, saved reports (a customer user's own or the tenant's),
// and running one as JSON or exporting it as CSV or XLSX.
import { z } from 'zod'
import { WRITE_SCOPES } from '../../app/auth/principal.ts'
import { EXPORT_SCOPES, CSV_TYPE, XLSX_TYPE } from '../../app/exports/export-file.ts'
import { idParams } from '../../app/schemas.ts'
import { datasetCatalogue } from '../../app/reports/report-datasets.ts'
import { checkDefinition, reportDefinition } from '../../app/reports/report-definition.ts'
import { createReport, deleteReport, getReport, listReports, reportListQuery, savedReportDto, savedReportInput, savedReportPage, updateReport } from '../../app/reports/saved-reports.ts'
import { reportResultDto, runQuery, runReportFile, runReportJson } from '../../app/reports/run-report.ts'
import { route } from '../route.ts'

const tags = ['Reports']
/** Customers' reports and runs are limited to their own accounts in the use-case: `list` access. */
const customer = { list: true } as const
const OWNERS = 'A customer token\'s reports are its own (private to the customer user) and read only its own accounts; an API key\'s belong to the tenant.'

const catalogueDto = z.object({
  datasets: z.array(z.object({
    name: z.string(), description: z.string(),
    columns: z.array(z.object({ key: z.string(), header: z.string(), kind: z.string(), summable: z.boolean() })),
    groupBy: z.array(z.string()), filters: z.array(z.string()), filterValues: z.record(z.string(), z.array(z.string())).optional(),
  })),
}).meta({ id: 'ReportDatasets' })
const exportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict()
const adhocBody = z.object({ definition: z.record(z.string(), z.unknown()).describe('a ReportDefinition') }).strict()

export const reportRoutes = [
  route({ method: 'GET', url: '/v1/report-datasets', operationId: 'listReportDatasets', summary: 'The datasets a report can be built from, with their columns', tags,
    description: 'Each dataset\'s columns (key, header, kind, whether a grouped report sums it), groupings (month, utility) and filters.',
    customer, scopes: EXPORT_SCOPES, response: { status: 200, schema: catalogueDto, description: 'the datasets' },
    handler: async () => ({ datasets: datasetCatalogue().items }) }),
  route({ method: 'POST', url: '/v1/report-results', operationId: 'runReportDefinition', summary: 'Run a report definition without saving it (JSON)', tags,
    description: `A preview: the first rows of the definition's result. ${OWNERS}`, customer, scopes: EXPORT_SCOPES, body: adhocBody, query: runQuery.pick({ limit: true }).strict(),
    errors: [422], response: { status: 200, schema: reportResultDto, description: 'the columns and rows' },
    examples: { request: { definition: { dataset: 'bill_lines', columns: ['amount', 'volume'], groupBy: ['month', 'utility'], filters: { from: '2026-01-01', to: '2026-12-31' } } } },
    handler: ({ db, principal, body, query }) => runReportJson(db, principal, checkDefinition(body.definition), query.limit) }),
  route({ method: 'GET', url: '/v1/reports', operationId: 'listReports', summary: 'The caller\'s saved reports', tags, description: OWNERS,
    customer, scopes: EXPORT_SCOPES, query: reportListQuery, response: { status: 200, schema: savedReportPage, description: 'a page of reports' },
    handler: ({ db, principal, query }) => listReports(db, principal, query) }),
  route({ method: 'POST', url: '/v1/reports', operationId: 'createReport', summary: 'Save a report definition', tags,
    description: `The definition is checked against its dataset: an unknown column, a grouping the dataset cannot do or a text column in a grouped report answers 422 invalid_report_definition naming each problem. ${OWNERS}`,
    customer, scopes: WRITE_SCOPES, body: savedReportInput, idempotent: true, errors: [422],
    response: { status: 201, schema: savedReportDto, description: 'the saved report' },
    examples: { request: { name: 'Consumption by month', definition: { dataset: 'readings', columns: ['consumption'], groupBy: ['month', 'utility'], filters: { from: '2026-01-01' } } } },
    handler: ({ db, clock, principal, body }) => createReport(db, principal, body, clock) }),
  route({ method: 'GET', url: '/v1/reports/:id', operationId: 'getReport', summary: 'Read a saved report', tags, description: OWNERS,
    customer, scopes: EXPORT_SCOPES, params: idParams, errors: [404], response: { status: 200, schema: savedReportDto, description: 'the report' },
    handler: ({ db, principal, params }) => getReport(db, principal, params.id) }),
  route({ method: 'PUT', url: '/v1/reports/:id', operationId: 'updateReport', summary: 'Change a saved report\'s name and definition', tags, description: OWNERS,
    customer, scopes: WRITE_SCOPES, params: idParams, body: savedReportInput, errors: [404, 422],
    response: { status: 200, schema: savedReportDto, description: 'the report' },
    handler: ({ db, clock, principal, params, body }) => updateReport(db, principal, params.id, body, clock) }),
  route({ method: 'DELETE', url: '/v1/reports/:id', operationId: 'deleteReport', summary: 'Delete a saved report', tags, description: OWNERS,
    customer, scopes: WRITE_SCOPES, params: idParams, errors: [404], response: { status: 200, schema: z.object({ deleted: z.literal(true) }), description: 'deleted' },
    handler: async ({ db, principal, params }) => { await deleteReport(db, principal, params.id); return { deleted: true as const } } }),
  route({ method: 'GET', url: '/v1/reports/:id/result', operationId: 'runReport', summary: 'Run a saved report (JSON)', tags,
    description: `The first rows of the report; export it for every row. ${OWNERS}`, customer, scopes: EXPORT_SCOPES, params: idParams,
    query: runQuery.pick({ limit: true }).strict(), errors: [404], response: { status: 200, schema: reportResultDto, description: 'the columns and rows' },
    handler: async ({ db, principal, params, query }) => runReportJson(db, principal, reportDefinition.parse((await getReport(db, principal, params.id)).definition), query.limit) }),
  route({ method: 'GET', url: '/v1/reports/:id/export', operationId: 'exportReport', summary: 'Export a saved report as CSV or XLSX', tags,
    description: 'Every row, streamed: CSV (RFC 4180, UTF-8, decimals exactly as stored or summed) or XLSX (bold frozen header, dates as dates, money and volumes as numbers). '
      + OWNERS, customer, scopes: EXPORT_SCOPES, params: idParams, query: exportQuery, errors: [404],
    response: { status: 200, media: [CSV_TYPE, XLSX_TYPE], description: 'the file (content-disposition: attachment with a file name)' },
    handler: async ({ db, clock, principal, params, query, reply }) => {
      const report = await getReport(db, principal, params.id)
      const file = await runReportFile(db, principal, reportDefinition.parse(report.definition), report.name, query.format, clock)
      reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`)
      return file.stream
    } }),
]
