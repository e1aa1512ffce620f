// The document package of an account for one billing period (seed 000 step
// 6): the payment documents of the period's bills (regular and corrections),
// the reconciliation act over the period, and a manifest, in one ZIP.
import { PassThrough } from 'node:stream'
import { z } from 'zod'
import yazl from 'yazl'
import type { Db } from '../../db/database.ts'
import { addDays } from '../../core/shared/dates.ts'
import { accountRef } from '../ledger/account-ref.ts'
import { isoDate } from '../schemas.ts'
import { lang } from './lang.ts'
import type { Clock } from '../clock.ts'
import { loadPaymentDocument, paymentDocumentFileName } from './payment-document.ts'
import { loadReconciliationDocument, reconciliationFileName } from './reconciliation-document.ts'
import { renderPaymentDocument } from './render/payment-document.ts'
import { renderReconciliationAct } from './render/reconciliation-act.ts'

export const packageQuery = z.object({
  period: isoDate.describe('the first day of the billing period'),
  lang: lang.optional().describe('print in this language instead of the tenant\'s'),
}).strict()

export interface DocumentPackage { fileName: string; zip: Buffer; entries: string[] }

export async function documentPackage(db: Db, tenantId: string, accountId: string, q: z.infer<typeof packageQuery>, clock: Clock): Promise<DocumentPackage> {
  const account = await accountRef(db, tenantId, accountId)
  const bills = await db.selectFrom('bills').select(['billId', 'periodEnd']).where('tenantId', '=', tenantId).where('accountId', '=', accountId)
    .where('periodStart', '=', q.period).orderBy('number').execute()
  // the act runs over the period; without a bill, over one month from the period's first day
  const periodEnd = bills[0]?.periodEnd ?? addMonth(q.period)
  const range = { from: q.period, to: addDays(periodEnd, -1) }

  const zip = new yazl.ZipFile()
  const manifest: Array<Record<string, string>> = []
  const mtime = new Date(`${q.period}T00:00:00Z`)
  for (const b of bills) {
    const view = await loadPaymentDocument(db, tenantId, b.billId, clock, q.lang)
    const name = paymentDocumentFileName(view)
    zip.addBuffer(await renderPaymentDocument(view), name, { mtime })
    manifest.push({ file: name, type: 'payment_document', billId: view.bill.id, number: view.bill.number, kind: view.bill.kind,
      payable: view.bill.payable, dueOn: view.bill.dueOn, currency: view.tenant.currency })
  }
  const act = await loadReconciliationDocument(db, tenantId, accountId, range, q.lang)
  const actName = reconciliationFileName(act)
  zip.addBuffer(await renderReconciliationAct(act), actName, { mtime })
  manifest.push({ file: actName, type: 'reconciliation_act', from: range.from, to: range.to, closingBalance: act.act.closingBalance, currency: act.act.currency })
  const entries = [...manifest.map((m) => m.file!), 'manifest.json']
  zip.addBuffer(Buffer.from(JSON.stringify({ accountId, accountNumber: account.number, period: q.period, documents: manifest }, null, 2)), 'manifest.json', { mtime })
  zip.end()
  const out = new PassThrough()
  zip.outputStream.pipe(out)
  const chunks: Buffer[] = []
  for await (const c of out) chunks.push(c as Buffer)
  return { fileName: `documents-${account.number.replace(/[^A-Za-z0-9_-]/g, '_')}-${q.period}.zip`, zip: Buffer.concat(chunks), entries }
}

function addMonth(iso: string): string {
  const [y, m] = iso.split('-').map(Number) as [number, number]
  return `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-${iso.slice(8, 10)}`
}
