// Ledger reads and penalties: the balance for mobile apps, the statement and
// the reconciliation act of an account, penalty terms and accruals, and the
// disconnection candidates.
import { READ_SCOPES, WRITE_SCOPES } from '../../app/auth/principal.ts'
import { idParams } from '../../app/schemas.ts'
import { accountBalance, balanceDto } from '../../app/ledger/balance.ts'
import { rangeQuery, statement, statementDto } from '../../app/ledger/statement.ts'
import { reconciliation, reconciliationDto } from '../../app/ledger/reconciliation.ts'
import { candidatesDto, candidatesQuery, disconnectionCandidates } from '../../app/ledger/disconnection-candidates.ts'
import { getPenaltyTerms, penaltyTermsDto, penaltyTermsInput, putPenaltyTerms } from '../../app/ledger/penalties/penalty-terms.ts'
import { accrualDto, accrueInput, accruePenalties } from '../../app/ledger/penalties/accrue-penalties.ts'
import { route } from '../route.ts'

const tags = ['Ledger']

export const ledgerRoutes = [
  route({ method: 'GET', url: '/v1/accounts/:id/balance', operationId: 'getAccountBalance', summary: 'An account\'s balance: debt or credit, amount due, due date, last bill', tags,
    description: 'For mobile apps and portals: read from the materialized balance in one query.',
    customer: { account: ({ params }) => params.id }, scopes: READ_SCOPES, params: idParams, errors: [404], response: { status: 200, schema: balanceDto, description: 'the balance as of now' },
    handler: ({ db, clock, principal, params }) => accountBalance(db, principal.tenantId, params.id, clock) }),
  route({ method: 'GET', url: '/v1/accounts/:id/statement', operationId: 'getAccountStatement', summary: 'Charges and payments of an account between two dates', tags,
    customer: { account: ({ params }) => params.id }, scopes: READ_SCOPES, params: idParams, query: rangeQuery, errors: [404],
    response: { status: 200, schema: statementDto, description: 'opening balance, the entries in date order with a running balance, closing balance' },
    handler: ({ db, principal, params, query }) => statement(db, principal.tenantId, params.id, query) }),
  route({ method: 'GET', url: '/v1/accounts/:id/reconciliation', operationId: 'getReconciliationAct', summary: 'The reconciliation act of an account between two dates', tags,
    customer: { account: ({ params }) => params.id }, scopes: READ_SCOPES, params: idParams, query: rangeQuery, errors: [404],
    response: { status: 200, schema: reconciliationDto, description: 'opening balance, charges, payments, adjustments, penalties, closing balance and the rows' },
    handler: ({ db, principal, params, query }) => reconciliation(db, principal.tenantId, params.id, query) }),
  route({ method: 'POST', url: '/v1/accounts/:id/penalties/accrue', operationId: 'accruePenalties', summary: 'Post the penalty (пени) accrued on an account through a day', tags,
    description: 'Housing Code art. 155 §14: each bill\'s unpaid amount from its due date, day by day. Posts a penalty entry for what earlier accruals did not post. '
      + 'Idempotent per account and asOf. Refused (422 penalties_disabled) unless the tenant enabled penalties.',
    scopes: WRITE_SCOPES, params: idParams, body: accrueInput, idempotent: true, errors: [404, 422],
    response: { status: 200, schema: accrualDto, description: 'the accrual with its trace per bill' },
    handler: ({ db, principal, params, body }) => accruePenalties(db, principal.tenantId, params.id, body.asOf) }),
  route({ method: 'GET', url: '/v1/penalty-terms', operationId: 'getPenaltyTerms', summary: 'The tenant\'s penalty settings: enabled, key rates, caps, moratoria', tags,
    scopes: READ_SCOPES, response: { status: 200, schema: penaltyTermsDto, description: 'the settings (disabled with the Russian defaults when never set)' },
    handler: ({ db, principal }) => getPenaltyTerms(db, principal.tenantId) }),
  route({ method: 'PUT', url: '/v1/penalty-terms', operationId: 'putPenaltyTerms', summary: 'Set the tenant\'s penalty settings', tags,
    scopes: ['admin'], body: penaltyTermsInput, response: { status: 200, schema: penaltyTermsDto, description: 'the settings' },
    handler: ({ db, principal, body }) => putPenaltyTerms(db, principal.tenantId, body) }),
  route({ method: 'GET', url: '/v1/disconnection-candidates', operationId: 'listDisconnectionCandidates', summary: 'Accounts with 3 consecutive unpaid periods or 3 periods without a reading', tags,
    scopes: WRITE_SCOPES, query: candidatesQuery, response: { status: 200, schema: candidatesDto, description: 'accounts with the reasons and periods' },
    handler: ({ db, clock, principal, query }) => disconnectionCandidates(db, principal.tenantId, query, clock) }),
]
