// The warning letter as a document: the warning as recorded (issued, how,
// its reference) with the parties and the account's debt on the day it was
// issued, read from the ledger as of that day, so the letter reads the same
// whenever it is downloaded (seed 002 item 4: the warning before disconnection).
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import { notFound } from '../errors.ts'
import { langOfLocale, type Lang } from '../documents/lang.ts'
import { loadParties, type PartiesView } from '../documents/party.ts'

export interface WarningLetterView extends PartiesView {
  lang: Lang
  warning: { id: string; kind: 'nonpayment' | 'missing_readings'; issuedOn: string; deliveredOn: string | null; channel: string; reference: string | null; note: string | null }
  /** the balance on issuedOn: debt (+) or credit (−), a decimal string */
  debtOn: string
  /** the bills open on issuedOn, oldest first */
  openBills: { number: string; periodStart: string; dueOn: string; open: string }[]
}

export async function loadWarningLetter(db: Db, tenantId: string, warningId: string, lang?: Lang): Promise<WarningLetterView> {
  const w = await db.selectFrom('warnings').select(['warningId', 'accountId', 'kind', 'issuedOn', 'deliveredOn', 'channel', 'reference', 'note'])
    .where('tenantId', '=', tenantId).where('warningId', '=', warningId).executeTakeFirst()
  if (!w) throw notFound('letter')
  const parties = await loadParties(db, tenantId, w.accountId)
  const debt = await db.selectFrom('ledgerEntries').select(sql<string>`coalesce(sum(amount), 0)::text`.as('debt'))
    .where('tenantId', '=', tenantId).where('accountId', '=', w.accountId).where('bookedOn', '<=', w.issuedOn).executeTakeFirstOrThrow()
  // what was open that day: issued by then, and not paid by then (payments dated after it do not count)
  const open = await sql<{ number: string; periodStart: string; dueOn: string; issuedOn: string; open: string }>`
    select * from (select b.number, b.period_start::text as period_start, b.due_on::text as due_on, b.issued_on,
      (b.amount_due - coalesce((select sum(pa.amount) from payment_allocations pa join payments p on p.tenant_id = pa.tenant_id and p.payment_id = pa.payment_id
        where pa.tenant_id = b.tenant_id and pa.bill_id = b.bill_id and p.paid_on <= ${w.issuedOn}::date and p.status = 'posted'), 0)) as open
      from bills b where b.tenant_id = ${tenantId} and b.account_id = ${w.accountId} and b.issued_on <= ${w.issuedOn}::date) o
    where o.open > 0 order by o.issued_on, o.number`.execute(db)
  return { ...parties, lang: lang ?? langOfLocale(parties.tenant.locale), warning: { id: w.warningId, kind: w.kind, issuedOn: w.issuedOn,
    deliveredOn: w.deliveredOn, channel: w.channel, reference: w.reference, note: w.note },
  debtOn: debt.debt, openBills: open.rows.map((b) => ({ number: b.number, periodStart: b.periodStart, dueOn: b.dueOn, open: String(b.open) })) }
}

export const warningLetterFileName = (v: WarningLetterView): string =>
  `warning-${v.account.number.replace(/[^A-Za-z0-9_-]/g, '_')}-${v.warning.issuedOn}-${v.lang}.pdf`
