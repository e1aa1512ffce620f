// Written warnings to a customer before disconnection (seed 002 item 4): the
// disconnection candidates count unpaid periods only after one.
import { READ_SCOPES, WRITE_SCOPES } from '../../app/auth/principal.ts'
import { idParams } from '../../app/schemas.ts'
import { issueWarning, listWarnings, warningDto, warningInput, warningListDto, warningListQuery } from '../../app/ledger/warnings.ts'
import { route } from '../route.ts'

const tags = ['Ledger']

export const warningRoutes = [
  route({ method: 'POST', url: '/v1/accounts/:id/warnings', operationId: 'issueWarning', summary: 'Record a written warning sent to an account\'s customer', tags,
    description: 'A nonpayment warning starts the count of 3 unpaid periods behind a disconnection candidate (GET /v1/disconnection-candidates). '
      + 'Recorded once issued: a date in the future answers 422 warning_in_future.',
    scopes: WRITE_SCOPES, params: idParams, body: warningInput, idempotent: true, errors: [404, 422],
    response: { status: 201, schema: warningDto, description: 'the warning' },
    examples: { request: { kind: 'nonpayment', issuedOn: '2026-11-20', channel: 'registered_mail', reference: 'ИСХ-2026/1187' } },
    handler: ({ db, clock, principal, params, body }) => issueWarning(db, principal.tenantId, params.id, body, clock) }),
  route({ method: 'GET', url: '/v1/accounts/:id/warnings', operationId: 'listWarnings', summary: 'The written warnings sent to an account\'s customer, oldest first', tags,
    customer: { account: ({ params }) => params.id }, scopes: READ_SCOPES, params: idParams, query: warningListQuery, errors: [404],
    response: { status: 200, schema: warningListDto, description: 'the warnings' },
    handler: ({ db, principal, params, query }) => listWarnings(db, principal.tenantId, params.id, query) }),
]
