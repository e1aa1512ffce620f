// Payments from banks, providers and accounting systems: single and bulk,
// idempotent by external id, allocated to bills; reversal; listing.
import { z } from 'zod'
import { READ_SCOPES, WRITE_SCOPES } from '../../app/auth/principal.ts'
import { idParams, pageOf } from '../../app/schemas.ts'
import { paymentDto, paymentInput, paymentListQuery, reverseInput } from '../../app/payments/payment-input.ts'
import { postPayment } from '../../app/payments/post-payment.ts'
import { bulkResult, postPaymentsBulk } from '../../app/payments/bulk-payments.ts'
import { reversePayment } from '../../app/payments/reverse-payment.ts'
import { getPayment, listPayments } from '../../app/payments/payment-queries.ts'
import { route } from '../route.ts'

const tags = ['Payments']
/** Thousands of rows of ~250 bytes each. */
const BULK_BODY_LIMIT = 32 * 1_048_576
export const BULK_MAX_ROWS = 50_000

export const paymentRoutes = [
  route({ method: 'POST', url: '/v1/payments', operationId: 'postPayment', summary: 'Post one payment', tags,
    description: 'Allocated to the named bill, else to the oldest open bills; what is left is credit. Idempotent by externalId: '
      + 'a repeat with the same content returns the stored payment with 200 (a new payment answers 201); other content answers 409 payment_conflict.',
    scopes: WRITE_SCOPES, body: paymentInput, idempotent: true, errors: [404, 409, 422],
    response: { status: 200, schema: paymentDto, description: 'the payment with its allocations (201 when created now, 200 when it was posted before)' },
    handler: async ({ db, principal, body, reply }) => {
      const { created, payment } = await postPayment(db, principal.tenantId, body)
      if (created) reply.code(201)
      return payment
    } }),
  route({ method: 'POST', url: '/v1/payments/bulk', operationId: 'postPaymentsBulk', summary: 'Post payments in bulk (a JSON array)', tags,
    description: `Up to ${BULK_MAX_ROWS} rows in one transaction; every row gets an outcome (created, duplicate, conflict, rejected); a bad row is rejected alone.`,
    scopes: WRITE_SCOPES, body: z.array(z.unknown()).max(BULK_MAX_ROWS), idempotent: true, bodyLimit: BULK_BODY_LIMIT, errors: [413],
    response: { status: 200, schema: bulkResult, description: 'counts and an outcome per row, in upload order' },
    handler: ({ db, principal, body }) => postPaymentsBulk(db, principal.tenantId, body) }),
  route({ method: 'GET', url: '/v1/payments', operationId: 'listPayments', summary: 'Payments, filtered by account, dates, status, source or external id', tags,
    scopes: READ_SCOPES, query: paymentListQuery, response: { status: 200, schema: pageOf(paymentDto), description: 'a page; pass nextCursor as cursor for the next' },
    handler: ({ db, principal, query }) => listPayments(db, principal.tenantId, query) }),
  route({ method: 'GET', url: '/v1/payments/:id', operationId: 'getPayment', summary: 'Read one payment with its allocations', tags,
    scopes: READ_SCOPES, params: idParams, errors: [404], response: { status: 200, schema: paymentDto, description: 'the payment' },
    handler: ({ db, principal, params }) => getPayment(db, principal.tenantId, params.id) }),
  route({ method: 'POST', url: '/v1/payments/:id/reverse', operationId: 'reversePayment', summary: 'Reverse a payment', tags,
    description: 'Posts a payment_reversal entry, reopens the bills it paid and marks it reversed. A second reversal answers 409 payment_already_reversed.',
    scopes: WRITE_SCOPES, params: idParams, body: reverseInput, idempotent: true, errors: [404, 409],
    response: { status: 200, schema: paymentDto, description: 'the reversed payment' },
    handler: ({ db, clock, principal, params, body }) => reversePayment(db, principal.tenantId, params.id, body, clock) }),
]
