// The letters of some accounts, newest first, read from the records they
// come from: bills (bills_account index: tenant_id, account_id, issued_on) and
// warnings (warnings_account: tenant_id, account_id, kind, issued_on), in one
// UNION ALL ordered by (date, id) with a keyset cursor; each
// source is cut to the page before the merge.
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { LetterKind } from './letter-dto.ts'

export interface LetterRow {
  source: 'bill' | 'warning'
  id: string
  kind: LetterKind
  accountId: string
  accountNumber: string
  date: string
  periodStart: string | null
  periodEnd: string | null
  reference: string | null
  amount: string | null
  currency: string | null
  channel: string | null
  deliveredOn: string | null
}

export interface LetterScope {
  /** limit to these accounts (a customer's, or one account); undefined: the tenant */
  accountIds?: readonly string[] | undefined
  customerId?: string | undefined
  kinds?: readonly LetterKind[] | undefined
  from?: string | undefined
  to?: string | undefined
  /** the last (date, id) of the previous page */
  after?: { date: string; id: string } | undefined
  /** only this record (a download) */
  id?: string | undefined
}

export async function letterRows(db: Db, tenantId: string, s: LetterScope, limit: number): Promise<LetterRow[]> {
  const accounts = s.accountIds ? sql`and a.account_id = any(${[...s.accountIds]}::uuid[])` : sql``
  const customer = s.customerId ? sql`and a.customer_id = ${s.customerId}::uuid` : sql``
  const billDates = sql`${s.from ? sql`and b.issued_on >= ${s.from}::date` : sql``} ${s.to ? sql`and b.issued_on <= ${s.to}::date` : sql``}`
  const warnDates = sql`${s.from ? sql`and w.issued_on >= ${s.from}::date` : sql``} ${s.to ? sql`and w.issued_on <= ${s.to}::date` : sql``}`
  const billOne = s.id ? sql`and b.bill_id = ${s.id}::uuid` : sql``
  const warnOne = s.id ? sql`and w.warning_id = ${s.id}::uuid` : sql``
  const kinds = s.kinds?.length ? sql`and l.kind = any(${[...s.kinds]}::text[])` : sql``
  const after = s.after ? sql`and (l.date, l.id) < (${s.after.date}::date, ${s.after.id}::uuid)` : sql``
  // each source is cut to the page on its own (top-N per branch, the account's index for one account), then merged
  const page = (branch: ReturnType<typeof sql>) => sql`(select * from (${branch}) l where true ${kinds} ${after} order by l.date desc, l.id desc limit ${limit})`
  const rows = await sql<LetterRow>`
    select m.* from (
      ${page(sql`select 'bill' as source, b.bill_id as id, b.account_id, a.number as account_number,
        -- the last bill of a closed account is its final bill (the period holding the closing day)
        case when b.kind = 'correction' then 'correction'
             when a.closed_on is not null and b.period_start <= a.closed_on and a.closed_on <= b.period_end then 'final_bill'
             else 'payment_document' end as kind,
        b.issued_on as date, b.period_start::text as period_start, b.period_end::text as period_end, b.number as reference,
        b.payable::text as amount, trim(b.currency) as currency, null::text as channel, null::text as delivered_on
      from bills b join accounts a on a.tenant_id = b.tenant_id and a.account_id = b.account_id
      where b.tenant_id = ${tenantId} ${accounts} ${customer} ${billDates} ${billOne}`)}
      union all
      ${page(sql`select 'warning' as source, w.warning_id as id, w.account_id, a.number as account_number,
        case w.kind when 'nonpayment' then 'nonpayment_warning' else 'missing_readings_notice' end as kind,
        w.issued_on as date, null::text as period_start, null::text as period_end, w.reference, null::text as amount, null::text as currency,
        w.channel, w.delivered_on::text as delivered_on
      from warnings w join accounts a on a.tenant_id = w.tenant_id and a.account_id = w.account_id
      where w.tenant_id = ${tenantId} ${accounts} ${customer} ${warnDates} ${warnOne}`)}
    ) m
    order by m.date desc, m.id desc
    limit ${limit}`.execute(db)
  return rows.rows.map((r) => ({ ...r, date: typeof r.date === 'string' ? r.date : String(r.date) }))
}
