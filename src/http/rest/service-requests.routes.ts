// Service requests (issue 12 §4): customers make and follow requests for
// their own accounts (role manage to make one or upload its documents, view
// to read); staff (accounting keys) list them all, move their status and add
// notes. The connection-fee quote is a calculator open to every caller.
import { z } from 'zod'
import { READ_SCOPES, WRITE_SCOPES } from '../../app/auth/principal.ts'
import { idParams } from '../../app/schemas.ts'
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, downloadAttachment, uploadAttachment } from '../../app/service-requests/attachments.ts'
import { addNote, createRequest } from '../../app/service-requests/create-request.ts'
import { transitionRequest } from '../../app/service-requests/transition.ts'
import { accountOfAttachment, accountOfRequest, getRequest, listRequests } from '../../app/service-requests/requests.queries.ts'
import { attachmentDto, serviceRequestDto, serviceRequestPage } from '../../app/service-requests/request-dto.ts'
import { attachmentQuery, connectionFeeInput, createRequestInput, listQuery, noteInput, transitionInput } from '../../app/service-requests/request-input.ts'
import { feeQuoteDto, quoteConnectionFee } from '../../app/service-requests/connection-fee.ts'
import { route } from '../route.ts'

const tags = ['Service requests']

export const serviceRequestRoutes = [
  route({ method: 'POST', url: '/v1/service-requests', operationId: 'createServiceRequest', summary: 'Make a service request (contact form, moving notice, meter test, name change, …)', tags,
    description: 'One schema per `type`. The documents the type needs (seed 002, form QF7201) must be among `attachments` (422 documents_missing names them); '
      + 'types seed 002 says need a settled account are refused while it owes (422 account_not_settled names the debt). Connection requests carry their fee (seed 002 item 9).',
    customer: { account: ({ body }) => body.accountId, role: 'manage' },
    scopes: WRITE_SCOPES, body: createRequestInput, idempotent: true, errors: [404, 409, 422],
    response: { status: 201, schema: serviceRequestDto, description: 'the request, submitted' },
    handler: ({ db, clock, principal, body }) => createRequest(db, principal, body, clock) }),
  route({ method: 'GET', url: '/v1/service-requests', operationId: 'listServiceRequests', summary: 'Service requests: a customer\'s own, or all (staff) by account, status and type', tags,
    customer: { list: true }, scopes: READ_SCOPES, query: listQuery,
    response: { status: 200, schema: serviceRequestPage, description: 'a page, oldest first; pass nextCursor as cursor for the next' },
    handler: ({ db, principal, query, accounts }) => listRequests(db, principal.tenantId, query, accounts) }),
  route({ method: 'GET', url: '/v1/service-requests/:id', operationId: 'getServiceRequest', summary: 'A service request with its documents, history, notes and fee', tags,
    customer: { account: ({ db, tenantId, params }) => accountOfRequest(db, tenantId, params.id) },
    scopes: READ_SCOPES, params: idParams, errors: [404], response: { status: 200, schema: serviceRequestDto, description: 'the request (a customer sees the notes meant for it)' },
    handler: ({ db, principal, params }) => getRequest(db, principal.tenantId, params.id, principal.kind === 'customer') }),
  route({ method: 'POST', url: '/v1/service-requests/:id/transitions', operationId: 'transitionServiceRequest', summary: 'Move a service request to its next status', tags,
    description: 'submitted → in_review → site_visit → awaiting_payment → done, or rejected from any open status; steps may be skipped, never reversed (409 transition_not_allowed). '
      + 'awaiting_payment posts the connection fee to the account\'s ledger once; done on a moving notice records the handover readings, closes the account and opens the new one.',
    scopes: WRITE_SCOPES, params: idParams, body: transitionInput, idempotent: true, errors: [404, 409, 422],
    response: { status: 200, schema: serviceRequestDto, description: 'the request in its new status' },
    handler: ({ db, clock, principal, params, body }) => transitionRequest(db, principal, params.id, body, clock) }),
  route({ method: 'POST', url: '/v1/service-requests/:id/notes', operationId: 'addServiceRequestNote', summary: 'Add a staff note to a service request (for the customer, or internal)', tags,
    scopes: WRITE_SCOPES, params: idParams, body: noteInput, idempotent: true, errors: [404],
    response: { status: 201, schema: serviceRequestDto, description: 'the request with the note' },
    handler: ({ db, principal, params, body }) => addNote(db, principal, params.id, body) }),
  route({ method: 'POST', url: '/v1/accounts/:accountId/request-attachments', operationId: 'uploadRequestAttachment', summary: 'Upload a document for a service request (PDF, JPEG or PNG)', tags,
    description: `The file is the request body, its type the Content-Type (${Object.keys(ATTACHMENT_TYPES).join(', ')}; the first bytes must match), at most ${ATTACHMENT_MAX_BYTES} bytes. `
      + 'Cite the returned id in a request\'s attachments.',
    customer: { account: ({ params }) => params.accountId, role: 'manage' },
    scopes: WRITE_SCOPES, params: z.object({ accountId: z.uuid() }), query: attachmentQuery, bodyLimit: ATTACHMENT_MAX_BYTES, errors: [404, 413, 415, 422],
    rawBody: { contentTypes: Object.keys(ATTACHMENT_TYPES), description: 'the file' },
    response: { status: 201, schema: attachmentDto, description: 'the stored document' },
    handler: ({ db, principal, params, query, body, request }) => uploadAttachment(db, principal, params.accountId, query, request.headers['content-type'], body) }),
  route({ method: 'GET', url: '/v1/request-attachments/:id', operationId: 'downloadRequestAttachment', summary: 'Download a service request\'s document', tags,
    customer: { account: ({ db, tenantId, params }) => accountOfAttachment(db, tenantId, params.id) },
    scopes: READ_SCOPES, params: idParams, errors: [404],
    response: { status: 200, media: Object.keys(ATTACHMENT_TYPES), description: 'the file as uploaded' },
    handler: async ({ db, principal, params, reply }) => {
      const f = await downloadAttachment(db, principal.tenantId, params.id)
      reply.type(f.contentType)
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
      return f.content
    } }),
  route({ method: 'POST', url: '/v1/connection-fees/quote', operationId: 'quoteConnectionFee', summary: 'The connection fee of a residential, non-residential or commercial connection', tags,
    description: 'Seed 002 item 9: residential 500,000 per unit; non-residential county factor × 150,000 × 30 × contract capacity (m³), commercial + 600,000; wastewater 70%. '
      + 'The tenant\'s policy `connectionFees` overrides the figures. A calculator: open to every caller, it reads and writes nothing of an account.',
    customer: { list: true }, scopes: READ_SCOPES, body: connectionFeeInput,
    response: { status: 200, schema: feeQuoteDto, description: 'the fee with its formula' },
    handler: ({ db, principal, body }) => quoteConnectionFee(db, principal.tenantId, body) }),
]
