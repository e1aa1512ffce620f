// Waste-collection subscriptions of an address's waste_collection point
// (issue 12 §1): what the bill run prices with the waste tariff.
import { z } from 'zod'
import { addWasteSubscription, listWasteSubscriptions, wasteSubscriptionDto, wasteSubscriptionInput } from '../../app/waste/subscriptions.ts'
import { idParams } from '../../app/schemas.ts'
import { route } from '../route.ts'
import { READ_SCOPES, WRITE_SCOPES } from '../../app/auth/principal.ts'

const list = z.object({ items: z.array(wasteSubscriptionDto) })
const tags = ['Service points']

export const wasteRoutes = [
  route({ method: 'GET', url: '/v1/service-points/:id/waste-subscriptions', operationId: 'listWasteSubscriptions', summary: 'Waste-collection subscriptions of a waste point', tags,
    scopes: READ_SCOPES, params: idParams, errors: [404, 422], response: { status: 200, schema: list, description: 'in date order' },
    handler: ({ db, principal, params }) => listWasteSubscriptions(db, principal.tenantId, params.id) }),
  route({ method: 'POST', url: '/v1/service-points/:id/waste-subscriptions', operationId: 'addWasteSubscription',
    summary: 'Subscribe a waste point from a date (bin size, frequency); the open subscription ends that day', tags,
    scopes: WRITE_SCOPES, params: idParams, body: wasteSubscriptionInput, idempotent: true, errors: [404, 409, 422],
    response: { status: 201, schema: wasteSubscriptionDto, description: 'the new subscription' },
    handler: ({ db, principal, params, body }) => addWasteSubscription(db, principal.tenantId, params.id, body) }),
]
