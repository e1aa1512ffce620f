// Reading combined invoices (issue 12 §1): a page filtered by customer,
// account, period, run or OCR reference, and one invoice with its sections
// and VAT per rate. A customer token sees an invoice only when it holds every
// account on it (the invoice shows them all): otherwise 404, like a missing one.
import { sql } from 'kysely'
import { z } from 'zod'
import { dec } from '../../core/shared/decimal.ts'
import type { Db } from '../../db/database.ts'
import { notFound } from '../errors.ts'
import { decodeCursor, encodeCursor } from '../pagination.ts'
import { getBill } from '../billing/bills.ts'
import { vatByRate } from '../documents/render/utility-sections.ts'
import type { InvoiceDto, InvoiceWithSectionsDto, invoiceListQuery } from './invoice-dto.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The accounts an invoice covers (customer access: register-routes.ts admits a holder of one; the use-case asks for all). */
export async function accountsOfInvoice(db: Db, tenantId: string, invoiceId: string): Promise<string[]> {
  if (!UUID.test(invoiceId)) return []
  const rows = await db.selectFrom('invoiceBills as ib').innerJoin('bills as b', (j) => j.onRef('b.tenantId', '=', 'ib.tenantId').onRef('b.billId', '=', 'ib.billId'))
    .select('b.accountId').distinct().where('ib.tenantId', '=', tenantId).where('ib.invoiceId', '=', invoiceId).execute()
  return rows.map((r) => r.accountId)
}

interface InvoiceRow {
  invoiceId: string; number: string; ocr: string; customerId: string; customerName: string; periodStart: string; periodEnd: string; issuedOn: string; dueOn: string
  currency: string; charges: string; payable: string; billRunId: string | null; createdAt: Date
}
interface BillPart { invoiceId: string; billId: string; accountId: string; accountNumber: string; billNumber: string; address: string | null; charges: string; payable: string; paid: string }

async function billsOf(db: Db, tenantId: string, invoiceIds: string[]): Promise<Map<string, BillPart[]>> {
  const out = new Map<string, BillPart[]>()
  if (!invoiceIds.length) return out
  const { rows } = await sql<BillPart>`
    select ib.invoice_id, b.bill_id, b.account_id, a.number as account_number, b.number as bill_number,
      nullif(concat_ws(', ', p.address, nullif(concat_ws(' ', p.postal_code, p.city), '')), '') as address,
      b.amount_due::text as charges, b.payable::text as payable, b.paid::text as paid
    from invoice_bills ib
    join bills b on b.tenant_id = ib.tenant_id and b.bill_id = ib.bill_id
    join accounts a on a.tenant_id = b.tenant_id and a.account_id = b.account_id
    left join premises p on p.tenant_id = a.tenant_id and p.premises_id = a.premises_id
    where ib.tenant_id = ${tenantId} and ib.invoice_id = any(${invoiceIds}::uuid[])
    order by ib.invoice_id, a.number, b.number`.execute(db)
  for (const r of rows) out.set(r.invoiceId, [...(out.get(r.invoiceId) ?? []), r])
  return out
}

function toDto(r: InvoiceRow, bills: BillPart[]): InvoiceDto {
  const accounts: { id: string; number: string }[] = []
  for (const b of bills) if (!accounts.some((a) => a.id === b.accountId)) accounts.push({ id: b.accountId, number: b.accountNumber })
  return {
    id: r.invoiceId, number: r.number, ocr: r.ocr, customerId: r.customerId, customerName: r.customerName, periodStart: r.periodStart, periodEnd: r.periodEnd,
    issuedOn: r.issuedOn, dueOn: r.dueOn, currency: r.currency.trim(), charges: r.charges, payable: r.payable,
    paid: bills.reduce((s, b) => s.plus(b.paid), dec(0)).toFixed(), billRunId: r.billRunId, createdAt: r.createdAt.toISOString(),
    accounts, bills: bills.map(({ invoiceId: _i, ...b }) => b),
  }
}

function invoiceRows(db: Db, tenantId: string) {
  return db.selectFrom('invoices as i').innerJoin('customers as c', (j) => j.onRef('c.tenantId', '=', 'i.tenantId').onRef('c.customerId', '=', 'i.customerId'))
    .select(['i.invoiceId', 'i.number', 'i.ocr', 'i.customerId', 'i.periodStart', 'i.periodEnd', 'i.issuedOn', 'i.dueOn', 'i.currency', 'i.charges', 'i.payable',
      'i.billRunId', 'i.createdAt', sql<string>`case when c.kind = 'person' and c.surname is not null then c.name || ' ' || c.surname else c.name end`.as('customerName')])
    .where('i.tenantId', '=', tenantId)
}

/** Covered by `within` (a customer's accounts): every account of the invoice is among them. */
const coveredBy = (bills: BillPart[], within: readonly string[] | undefined) => !within || bills.every((b) => within.includes(b.accountId))

/** `within`: a customer's accounts (issue 10 §4); undefined for API keys (the whole tenant). */
export async function listInvoices(db: Db, tenantId: string, q: z.output<typeof invoiceListQuery>, within?: readonly string[]): Promise<{ items: InvoiceDto[]; nextCursor: string | null }> {
  if (within && within.length === 0) return { items: [], nextCursor: null }
  const after = decodeCursor(q.cursor)
  const billsOfInvoice = (eb: any) => eb.selectFrom('invoiceBills as ib')
    .innerJoin('bills as b', (j: any) => j.onRef('b.tenantId', '=', 'ib.tenantId').onRef('b.billId', '=', 'ib.billId'))
    .select(sql`1`.as('one')).whereRef('ib.tenantId', '=', 'i.tenantId').whereRef('ib.invoiceId', '=', 'i.invoiceId')
  const rows = await invoiceRows(db, tenantId)
    .$if(!!q.customerId, (x) => x.where('i.customerId', '=', q.customerId!))
    .$if(!!q.period, (x) => x.where('i.periodStart', '=', q.period!))
    .$if(!!q.billRunId, (x) => x.where('i.billRunId', '=', q.billRunId!))
    .$if(!!q.ocr, (x) => x.where('i.ocr', '=', q.ocr!))
    .$if(!!q.accountId, (x) => x.where((eb) => eb.exists(billsOfInvoice(eb).where('b.accountId', '=', q.accountId!))))
    // a customer sees an invoice when it holds every account on it (the invoice shows them all)
    .$if(!!within, (x) => x.where((eb) => eb.and([
      eb.exists(billsOfInvoice(eb)),
      eb.not(eb.exists(billsOfInvoice(eb).where('b.accountId', '<>', sql<string>`all(${[...within!]}::uuid[])`))),
    ])))
    .$if(!!after, (x) => x.where('i.invoiceId', '>', after!))
    .orderBy('i.invoiceId').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const page = (more ? rows.slice(0, q.limit) : rows) as InvoiceRow[]
  const bills = await billsOf(db, tenantId, page.map((r) => r.invoiceId))
  return { items: page.map((r) => toDto(r, bills.get(r.invoiceId) ?? [])), nextCursor: more ? encodeCursor(page[page.length - 1]!.invoiceId) : null }
}

/** One invoice with a section per utility and address, and VAT per rate over all its bills. */
export async function getInvoice(db: Db, tenantId: string, invoiceId: string, within?: readonly string[]): Promise<InvoiceWithSectionsDto> {
  if (!UUID.test(invoiceId)) throw notFound('invoice')
  const row = await invoiceRows(db, tenantId).where('i.invoiceId', '=', invoiceId).executeTakeFirst()
  const parts = row ? (await billsOf(db, tenantId, [invoiceId])).get(invoiceId) ?? [] : []
  if (!row || !coveredBy(parts, within)) throw notFound('invoice')
  const bills = await Promise.all(parts.map((p) => getBill(db, tenantId, p.billId)))
  const sections: InvoiceWithSectionsDto['sections'] = []
  bills.forEach((b, k) => {
    const part = parts[k]!
    const services: string[] = []
    for (const l of b.lines) if (!services.includes(l.service)) services.push(l.service)
    for (const service of services) {
      const lines = b.lines.filter((l) => l.service === service)
      const vat = lines.filter((l) => l.kind === 'tax' && l.line === 'vat').reduce((s, l) => s.plus(l.amount), dec(0))
      const all = lines.reduce((s, l) => s.plus(l.amount), dec(0))
      sections.push({ service, accountId: part.accountId, accountNumber: part.accountNumber, address: part.address,
        amountExclVat: all.minus(vat).toFixed(2), vat: vat.toFixed(2) })
    }
  })
  const vat = vatByRate(bills.flatMap((b) => b.lines)).map((r) => ({ rate: r.rate, base: r.base.toFixed(2), vat: r.vat.toFixed(2) }))
  return { ...toDto(row as InvoiceRow, parts), sections, vat }
}

/** Invoices by OCR reference, for the payments intake: the invoice, its bills' accounts, and the account credit stays on (the first by number). */
export async function invoicesByOcr(db: Db, tenantId: string, ocrs: string[]): Promise<Map<string, { invoiceId: string; accountIds: string[]; creditAccountId: string }>> {
  const out = new Map<string, { invoiceId: string; accountIds: string[]; creditAccountId: string }>()
  if (!ocrs.length) return out
  const { rows } = await sql<{ ocr: string; invoiceId: string; accountIds: string[] }>`
    select i.ocr, i.invoice_id, array_agg(distinct b.account_id::text) as account_ids,
      (array_agg(b.account_id::text order by a.number))[1] as credit_account_id
    from invoices i
    join invoice_bills ib on ib.tenant_id = i.tenant_id and ib.invoice_id = i.invoice_id
    join bills b on b.tenant_id = ib.tenant_id and b.bill_id = ib.bill_id
    join accounts a on a.tenant_id = b.tenant_id and a.account_id = b.account_id
    where i.tenant_id = ${tenantId} and i.ocr = any(${ocrs}::text[])
    group by i.ocr, i.invoice_id`.execute(db)
  for (const r of rows as unknown as { ocr: string; invoiceId: string; accountIds: string[]; creditAccountId: string }[]) out.set(r.ocr, r)
  return out
}
