// Combined invoices (issue 12 §1): one per Swedish customer and period over
// all their accounts and utilities, with one OCR reference; the list, one
// invoice with its sections and VAT per rate, its PDF, and composing a run's
// invoices again (after a worker died between the run's end and them).
import { z } from 'zod'
import { accountsWith, READ_SCOPES, WRITE_SCOPES, type Principal } from '../../app/auth/principal.ts'
import { idParams, pageOf } from '../../app/schemas.ts'
import { langQuery } from '../../app/documents/lang.ts'
import { invoiceDto, invoiceListQuery, invoiceWithSectionsDto } from '../../app/invoices/invoice-dto.ts'
import { accountsOfInvoice, getInvoice, listInvoices } from '../../app/invoices/invoices.queries.ts'
import { invoiceFileName, loadInvoiceDocument } from '../../app/invoices/invoice-document.ts'
import { renderInvoice } from '../../app/documents/render/invoice.ts'
import { composeRunInvoices } from '../../app/invoices/compose-invoices.ts'
import { getBillRun } from '../../app/billing/bill-runs.ts'
import { route } from '../route.ts'

const tags = ['Invoices']

/** A customer sees an invoice only when it holds every account on it; API keys see the tenant's. */
const heldBy = (p: Principal): readonly string[] | undefined => (p.kind === 'customer' ? accountsWith(p) : undefined)

export const invoiceRoutes = [
  route({ method: 'GET', url: '/v1/invoices', operationId: 'listInvoices', summary: 'Combined invoices (Sweden: one per customer and period)', tags,
    description: 'Filtered by customer, account, period, bill run or OCR reference. A customer token lists the invoices whose every account it holds.',
    customer: { list: true }, scopes: READ_SCOPES, query: invoiceListQuery, response: { status: 200, schema: pageOf(invoiceDto), description: 'a page' },
    handler: ({ db, principal, query, accounts }) => listInvoices(db, principal.tenantId, query, accounts) }),
  route({ method: 'GET', url: '/v1/invoices/:id', operationId: 'getInvoice', summary: 'A combined invoice: its bills, a section per utility and address, VAT per rate', tags,
    customer: { account: ({ db, tenantId, params }) => accountsOfInvoice(db, tenantId, params.id) },
    scopes: READ_SCOPES, params: idParams, errors: [404], response: { status: 200, schema: invoiceWithSectionsDto, description: 'the invoice' },
    handler: ({ db, principal, params }) => getInvoice(db, principal.tenantId, params.id, heldBy(principal)) }),
  route({ method: 'GET', url: '/v1/invoices/:id/document', operationId: 'getInvoiceDocument', summary: 'The combined invoice (PDF)', tags,
    description: 'Every account\'s bill as sections per utility and address, VAT totals per rate, the total to pay and one OCR reference with the payee\'s Bankgiro.',
    customer: { account: ({ db, tenantId, params }) => accountsOfInvoice(db, tenantId, params.id) },
    scopes: READ_SCOPES, params: idParams, query: langQuery, errors: [404],
    response: { status: 200, media: ['application/pdf'], description: 'the PDF' },
    handler: async ({ db, principal, params, query, reply }) => {
      const view = await loadInvoiceDocument(db, principal.tenantId, params.id, heldBy(principal), query.lang)
      const pdf = await renderInvoice(view)
      reply.type('application/pdf')
      reply.header('content-disposition', `attachment; filename="${invoiceFileName(view)}"`)
      return pdf
    } }),
  route({ method: 'POST', url: '/v1/bill-runs/:id/invoices', operationId: 'composeRunInvoices', summary: 'Compose a completed run\'s combined invoices (again)', tags,
    description: 'A run composes its invoices when it completes; this adds only those missing (a worker stopped in between). RUB and IRR tenants: none.',
    scopes: WRITE_SCOPES, params: idParams, errors: [404],
    response: { status: 200, schema: z.object({ composed: z.number().int().describe('invoices made now') }), description: 'how many were made now' },
    handler: async ({ db, principal, params }) => {
      const run = await getBillRun(db, principal.tenantId, params.id)
      if (run.status !== 'completed') return { composed: 0 }
      return { composed: await composeRunInvoices(db, principal.tenantId, params.id) }
    } }),
]
