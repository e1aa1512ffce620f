// Letters and documents sent to a customer (seed 001 "Mina dokument"): the
// list per customer or account, and each one's PDF.
import type { FastifyReply } from 'fastify'
import { READ_SCOPES } from '../../app/auth/principal.ts'
import { idParams } from '../../app/schemas.ts'
import { langQuery } from '../../app/documents/lang.ts'
import { accountLettersQuery, letterPageDto, lettersQuery } from '../../app/letters/letter-dto.ts'
import { findLetter, listLetters } from '../../app/letters/letters.ts'
import { loadWarningLetter, warningLetterFileName } from '../../app/letters/warning-letter.ts'
import { renderWarningLetter } from '../../app/documents/render/warning-letter.ts'
import { loadPaymentDocument, paymentDocumentFileName } from '../../app/documents/payment-document.ts'
import { renderPaymentDocument } from '../../app/documents/render/payment-document.ts'
import { accountRef } from '../../app/ledger/account-ref.ts'
import { route } from '../route.ts'

const tags = ['Letters']
const KINDS = 'Kinds: payment_document (a bill), correction (a correction bill), final_bill (the bill of a closed account\'s last period), '
  + 'nonpayment_warning (the written warning before disconnection), missing_readings_notice. Derived from the bills and warnings on record, newest first.'

function attach(reply: FastifyReply, fileName: string): void {
  reply.type('application/pdf')
  reply.header('content-disposition', `attachment; filename="${fileName}"`)
}

export const letterRoutes = [
  route({ method: 'GET', url: '/v1/letters', operationId: 'listLetters', summary: 'Letters and documents sent to customers, newest first', tags,
    description: `${KINDS} A customer token sees its own accounts' letters; an API key the tenant's, narrowed by accountId or customerId.`,
    customer: { list: true }, scopes: READ_SCOPES, query: lettersQuery, response: { status: 200, schema: letterPageDto, description: 'a page of letters' },
    handler: ({ db, principal, query, accounts }) => listLetters(db, principal.tenantId, query, accounts) }),
  route({ method: 'GET', url: '/v1/accounts/:id/letters', operationId: 'listAccountLetters', summary: 'The letters and documents sent about one account, newest first', tags,
    description: KINDS, customer: { account: ({ params }) => params.id }, scopes: READ_SCOPES, params: idParams, query: accountLettersQuery, errors: [404],
    response: { status: 200, schema: letterPageDto, description: 'a page of letters' },
    handler: async ({ db, principal, params, query }) => {
      await accountRef(db, principal.tenantId, params.id)
      return listLetters(db, principal.tenantId, { ...query, accountId: params.id }, undefined)
    } }),
  route({ method: 'GET', url: '/v1/letters/:id/document', operationId: 'getLetterDocument', summary: 'A letter or document sent to a customer (PDF)', tags,
    description: 'The payment document of a bill (as GET /v1/bills/{id}/document) or the warning letter: the warning as recorded with the debt and the bills open '
      + 'on the day it was issued. A customer token gets only its own accounts\' letters (another\'s answers 404, as a missing one).',
    customer: { list: true }, scopes: READ_SCOPES, params: idParams, query: langQuery, errors: [404],
    response: { status: 200, media: ['application/pdf'], description: 'the PDF' },
    handler: async ({ db, clock, principal, params, query, accounts, reply }) => {
      const letter = await findLetter(db, principal.tenantId, params.id, accounts)
      if (letter.source === 'bill') {
        const view = await loadPaymentDocument(db, principal.tenantId, letter.id, clock, query.lang)
        const pdf = await renderPaymentDocument(view)
        attach(reply, paymentDocumentFileName(view))
        return pdf
      }
      const view = await loadWarningLetter(db, principal.tenantId, letter.id, query.lang)
      const pdf = await renderWarningLetter(view)
      attach(reply, warningLetterFileName(view))
      return pdf
    } }),
]
