// Documents a customer downloads (seed 000): the payment document of a bill,
// the reconciliation act, the document package of a period, and the payee
// details printed on them.
import { accountOfBill } from '../../app/customer-auth/account-of.ts'
import { READ_SCOPES } from '../../app/auth/principal.ts'
import { idParams } from '../../app/schemas.ts'
import { rangeQuery } from '../../app/ledger/statement.ts'
import { langQuery } from '../../app/documents/lang.ts'
import { loadPaymentDocument, paymentDocumentFileName } from '../../app/documents/payment-document.ts'
import { loadReconciliationDocument, reconciliationFileName } from '../../app/documents/reconciliation-document.ts'
import { renderPaymentDocument } from '../../app/documents/render/payment-document.ts'
import { renderReconciliationAct } from '../../app/documents/render/reconciliation-act.ts'
import { documentPackage, packageQuery } from '../../app/documents/document-package.ts'
import { getPayeeDetails, payeeDetailsDto, payeeDetailsInput, putPayeeDetails } from '../../app/documents/payee-details.ts'
import { route } from '../route.ts'
import type { FastifyReply } from 'fastify'

const tags = ['Documents']

function attach(reply: FastifyReply, type: string, fileName: string): void {
  reply.type(type)
  // RFC 6266: an ASCII fallback and the exact name in filename* (a bill number may hold Cyrillic; a raw header byte above 0x7f is refused)
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  reply.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
}

export const documentRoutes = [
  route({ method: 'GET', url: '/v1/bills/:id/document', operationId: 'getBillDocument', summary: 'The payment document of a bill (PDF)', tags,
    description: 'In the tenant\'s language (ru, fa right-to-left, sv, en) or `lang`: every line with its method, days, volume, rate and amount, '
      + 'the balance, the due date and the payment code of the market: the GOST R 56042 QR for RUB, bill ID and payment ID with a barcode for IRR, '
      + 'the OCR reference for SEK (from the payee details).',
    customer: { account: ({ db, tenantId, params }) => accountOfBill(db, tenantId, params.id) },
    scopes: READ_SCOPES, params: idParams, query: langQuery, errors: [404],
    response: { status: 200, media: ['application/pdf'], description: 'the PDF' },
    handler: async ({ db, clock, principal, params, query, reply }) => {
      const view = await loadPaymentDocument(db, principal.tenantId, params.id, clock, query.lang)
      const pdf = await renderPaymentDocument(view)
      attach(reply, 'application/pdf', paymentDocumentFileName(view))
      return pdf
    } }),
  route({ method: 'GET', url: '/v1/accounts/:id/reconciliation/document', operationId: 'getReconciliationDocument',
    summary: 'The reconciliation act of an account between two dates (PDF)', tags,
    customer: { account: ({ params }) => params.id }, scopes: READ_SCOPES, params: idParams, query: rangeQuery.extend(langQuery.shape), errors: [404],
    response: { status: 200, media: ['application/pdf'], description: 'the PDF' },
    handler: async ({ db, clock, principal, params, query, reply }) => {
      const view = await loadReconciliationDocument(db, principal.tenantId, params.id, { from: query.from, to: query.to }, query.lang)
      const pdf = await renderReconciliationAct(view)
      attach(reply, 'application/pdf', reconciliationFileName(view))
      return pdf
    } }),
  route({ method: 'GET', url: '/v1/accounts/:id/documents', operationId: 'getDocumentPackage', summary: 'The document package of an account for a period (ZIP)', tags,
    description: 'The payment documents of the period\'s bills (regular and corrections), the reconciliation act over the period and manifest.json.',
    customer: { account: ({ params }) => params.id }, scopes: READ_SCOPES, params: idParams, query: packageQuery, errors: [404],
    response: { status: 200, media: ['application/zip'], description: 'the ZIP' },
    handler: async ({ db, clock, principal, params, query, reply }) => {
      const pack = await documentPackage(db, principal.tenantId, params.id, query, clock)
      attach(reply, 'application/zip', pack.fileName)
      return pack.zip
    } }),
  route({ method: 'GET', url: '/v1/payee-details', operationId: 'getPayeeDetails', summary: 'The payee details printed on payment documents', tags,
    scopes: READ_SCOPES, response: { status: 200, schema: payeeDetailsDto, description: 'the details (the tenant\'s name only when never set)' },
    handler: ({ db, principal }) => getPayeeDetails(db, principal.tenantId) }),
  route({ method: 'PUT', url: '/v1/payee-details', operationId: 'putPayeeDetails', summary: 'Set the payee details printed on payment documents', tags,
    description: 'Bank details for the Russian payment QR, the company code of Iranian bill IDs, the Swedish Bankgiro.',
    scopes: ['admin'], body: payeeDetailsInput, response: { status: 200, schema: payeeDetailsDto, description: 'the details' },
    handler: ({ db, principal, body }) => putPayeeDetails(db, principal.tenantId, body) }),
]

