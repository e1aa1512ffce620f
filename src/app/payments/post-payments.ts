// Posting payments, one or thousands at a time, in one transaction:
// multi-row insert idempotent on (tenant, external id); for each new payment,
// allocation to open bills (bills.paid, payment_allocations) and a `payment`
// ledger entry (negative) through postEntries, which moves the balance.
// A repeat of an external id with the same content is a duplicate (the stored
// payment); with other content it is a conflict.
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { dec } from '../../core/shared/decimal.ts'
import type { Fx } from '../../core/shared/decimal.ts'
import type { Db } from '../../db/database.ts'
import type { Insertable, Transaction } from 'kysely'
import type { DB, PaymentsTable } from '../../db/schema.ts'
import { postEntries, type LedgerEntryInput } from '../ledger/post-entries.ts'
import { inTransaction } from '../transaction.ts'
import { lockAccounts } from '../ledger/account-lock.ts'
import { allocate, type OpenBill } from './allocate.ts'
import { emitEvents } from '../events/events.ts'
import type { PaymentRow } from './payment-dto.ts'
import type { PaymentInput } from './payment-input.ts'
import { invoicesByOcr } from '../invoices/invoices.queries.ts'
import { isValidOcr } from '../../core/ids/swedish-ocr.ts'

export type PaymentOutcome =
  | { status: 'created' | 'duplicate'; payment: PaymentRow }
  | { status: 'conflict'; code: 'payment_conflict'; message: string; paymentId: string }
  | { status: 'rejected'; code: 'account_not_found' | 'bill_not_found' | 'invoice_not_found' | 'currency_mismatch' | 'amount_precision'; message: string }

const CHUNK = 2_000

/** A payment by an invoice's OCR reference (issue 12 §1) is the invoice's: its accounts, and the one its credit stays on. */
interface InvoiceRef { invoiceId: string; accountIds: string[]; creditAccountId: string }

const sameContent = (p: PaymentRow, i: PaymentInput, currency: string, invoice: InvoiceRef | undefined) =>
  (invoice ? p.invoiceId === invoice.invoiceId : p.accountId === i.accountId && p.invoiceId === null) && dec(p.amount).eq(i.amount) && p.currency === (i.currency ?? currency)
  && p.paidOn === i.paidOn && p.source === i.source && (p.billId ?? null) === (i.billId ?? null)

async function checkRefs(trx: Transaction<DB>, tenantId: string, inputs: PaymentInput[]) {
  const accountIds = [...new Set(inputs.flatMap((i) => (i.accountId ? [i.accountId] : [])))]
  const references = [...new Set(inputs.flatMap((i) => (i.reference ? [i.reference] : [])))]
  const billIds = [...new Set(inputs.flatMap((i) => (i.billId ? [i.billId] : [])))]
  const [tenant, accounts, bills] = await Promise.all([
    trx.selectFrom('tenants').select(['currency', 'minorUnits']).where('tenantId', '=', tenantId).executeTakeFirstOrThrow(),
    trx.selectFrom('accounts').select('accountId').where('tenantId', '=', tenantId).where('accountId', '=', sql<string>`any(${accountIds}::uuid[])`).execute(),
    billIds.length ? trx.selectFrom('bills').select(['billId', 'accountId']).where('tenantId', '=', tenantId).where('billId', '=', sql<string>`any(${billIds}::uuid[])`).execute() : [],
  ])
  const invoices = await invoicesByOcr(trx, tenantId, references)
  return { currency: tenant.currency, minorUnits: tenant.minorUnits, accounts: new Set(accounts.map((a) => a.accountId)), billAccount: new Map(bills.map((b) => [b.billId, b.accountId])),
    invoices }
}

/**
 * A reference that is a bill's own OCR (the bill number with its length and
 * Luhn digits, payment-code.ts; bills of a late run keep their own payment
 * document, and a bank line may carry one) pays that bill: the input becomes
 * the account and the bill. An invoice's OCR stays a reference (11 digits
 * from 9-digit invoice numbers, so the two never meet).
 */
async function resolveBillReferences(trx: Transaction<DB>, tenantId: string, inputs: PaymentInput[]): Promise<PaymentInput[]> {
  const bases = new Map<string, string>()
  for (const i of inputs) if (i.reference !== undefined && isValidOcr(i.reference, { lengthDigit: true })) bases.set(i.reference, i.reference.slice(0, -2))
  if (!bases.size) return inputs
  const bills = await trx.selectFrom('bills').select(['billId', 'accountId', 'number']).where('tenantId', '=', tenantId)
    .where('number', '=', sql<string>`any(${[...new Set(bases.values())]}::text[])`).execute()
  const byNumber = new Map(bills.map((b) => [b.number, b]))
  return inputs.map((i) => {
    const bill = i.reference !== undefined ? byNumber.get(bases.get(i.reference) ?? '') : undefined
    if (!bill) return i
    const { reference: _r, ...rest } = i
    return { ...rest, accountId: bill.accountId, billId: bill.billId }
  })
}

export async function postPayments(db: Db, tenantId: string, given: PaymentInput[]): Promise<PaymentOutcome[]> {
  if (given.length === 0) return []
  return inTransaction(db, async (trx) => {
    const inputs = await resolveBillReferences(trx, tenantId, given)
    const refs = await checkRefs(trx, tenantId, inputs)
    const outcomes: (PaymentOutcome | undefined)[] = new Array(inputs.length)
    const firstOf = new Map<string, number>()
    const toInsert: { index: number; row: Insertable<PaymentsTable> & { externalId: string } }[] = []
    inputs.forEach((i, index) => {
      const invoice = i.reference !== undefined ? refs.invoices.get(i.reference) : undefined
      if (i.reference !== undefined && !invoice) { outcomes[index] = { status: 'rejected', code: 'invoice_not_found', message: `no invoice or bill has the OCR reference ${i.reference}` }; return }
      if (!invoice && !refs.accounts.has(i.accountId!)) { outcomes[index] = { status: 'rejected', code: 'account_not_found', message: 'account not found' }; return }
      if (i.billId && refs.billAccount.get(i.billId) !== i.accountId) { outcomes[index] = { status: 'rejected', code: 'bill_not_found', message: 'bill not found on this account' }; return }
      if (i.currency && i.currency !== refs.currency) { outcomes[index] = { status: 'rejected', code: 'currency_mismatch', message: `payments are in ${refs.currency}` }; return }
      // An amount finer than the currency's minor unit (0.001 RUB) cannot be paid or allocated to bills exactly.
      if (!dec(i.amount).round(refs.minorUnits, 'down').eq(i.amount)) {
        outcomes[index] = { status: 'rejected', code: 'amount_precision', message: `amounts in ${refs.currency} have at most ${refs.minorUnits} decimals` }; return
      }
      if (firstOf.has(i.externalId)) return // decided after the first of its external id
      firstOf.set(i.externalId, index)
      toInsert.push({ index, row: { tenantId, paymentId: uuidv7(), accountId: invoice ? invoice.creditAccountId : i.accountId!, invoiceId: invoice?.invoiceId ?? null, externalId: i.externalId, source: i.source, amount: i.amount,
        currency: i.currency ?? refs.currency, paidOn: i.paidOn, billId: i.billId ?? null, status: 'posted' as const } })
    })

    // Insert; a conflicting external id (stored before, or by a concurrent request that committed first) inserts nothing.
    const inserted = new Map<string, PaymentRow>()
    for (let c = 0; c < toInsert.length; c += CHUNK) {
      const part = toInsert.slice(c, c + CHUNK).map(({ row }) => row)
      const got = await trx.insertInto('payments').values(part).onConflict((oc) => oc.columns(['tenantId', 'externalId']).doNothing())
        .returningAll().execute()
      for (const g of got) inserted.set(g.externalId, g)
    }
    const fresh = toInsert.filter(({ row }) => inserted.has(row.externalId))
    const storedBefore = toInsert.filter(({ row }) => !inserted.has(row.externalId)).map(({ row }) => row.externalId)
    const stored = new Map<string, PaymentRow>()
    for (let c = 0; c < storedBefore.length; c += CHUNK) {
      const rows = await trx.selectFrom('payments').selectAll().where('tenantId', '=', tenantId)
        .where('externalId', '=', sql<string>`any(${storedBefore.slice(c, c + CHUNK)}::text[])`).execute()
      for (const r of rows) stored.set(r.externalId, r)
    }
    await applyFresh(trx, tenantId, fresh.map((f) => inserted.get(f.row.externalId)!), new Map([...refs.invoices.values()].map((v) => [v.invoiceId, v])))
    for (const [externalId, row] of inserted) stored.set(externalId, row)

    inputs.forEach((i, index) => {
      if (outcomes[index]) return
      const p = stored.get(i.externalId)!
      const isNew = firstOf.get(i.externalId) === index && inserted.has(i.externalId)
      if (isNew) outcomes[index] = { status: 'created', payment: p }
      else if (sameContent(p, i, refs.currency, i.reference !== undefined ? refs.invoices.get(i.reference) : undefined)) outcomes[index] = { status: 'duplicate', payment: p }
      else outcomes[index] = { status: 'conflict', code: 'payment_conflict', paymentId: p.paymentId,
        message: `external id ${i.externalId} was used before for a payment with other content` }
    })
    return outcomes as PaymentOutcome[]
  })
}

/**
 * Allocate the new payments, update bills.paid, record allocations and post the ledger entries.
 * A payment by an invoice's OCR reference pays the open bills of all the invoice's accounts, oldest
 * first (issue date, then number: deterministic), and each account's ledger gets its share; what is
 * left stays as credit on the invoice's first account (its payment row's accountId).
 */
async function applyFresh(trx: Transaction<DB>, tenantId: string, rows: PaymentRow[], invoices: Map<string, InvoiceRef> = new Map()): Promise<void> {
  if (rows.length === 0) return
  const accountsOf = (r: PaymentRow) => (r.invoiceId ? invoices.get(r.invoiceId)?.accountIds ?? [r.accountId] : [r.accountId])
  const accountIds = [...new Set(rows.flatMap(accountsOf))]
  // after a bill-run chunk of these accounts commits, or before it reads their balances (account-lock.ts)
  await lockAccounts(trx, tenantId, accountIds)
  // Locked in one order (account, issue date, number) so concurrent posts to the same accounts queue instead of deadlocking.
  const open = await sql<{ billId: string; accountId: string; open: string; issuedOn: string; number: string }>`
    select bill_id, account_id, (amount_due - paid)::text as open, issued_on::text as issued_on, number from bills
    where tenant_id = ${tenantId} and account_id = any(${accountIds}::uuid[]) and paid < amount_due
    order by account_id, issued_on, number for update`.execute(trx)
  const byAccount = new Map<string, OpenBill[]>()
  const order = new Map<string, string>()
  const accountOfBill = new Map<string, string>()
  for (const b of open.rows) {
    byAccount.set(b.accountId, [...(byAccount.get(b.accountId) ?? []), { billId: b.billId, open: dec(b.open) }])
    order.set(b.billId, `${b.issuedOn}|${b.number.padStart(20, '0')}|${b.billId}`)
    accountOfBill.set(b.billId, b.accountId)
  }
  /** An invoice's accounts' open bills merged oldest first (the same OpenBill objects, so payments of one batch see each other's shares). */
  const targetsOf = (r: PaymentRow): OpenBill[] => !r.invoiceId ? byAccount.get(r.accountId) ?? []
    : accountsOf(r).flatMap((a) => byAccount.get(a) ?? []).sort((x, y) => (order.get(x.billId)! < order.get(y.billId)! ? -1 : 1))
  const allocations: { tenantId: string; paymentId: string; billId: string; amount: string }[] = []
  const paidByBill = new Map<string, Fx>()
  const entries: LedgerEntryInput[] = []
  for (const r of rows) {
    const shares = new Map<string, Fx>()
    for (const a of allocate(r.amount, targetsOf(r), r.billId)) {
      allocations.push({ tenantId, paymentId: r.paymentId, billId: a.billId, amount: a.amount.toFixed() })
      paidByBill.set(a.billId, (paidByBill.get(a.billId) ?? dec(0)).plus(a.amount))
      const acc = accountOfBill.get(a.billId)!
      shares.set(acc, (shares.get(acc) ?? dec(0)).plus(a.amount))
    }
    const description = `payment ${r.source} ${r.externalId}`
    if (!r.invoiceId) { entries.push({ accountId: r.accountId, kind: 'payment', amount: dec(r.amount).neg().toFixed(), bookedOn: r.paidOn, description, paymentId: r.paymentId }); continue }
    // each account's share on its own ledger; the rest is credit on the payment's account (the invoice's first)
    const allocated = [...shares.values()].reduce((s, v) => s.plus(v), dec(0))
    shares.set(r.accountId, (shares.get(r.accountId) ?? dec(0)).plus(dec(r.amount).minus(allocated)))
    for (const [accountId, share] of [...shares].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (share.eq(0)) continue
      entries.push({ accountId, kind: 'payment', amount: share.neg().toFixed(), bookedOn: r.paidOn, description: `${description} (invoice OCR)`, paymentId: r.paymentId })
    }
  }
  for (let c = 0; c < allocations.length; c += CHUNK) await trx.insertInto('paymentAllocations').values(allocations.slice(c, c + CHUNK)).execute()
  if (paidByBill.size > 0) {
    const ids = [...paidByBill.keys()]
    const amounts = ids.map((id) => paidByBill.get(id)!.toFixed())
    await sql`update bills set paid = bills.paid + v.amount
      from unnest(${ids}::uuid[], ${amounts}::numeric[]) as v(bill_id, amount)
      where bills.tenant_id = ${tenantId} and bills.bill_id = v.bill_id`.execute(trx)
  }
  await postEntries(trx, tenantId, entries)
  // a duplicate or a conflict is no new payment: only the fresh ones are told
  const allocated = new Map<string, { billId: string; amount: string }[]>()
  for (const a of allocations) {
    let list = allocated.get(a.paymentId)
    if (!list) allocated.set(a.paymentId, list = [])
    list.push({ billId: a.billId, amount: a.amount })
  }
  await emitEvents(trx, tenantId, rows.map((r) => ({ type: 'payment.received' as const, objectType: 'payment', objectId: r.paymentId, data: {
    paymentId: r.paymentId, accountId: r.accountId, externalId: r.externalId, source: r.source, amount: r.amount, currency: r.currency, paidOn: r.paidOn,
    billId: r.billId, ...(r.invoiceId ? { invoiceId: r.invoiceId } : {}), allocations: allocated.get(r.paymentId) ?? [] } })))
}
