// A report definition as SQL over its dataset's declaration: the chosen
// columns (or, grouped, the month and/or utility with the count and exact
// numeric sums of the chosen money and volume columns), the filters, and
// the accounts the caller may see. Rows come back as text, as every export's.
import { sql, type RawBuilder } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { Column, ExportRow } from '../exports/dataset.ts'
import type { ReportDefinition } from './report-definition.ts'
import { REPORT_DATASETS, type ReportDataset } from './report-datasets.ts'

export interface ReportScope {
  tenantId: string
  timeZone: string
  /** a customer's accounts; undefined for an API key (the tenant) */
  accounts: readonly string[] | undefined
}

export interface ReportPlan {
  columns: Column[]
  /** a page of rows after `after` (the last row's key), or every group */
  page(db: Db, after: string | undefined, limit: number): Promise<Array<ExportRow & { rowKey: string }>>
  grouped: boolean
}

/** How a value leaves Postgres as text: dates 'YYYY-MM-DD', numerics exactly as stored. */
const asText = (expr: string) => `(${expr})::text`

export function planReport(d: ReportDefinition, scope: ReportScope): ReportPlan {
  const ds: ReportDataset = REPORT_DATASETS[d.dataset]
  const chosen = d.columns.map((k) => ds.columns.find((c) => c.key === k)!)
  const accountIds = scope.accounts
    ? (d.filters.accountId ? scope.accounts.filter((a) => d.filters.accountId!.includes(a)) : scope.accounts)
    : d.filters.accountId
  const f = d.filters
  const where: RawBuilder<unknown>[] = [
    ...(accountIds ? [sql`and ${sql.raw(ds.account)} = any(${[...accountIds]}::uuid[])`] : []),
    ...(f.from ? [sql`and ${sql.raw(ds.date)} >= ${f.from}::date`] : []),
    ...(f.to ? [sql`and ${sql.raw(ds.date)} <= ${f.to}::date`] : []),
    ...(f.utility && ds.utility ? [sql`and ${sql.raw(ds.utility)} = any(${f.utility}::text[])`] : []),
    ...(ds.kinds && f[ds.kinds.filter as 'kind' | 'status'] ? [sql`and ${sql.raw(ds.kinds.expr)} = any(${f[ds.kinds.filter as 'kind' | 'status']}::text[])`] : []),
  ]
  const from = ds.from({ tenantId: scope.tenantId, accountIds, timeZone: scope.timeZone })
  const filters = sql.join(where, sql` `)

  if (d.groupBy.length === 0) {
    const select = sql.join(chosen.map((c) => sql`${sql.raw(asText(c.expr))} as ${sql.ref(c.key)}`))
    return {
      grouped: false,
      columns: chosen.map(({ key, header, kind, width }) => ({ key, header, kind, width })),
      async page(db, after, limit) {
        const keyset = after === undefined ? sql`` : sql`and ${sql.raw(ds.key.expr)} > ${after}::${sql.raw(ds.key.type)}`
        const r = await sql<ExportRow & { rowKey: string }>`select ${select}, (${sql.raw(ds.key.expr)})::text as ${sql.ref('rowKey')} ${from} ${filters} ${keyset}
          order by ${sql.raw(ds.key.expr)} limit ${limit}`.execute(db)
        return r.rows
      },
    }
  }
  // Grouped: month first, then utility; sums are SQL numeric sums, exact to the last stored digit.
  const groups: Array<{ col: Column; expr: string }> = []
  if (d.groupBy.includes('month')) groups.push({ col: { key: 'month', header: 'Month', kind: 'date', width: 12 }, expr: `date_trunc('month', ${ds.date})::date` })
  if (d.groupBy.includes('utility')) groups.push({ col: { key: 'utility', header: 'Utility', kind: 'text', width: 16 }, expr: ds.utility! })
  const sums = chosen.filter((c) => !(c.key === 'utility' && d.groupBy.includes('utility')))
  const columns: Column[] = [...groups.map((g) => g.col), { key: 'count', header: 'Rows', kind: 'integer', width: 8 },
    ...sums.map(({ key, header, kind, width }) => ({ key, header: `${header} (sum)`, kind, width }))]
  const select = sql.join([
    ...groups.map((g) => sql`${sql.raw(asText(g.expr))} as ${sql.ref(g.col.key)}`),
    sql`count(*)::text as "count"`,
    ...sums.map((c) => sql`coalesce(sum(${sql.raw(c.expr)}), 0)::text as ${sql.ref(c.key)}`),
  ])
  const by = sql.raw(groups.map((_, i) => String(i + 1)).join(', '))
  return {
    grouped: true,
    columns,
    async page(db, after) {
      if (after !== undefined) return [] // every group comes in one batch: at most months × utilities rows
      const r = await sql<ExportRow & { rowKey: string }>`select ${select}, '' as ${sql.ref('rowKey')} ${from} ${filters} group by ${by} order by ${by}`.execute(db)
      return r.rows
    },
  }
}
