// Waste-collection subscriptions of an address's waste_collection point
// (issue 12 §1): what the bill run prices with the waste tariff.
import { z } from 'zod'
import { addWasteSubscription, listWasteSubscriptions, listWasteSubscriptionsAtPremises, wasteSubscriptionDto, wasteSubscriptionInput } from '../../app/waste/subscriptions.ts'
import { accountsAtPremises } from '../../app/customer-auth/account-of.ts'
import { accountsWith } from '../../app/auth/principal.ts'
import { idParams } from '../../app/schemas.ts'
import { route } from '../route.ts'
import { READ_SCOPES, WRITE_SCOPES } from '../../app/auth/principal.ts'

const list = z.object({ items: z.array(wasteSubscriptionDto) })
const tags = ['Service points']

export const wasteRoutes = [
  route({ method: 'GET', url: '/v1/service-points/:id/waste-subscriptions', operationId: 'listWasteSubscriptions', summary: 'Waste-collection subscriptions of a waste point', tags,
    scopes: READ_SCOPES, params: idParams, errors: [404, 422], response: { status: 200, schema: list, description: 'in date order' },
    handler: ({ db, principal, params }) => listWasteSubscriptions(db, principal.tenantId, params.id) }),
  route({ method: 'GET', url: '/v1/premises/:id/waste-subscriptions', operationId: 'listPremisesWasteSubscriptions',
    summary: 'Waste-collection subscriptions at an address (every waste point of it)', tags: ['Waste collection'],
    description: 'Bin size and frequency per waste point, effective-dated; the pickups themselves are GET /v1/premises/{id}/pickups. '
      + 'A customer token sees the subscriptions of the accounts it holds at the address.',
    customer: { account: ({ db, tenantId, params }) => accountsAtPremises(db, tenantId, params.id) },
    scopes: READ_SCOPES, params: idParams, errors: [404], response: { status: 200, schema: list, description: 'by service point, in date order' },
    handler: ({ db, principal, params }) => listWasteSubscriptionsAtPremises(db, principal.tenantId, params.id, principal.kind === 'customer' ? accountsWith(principal) : undefined) }),
  route({ method: 'POST', url: '/v1/service-points/:id/waste-subscriptions', operationId: 'addWasteSubscription',
    summary: 'Subscribe a waste point from a date (bin size, frequency); the open subscription ends that day', tags,
    scopes: WRITE_SCOPES, params: idParams, body: wasteSubscriptionInput, idempotent: true, errors: [404, 409, 422],
    response: { status: 201, schema: wasteSubscriptionDto, description: 'the new subscription' },
    handler: ({ db, principal, params, body }) => addWasteSubscription(db, principal.tenantId, params.id, body) }),
]
