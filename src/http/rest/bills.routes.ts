// Issued bills: read-only. A bill never changes once issued (issue 4 §2).
import { accountOfBill } from '../../app/customer-auth/account-of.ts'
import { READ_SCOPES } from '../../app/auth/principal.ts'
import { idParams, pageOf } from '../../app/schemas.ts'
import { billDto, billFilters, billWithLinesDto, getBill, listBills } from '../../app/billing/bills.ts'
import { route } from '../route.ts'

const tags = ['Bills']

export const billRoutes = [
  route({ method: 'GET', url: '/v1/bills', operationId: 'listBills', summary: 'List bills (by account, period, run)', tags,
    // a customer's list holds its own accounts' bills; an accountId of anyone else's gives an empty page, as an unknown one does
    customer: { list: true }, scopes: READ_SCOPES, query: billFilters, response: { status: 200, schema: pageOf(billDto), description: 'a page' },
    handler: ({ db, principal, query, accounts }) => listBills(db, principal.tenantId, query, accounts) }),
  route({ method: 'GET', url: '/v1/bills/:id', operationId: 'getBill', summary: 'A bill with its lines and their traces', tags,
    customer: { account: ({ db, tenantId, params }) => accountOfBill(db, tenantId, params.id) },
    scopes: READ_SCOPES, params: idParams, errors: [404], response: { status: 200, schema: billWithLinesDto, description: 'the bill' },
    handler: ({ db, principal, params }) => getBill(db, principal.tenantId, params.id) }),
]
