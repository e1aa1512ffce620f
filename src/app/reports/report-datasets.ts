// The datasets a report can be built from (issue 12 §5, seed 001
// "Rapportcenter"): each declares its columns (a key, a header, a kind the
// export writers know, and the SQL that yields it as text), the date its
// from/to and month grouping use, the utility grouping uses when it has one,
// and a unique key to page by. Every SQL fragment here is ours: a
// definition only picks keys from these lists (report-definition.ts).
import { sql, type RawBuilder } from 'kysely'
import type { ColumnKind } from '../exports/dataset.ts'

export interface ReportColumn {
  key: string
  header: string
  kind: ColumnKind
  width: number
  /** SQL over the dataset's FROM giving the value (text, numeric, date) */
  expr: string
}

export interface DatasetScope {
  tenantId: string
  /** the accounts the rows are limited to; undefined: the tenant */
  accountIds: readonly string[] | undefined
  timeZone: string
}

export interface ReportDataset {
  name: string
  description: string
  columns: ReportColumn[]
  /** SQL of the row's day (from/to, grouping by month) */
  date: string
  /** SQL of the row's utility (water, electricity …); absent: grouping by utility is refused */
  utility?: string
  /** SQL of the row's account id */
  account: string
  /** SQL of a unique, ordered key (keyset paging) and its type */
  key: { expr: string; type: 'uuid' | 'text' }
  /** FROM … WHERE tenant (and accounts, when a subquery must know them early) */
  from(s: DatasetScope): RawBuilder<unknown>
  /** extra filters this dataset takes, SQL by filter value */
  kinds?: { filter: string; expr: string; values: readonly string[] }
}

/** A service's or resource's utility: water and sewerage together (VA), as the agreements overview. */
export const UTILITY_SQL = (x: string) => `(case
  when ${x} in ('cold_water', 'hot_water', 'wastewater', 'stormwater') or ${x} like 'water%' or ${x} like 'sewer%' then 'water'
  when ${x} like 'electric%' then 'electricity'
  when ${x} like 'district_heating%' or ${x} like 'heat%' then 'district_heating'
  when ${x} like 'solar%' then 'solar'
  when ${x} like 'waste%' then 'waste'
  else 'other' end)`

const c = (key: string, header: string, kind: ColumnKind, expr: string, width = kind === 'text' ? 16 : kind === 'date' ? 12 : 14): ReportColumn =>
  ({ key, header, kind, width, expr })

const accountsJoin = (alias: string) => sql.raw(`join accounts a on a.tenant_id = ${alias}.tenant_id and a.account_id = ${alias}.account_id`)

const bills: ReportDataset = {
  name: 'bills',
  description: 'One row per bill (regular and correction); its day is the issue date, its month the billing period\'s.',
  columns: [
    c('billNumber', 'Bill number', 'text', 'b.number'), c('kind', 'Kind', 'text', 'b.kind'), c('accountNumber', 'Account number', 'text', 'a.number'),
    c('periodStart', 'Period start', 'date', 'b.period_start'), c('periodEnd', 'Period end (excl.)', 'date', 'b.period_end'),
    c('issuedOn', 'Issued on', 'date', 'b.issued_on'), c('dueOn', 'Due on', 'date', 'b.due_on'), c('currency', 'Currency', 'text', 'trim(b.currency)', 9),
    c('charges', 'Charges', 'money', 'b.charges'), c('amountDue', 'Amount due', 'money', 'b.amount_due'), c('payable', 'Payable', 'money', 'b.payable'),
    c('paid', 'Paid', 'money', 'b.paid'), c('open', 'Open', 'money', 'greatest(b.amount_due - b.paid, 0)'),
  ],
  date: 'b.issued_on',
  account: 'b.account_id',
  key: { expr: 'b.bill_id', type: 'uuid' },
  kinds: { filter: 'kind', expr: 'b.kind', values: ['regular', 'correction'] },
  from: (s) => sql`from bills b ${accountsJoin('b')} where b.tenant_id = ${s.tenantId}`,
}

const billLines: ReportDataset = {
  name: 'bill_lines',
  description: 'One row per charge line of a bill; its day is the bill\'s issue date; its utility the service point\'s resource (or the line\'s service).',
  columns: [
    c('billNumber', 'Bill number', 'text', 'b.number'), c('accountNumber', 'Account number', 'text', 'a.number'),
    c('periodStart', 'Period start', 'date', 'b.period_start'), c('issuedOn', 'Issued on', 'date', 'b.issued_on'),
    c('utility', 'Utility', 'text', UTILITY_SQL('coalesce(sp.resource, l.service)')), c('service', 'Service', 'text', 'l.service'),
    c('line', 'Line item', 'text', 'l.line', 18), c('method', 'Method', 'text', 'l.method'),
    c('intervalFrom', 'From', 'date', 'l.interval_from'), c('intervalTo', 'To (excl.)', 'date', 'l.interval_to'),
    c('volume', 'Volume', 'volume', 'l.volume'), c('rate', 'Rate', 'decimal', 'l.rate'), c('amount', 'Amount', 'money', 'l.amount'),
  ],
  date: 'b.issued_on',
  utility: UTILITY_SQL('coalesce(sp.resource, l.service)'),
  account: 'b.account_id',
  key: { expr: `l.bill_id::text || ':' || lpad(l.line_no::text, 6, '0')`, type: 'text' },
  from: (s) => sql`from bill_lines l join bills b on b.tenant_id = l.tenant_id and b.bill_id = l.bill_id ${accountsJoin('b')}
    left join service_points sp on sp.tenant_id = l.tenant_id and sp.service_point_id = l.service_point_id
    where l.tenant_id = ${s.tenantId}`,
}

const payments: ReportDataset = {
  name: 'payments',
  description: 'One row per payment (reversed ones too, with their status); its day is the payment date.',
  columns: [
    c('paidOn', 'Paid on', 'date', 'p.paid_on'), c('externalId', 'External id', 'text', 'p.external_id', 24), c('accountNumber', 'Account number', 'text', 'a.number'),
    c('amount', 'Amount', 'money', 'p.amount'), c('currency', 'Currency', 'text', 'trim(p.currency)', 9), c('source', 'Source', 'text', 'p.source', 11),
    c('status', 'Status', 'text', 'p.status', 9),
  ],
  date: 'p.paid_on',
  account: 'p.account_id',
  key: { expr: 'p.payment_id', type: 'uuid' },
  kinds: { filter: 'status', expr: 'p.status', values: ['posted', 'reversed'] },
  from: (s) => sql`from payments p ${accountsJoin('p')} where p.tenant_id = ${s.tenantId}`,
}

/**
 * Accepted meter readings with the consumption since the meter's previous
 * accepted reading (an index's difference; a consumption reading's own
 * value), read in the tenant's day. Grouped by month and utility it is the
 * consumption per month; the previous reading may lie before `from`, so the
 * first month's figure is whole.
 */
const readings: ReportDataset = {
  name: 'readings',
  description: 'One row per accepted meter reading, with the consumption since the meter\'s previous one; its day is the reading\'s day in the tenant\'s time zone.',
  columns: [
    c('readOn', 'Read on', 'date', `(r.read_at at time zone r.tz)::date`), c('accountNumber', 'Account number', 'text', 'a.number'),
    c('utility', 'Utility', 'text', UTILITY_SQL('sp.resource')), c('resource', 'Resource', 'text', 'sp.resource'),
    c('servicePointCode', 'Service point', 'text', 'sp.code'), c('meterSerial', 'Meter', 'text', 'm.serial'), c('unit', 'Unit', 'text', 'sp.unit', 8),
    c('kind', 'Reading kind', 'text', 'r.kind', 11), c('value', 'Value', 'decimal', 'r.value'), c('consumption', 'Consumption', 'volume', 'r.consumption'),
    c('source', 'Source', 'text', 'r.source', 11),
  ],
  date: '(r.read_at at time zone r.tz)::date',
  utility: UTILITY_SQL('sp.resource'),
  account: 'sp.account_id',
  key: { expr: `lpad(r.reading_id::text, 20, '0')`, type: 'text' },
  from: (s) => sql`from (
      select r.reading_id, r.meter_id, r.read_at, r.kind, r.value, r.source, ${s.timeZone}::text as tz,
        case when r.kind = 'consumption' then r.value
          else r.value - lag(r.value) over (partition by r.meter_id order by r.read_at, r.reading_id) end as consumption
      from readings r
      where r.tenant_id = ${s.tenantId} and r.status = 'accepted' and r.value is not null
        ${s.accountIds ? sql`and r.meter_id in (select m.meter_id from meters m join service_points sp on sp.tenant_id = m.tenant_id and sp.service_point_id = m.service_point_id
          where m.tenant_id = ${s.tenantId} and sp.account_id = any(${[...s.accountIds]}::uuid[]))` : sql``}
    ) r
    join meters m on m.tenant_id = ${s.tenantId} and m.meter_id = r.meter_id
    join service_points sp on sp.tenant_id = m.tenant_id and sp.service_point_id = m.service_point_id
    ${accountsJoin('sp')}
    where true`,
}

const balances: ReportDataset = {
  name: 'balances',
  description: 'One row per account with its balance as of now (debt +, credit −); its day is the account\'s opening day.',
  columns: [
    c('accountNumber', 'Account number', 'text', 'a.number'), c('customer', 'Customer', 'text', `concat_ws(' ', cu.name, cu.surname)`, 32),
    c('balance', 'Balance: debt (+) / credit (−)', 'money', 'coalesce(ab.balance, 0)'),
    c('position', 'Position', 'text', `case when ab.balance > 0 then 'debt' when ab.balance < 0 then 'credit' else 'settled' end`, 9),
    c('openedOn', 'Opened on', 'date', 'a.opened_on'), c('closedOn', 'Closed on', 'date', 'a.closed_on'),
  ],
  date: 'a.opened_on',
  account: 'a.account_id',
  key: { expr: 'a.account_id', type: 'uuid' },
  from: (s) => sql`from accounts a join customers cu on cu.tenant_id = a.tenant_id and cu.customer_id = a.customer_id
    left join account_balances ab on ab.tenant_id = a.tenant_id and ab.account_id = a.account_id
    where a.tenant_id = ${s.tenantId}`,
}

export const REPORT_DATASETS = { bills, bill_lines: billLines, payments, readings, balances } as const
export type DatasetName = keyof typeof REPORT_DATASETS
export const DATASET_NAMES = Object.keys(REPORT_DATASETS) as DatasetName[]

/** What GET /v1/report-datasets shows: each dataset's columns and what it can be grouped and filtered by. */
export function datasetCatalogue() {
  return {
    items: DATASET_NAMES.map((name) => {
      const d: ReportDataset = REPORT_DATASETS[name]
      return { name, description: d.description, columns: d.columns.map(({ key, header, kind }) => ({ key, header, kind, summable: SUMMABLE.has(kind) })),
        groupBy: ['month', ...(d.utility ? ['utility'] : [])], filters: ['from', 'to', 'accountId', ...(d.utility ? ['utility'] : []), ...(d.kinds ? [d.kinds.filter] : [])],
        ...(d.kinds ? { filterValues: { [d.kinds.filter]: d.kinds.values } } : {}) }
    }),
  }
}

/** The kinds a grouped report sums (exact decimals: SQL numeric sums). */
export const SUMMABLE: ReadonlySet<ColumnKind> = new Set(['money', 'volume'])
