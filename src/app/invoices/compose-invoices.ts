// One invoice per Swedish customer and period (issue 12 §1; multi-utility.md
// "Common to all": one customer number, several agreements, one invoice per
// customer and period with one OCR reference). After a bill run completes,
// the bills it issued are grouped by their account's customer; each group
// becomes an invoice with a gapless number (series 'invoice') and its OCR
// reference. Per market: SEK tenants combine; RUB and IRR tenants keep one
// payment document per bill, exactly as before.
// Safe to repeat: one composer at a time per tenant (advisory lock), and a
// bill already on an invoice, or a customer whose period is invoiced, is
// left out; the unique indexes of migration 0150 back both rules.
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../../db/database.ts'
import { buildOcr } from '../../core/ids/swedish-ocr.ts'
import { inTransaction } from '../transaction.ts'
import { takeNumbers } from '../billing/numbering.ts'

export const INVOICE_SERIES = 'invoice'

/** Which markets send one invoice per customer: Sweden (seed 001, multi-utility.md). */
export const combinesInvoices = (currency: string): boolean => currency.trim() === 'SEK'

/**
 * The invoice number: a 9 and the counter's value on 8 digits (900000001).
 * Its OCR reference is 11 digits (number, length digit, Luhn), so it never
 * equals a bill's OCR (8-digit bill number → 10 digits) while bill numbers
 * stay below 900 000 000.
 */
export const invoiceNumber = (n: bigint): string => `9${n.toString().padStart(8, '0')}`

const BATCH = 2_000

/** Composes the invoices of a run's bills; returns how many were made now (0 when the market does not combine). */
export async function composeRunInvoices(db: Db, tenantId: string, billRunId: string): Promise<number> {
  return inTransaction(db, async (trx) => {
    const tenant = await trx.selectFrom('tenants').select('currency').where('tenantId', '=', tenantId).executeTakeFirst()
    if (!tenant || !combinesInvoices(tenant.currency)) return 0
    await sql`select pg_advisory_xact_lock(hashtext(${`invoices:${tenantId}`}))`.execute(trx)
    // the run is marked in the same transaction: the sweep below looks only at completed runs without the mark
    await sql`update bill_runs set invoices_composed_at = now()
      where tenant_id = ${tenantId} and bill_run_id = ${billRunId} and status = 'completed' and invoices_composed_at is null`.execute(trx)
    const { rows: groups } = await sql<{ customerId: string; periodStart: string; periodEnd: string; issuedOn: string; dueOn: string; currency: string;
      charges: string; payable: string; billIds: string[] }>`
      select a.customer_id, b.period_start::text, max(b.period_end)::text as period_end, max(b.issued_on)::text as issued_on, max(b.due_on)::text as due_on,
        min(trim(b.currency)) as currency, sum(b.amount_due)::text as charges, sum(b.payable)::text as payable,
        array_agg(b.bill_id order by a.number, b.number) as bill_ids
      from bills b join accounts a on a.tenant_id = b.tenant_id and a.account_id = b.account_id
      where b.tenant_id = ${tenantId} and b.bill_run_id = ${billRunId} and b.kind = 'regular'
        and not exists (select 1 from invoice_bills ib where ib.tenant_id = b.tenant_id and ib.bill_id = b.bill_id)
        and not exists (select 1 from invoices i where i.tenant_id = b.tenant_id and i.customer_id = a.customer_id and i.period_start = b.period_start)
      group by a.customer_id, b.period_start
      order by a.customer_id, b.period_start`.execute(trx)
    if (groups.length === 0) return 0
    const first = await takeNumbers(trx, tenantId, groups.length, INVOICE_SERIES)
    const invoices = groups.map((g, k) => {
      const number = invoiceNumber(first + BigInt(k))
      return { row: { tenantId, invoiceId: uuidv7(), customerId: g.customerId, periodStart: g.periodStart, periodEnd: g.periodEnd, number, ocr: buildOcr(number),
        issuedOn: g.issuedOn, dueOn: g.dueOn, currency: g.currency, charges: g.charges, payable: g.payable, billRunId }, billIds: g.billIds }
    })
    for (let i = 0; i < invoices.length; i += BATCH) await trx.insertInto('invoices').values(invoices.slice(i, i + BATCH).map((x) => x.row)).execute()
    const links = invoices.flatMap((x) => x.billIds.map((billId) => ({ tenantId, invoiceId: x.row.invoiceId, billId })))
    for (let i = 0; i < links.length; i += BATCH) await trx.insertInto('invoiceBills').values(links.slice(i, i + BATCH)).execute()
    return invoices.length
  })
}

/**
 * The safety net under composeRunInvoices (migration 0152): a worker killed
 * between a run's completion and its invoices leaves the run unmarked; the
 * hourly sweep composes the invoices of every completed SEK run without the
 * mark. Returns the invoices composed.
 */
export async function composeMissingInvoices(db: Db): Promise<number> {
  const { rows } = await sql<{ tenantId: string; billRunId: string }>`
    select r.tenant_id, r.bill_run_id from bill_runs r join tenants t on t.tenant_id = r.tenant_id
    where r.status = 'completed' and r.invoices_composed_at is null and trim(t.currency) = 'SEK'
    order by r.tenant_id, r.finished_at`.execute(db)
  let composed = 0
  for (const r of rows) composed += await composeRunInvoices(db, r.tenantId, r.billRunId)
  return composed
}

export const COMPOSE_INVOICES_TASK = 'compose_missing_invoices'
