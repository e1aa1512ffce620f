// A report's definition (issue 12 §5): a dataset, columns chosen from its
// declared list, filters, and grouping by month or utility with sums. Checked
// with zod against the dataset's declaration; a definition that does not fit
// (an unknown column, a grouping the dataset cannot do, a text column in a
// grouped report) is refused with 422 and every problem named.
import { z } from 'zod'
import { isoDate, uuid } from '../schemas.ts'
import { unprocessable, zodIssues } from '../errors.ts'
import { UTILITIES } from '../agreements/agreement-dto.ts'
import { DATASET_NAMES, REPORT_DATASETS, SUMMABLE, type DatasetName, type ReportDataset } from './report-datasets.ts'

export const GROUPINGS = ['month', 'utility'] as const

const filters = z.object({
  from: isoDate.optional().describe('the dataset\'s day on or after'),
  to: isoDate.optional().describe('the dataset\'s day on or before'),
  accountId: z.array(uuid).max(500).optional().describe('only these accounts (a customer\'s reports are always limited to its own)'),
  utility: z.array(z.enum([...UTILITIES, 'other'])).max(10).optional().describe('only these utilities (datasets with a utility)'),
  kind: z.array(z.string()).max(10).optional().describe('bills: regular, correction'),
  status: z.array(z.string()).max(10).optional().describe('payments: posted, reversed'),
}).strict()

/** The loose shape (any dataset); the checks against the chosen dataset follow in superRefine. */
export const reportDefinition = z.object({
  dataset: z.enum(DATASET_NAMES as [DatasetName, ...DatasetName[]]),
  columns: z.array(z.string()).min(1).max(60).describe('column keys from the dataset\'s list (GET /v1/report-datasets), in the order wanted'),
  filters: filters.default({}),
  groupBy: z.array(z.enum(GROUPINGS)).max(2).default([]).describe('month and/or utility: one row per group with the count and the sums of the chosen money and volume columns'),
}).strict().superRefine((d, ctx) => {
  const ds: ReportDataset = REPORT_DATASETS[d.dataset]
  const known = new Map(ds.columns.map((c) => [c.key, c]))
  d.columns.forEach((key, i) => {
    const col = known.get(key)
    if (!col) ctx.addIssue({ code: 'custom', path: ['columns', i], message: `${d.dataset} has no column ${key}; it has ${ds.columns.map((c) => c.key).join(', ')}` })
    else if (d.groupBy.length && !SUMMABLE.has(col.kind) && !(key === 'utility' && d.groupBy.includes('utility'))) {
      ctx.addIssue({ code: 'custom', path: ['columns', i], message: `${key} (${col.kind}) cannot be summed in a grouped report: choose money or volume columns` })
    }
  })
  if (new Set(d.columns).size !== d.columns.length) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'a column is chosen twice' })
  if (new Set(d.groupBy).size !== d.groupBy.length) ctx.addIssue({ code: 'custom', path: ['groupBy'], message: 'a grouping is chosen twice' })
  if (d.groupBy.includes('utility') && !ds.utility) ctx.addIssue({ code: 'custom', path: ['groupBy'], message: `${d.dataset} has no utility to group by` })
  if (d.filters.utility && !ds.utility) ctx.addIssue({ code: 'custom', path: ['filters', 'utility'], message: `${d.dataset} has no utility to filter by` })
  for (const f of ['kind', 'status'] as const) {
    const values = d.filters[f]
    if (!values) continue
    if (ds.kinds?.filter !== f) ctx.addIssue({ code: 'custom', path: ['filters', f], message: `${d.dataset} has no ${f} filter` })
    else values.forEach((v, i) => { if (!ds.kinds!.values.includes(v)) ctx.addIssue({ code: 'custom', path: ['filters', f, i], message: `must be one of ${ds.kinds!.values.join(', ')}` }) })
  }
  if (d.filters.from && d.filters.to && d.filters.from > d.filters.to) ctx.addIssue({ code: 'custom', path: ['filters', 'to'], message: 'must not be before from' })
}).meta({ id: 'ReportDefinition' })
export type ReportDefinition = z.output<typeof reportDefinition>

/** A definition checked against its dataset: 422 invalid_report_definition with every problem, under `where`. */
export function checkDefinition(value: unknown, where = 'body.definition'): ReportDefinition {
  const r = reportDefinition.safeParse(value)
  if (!r.success) throw unprocessable('invalid_report_definition', 'the report definition does not fit its dataset', zodIssues(r.error, where))
  return r.data
}
