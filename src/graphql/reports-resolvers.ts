// The report center over GraphQL, for API keys (accounting staff): the same
// use-cases as reports.routes.ts. Customers use the REST routes.
import { z } from 'zod'
import { WRITE_SCOPES } from '../app/auth/principal.ts'
import { EXPORT_SCOPES } from '../app/exports/export-file.ts'
import { datasetCatalogue } from '../app/reports/report-datasets.ts'
import { checkDefinition, reportDefinition } from '../app/reports/report-definition.ts'
import { createReport, getReport, listReports, reportListQuery, savedReportInput } from '../app/reports/saved-reports.ts'
import { runReportJson } from '../app/reports/run-report.ts'
import { guard } from './context.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'

const limit = (v: unknown) => parse(z.number().int().min(1).max(5000), v ?? 500, 'limit')

export function reportResolvers() {
  const Query: Record<string, Resolver> = {
    reportDatasets: (_r, _a, ctx) => guard(ctx, EXPORT_SCOPES, async () => datasetCatalogue().items),
    reports: (_r, a, ctx) => guard(ctx, EXPORT_SCOPES, (p) => listReports(ctx.db, p, parse(reportListQuery, withoutNulls({ limit: a.limit, cursor: a.cursor }), 'args'))),
    reportResult: (_r, a, ctx) => guard(ctx, EXPORT_SCOPES, async (p) => {
      const id = parse(z.uuid(), a.id, 'id')
      const report = await getReport(ctx.db, p, id).catch((e) => (e?.code === 'not_found' ? null : Promise.reject(e)))
      return report && runReportJson(ctx.db, p, reportDefinition.parse(report.definition), limit(a.limit))
    }),
    reportPreview: (_r, a, ctx) => guard(ctx, EXPORT_SCOPES, (p) => runReportJson(ctx.db, p, checkDefinition(a.definition, 'definition'), limit(a.limit))),
  }
  const Mutation: Record<string, Resolver> = {
    createReport: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) => createReport(ctx.db, p, parse(savedReportInput, { name: a.name, definition: a.definition }, 'input'), ctx.clock)),
  }
  return { Query, Mutation }
}
