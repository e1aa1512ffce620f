// Webhook endpoints (tenant admins only): register, change, rotate the
// secret, see the delivery attempts, redeliver one event.
import { z } from 'zod'
import { idParams } from '../../app/schemas.ts'
import {
  createEndpoint, createEndpointInput, deleteEndpoint, deliveryPageDto, deliveryPageQuery, endpointDto, endpointListDto, endpointWithSecretDto,
  getEndpoint, listDeliveries, listEndpoints, MAX_REPLAY_EVENTS, replayDeliveries, replayDto, replayInput, retryDelivery, retryDto, retryParams, rotateSecret, rotateSecretInput, updateEndpoint, updateEndpointInput,
} from '../../app/webhooks/endpoints.ts'
import { route } from '../route.ts'

const tags = ['Webhooks']
const delivery = 'Deliveries follow Standard Webhooks (standardwebhooks.com): a JSON Event POSTed with webhook-id (the event id), webhook-timestamp '
  + 'and webhook-signature (v1,<base64 HMAC-SHA256 of "id.timestamp.body">); any 2xx acknowledges. Each endpoint gets its events in feed order; '
  + 'a failure is retried with exponential back-off and jitter and holds back that endpoint\'s later events; an endpoint failing for 3 days is '
  + 'disabled (event webhook_endpoint.disabled).'

export const webhookRoutes = [
  route({ method: 'POST', url: '/v1/webhook-endpoints', operationId: 'createWebhookEndpoint', summary: 'Register a webhook endpoint', tags,
    description: `${delivery} The answer carries the signing secret, shown only this once.`,
    scopes: ['admin'], body: createEndpointInput, idempotent: true, errors: [422],
    response: { status: 201, schema: endpointWithSecretDto, description: 'the endpoint with its secret' },
    examples: { request: { url: 'https://billing.example.org/hooks/aqualedger', types: ['bill.issued', 'payment.received'], description: 'ERP' } },
    handler: ({ db, principal, body, settings }) => createEndpoint(db, principal.tenantId, body, { allowPrivate: settings.webhookAllowPrivate }) }),
  route({ method: 'GET', url: '/v1/webhook-endpoints', operationId: 'listWebhookEndpoints', summary: 'The tenant\'s webhook endpoints', tags,
    scopes: ['admin'], response: { status: 200, schema: endpointListDto, description: 'endpoints (secrets are never shown again)' },
    handler: ({ db, principal }) => listEndpoints(db, principal.tenantId) }),
  route({ method: 'GET', url: '/v1/webhook-endpoints/:id', operationId: 'getWebhookEndpoint', summary: 'A webhook endpoint and its delivery state', tags,
    scopes: ['admin'], params: idParams, errors: [404],
    response: { status: 200, schema: endpointDto, description: 'the endpoint' },
    handler: ({ db, principal, params }) => getEndpoint(db, principal.tenantId, params.id) }),
  route({ method: 'PATCH', url: '/v1/webhook-endpoints/:id', operationId: 'updateWebhookEndpoint', summary: 'Change a webhook endpoint; enable it again', tags,
    scopes: ['admin'], params: idParams, body: updateEndpointInput, errors: [404, 422],
    response: { status: 200, schema: endpointDto, description: 'the endpoint' },
    handler: ({ db, principal, params, body, settings }) => updateEndpoint(db, principal.tenantId, params.id, body, { allowPrivate: settings.webhookAllowPrivate }) }),
  route({ method: 'DELETE', url: '/v1/webhook-endpoints/:id', operationId: 'deleteWebhookEndpoint', summary: 'Remove a webhook endpoint and its delivery log', tags,
    scopes: ['admin'], params: idParams, errors: [404],
    response: { status: 200, schema: z.object({ deleted: z.literal(true) }), description: 'deleted' },
    async handler({ db, principal, params }) { await deleteEndpoint(db, principal.tenantId, params.id); return { deleted: true as const } } }),
  route({ method: 'POST', url: '/v1/webhook-endpoints/:id/secret/rotate', operationId: 'rotateWebhookSecret', summary: 'Rotate an endpoint\'s signing secret', tags,
    description: 'A new secret signs from now on; during the overlap the previous one signs too (webhook-signature carries both), so a receiver can switch without losing a delivery.',
    scopes: ['admin'], params: idParams, body: rotateSecretInput, idempotent: true, errors: [404],
    response: { status: 200, schema: endpointWithSecretDto, description: 'the endpoint with its new secret, shown only this once' },
    handler: ({ db, principal, params, body }) => rotateSecret(db, principal.tenantId, params.id, body) }),
  route({ method: 'GET', url: '/v1/webhook-endpoints/:id/deliveries', operationId: 'listWebhookDeliveries', summary: 'An endpoint\'s delivery attempts, newest first', tags,
    scopes: ['admin'], params: idParams, query: deliveryPageQuery, errors: [404],
    response: { status: 200, schema: deliveryPageDto, description: 'attempts: status code, latency, up to 1 KB of the answer' },
    handler: ({ db, principal, params, query }) => listDeliveries(db, principal.tenantId, params.id, query) }),
  route({ method: 'POST', url: '/v1/webhook-endpoints/:id/deliveries/:eventId/retry', operationId: 'retryWebhookDelivery', summary: 'Send one event to the endpoint again', tags,
    description: 'Queued at once, outside the endpoint\'s order (the event may have been delivered before: receivers deduplicate on webhook-id); the attempt appears among the deliveries.',
    scopes: ['admin'], params: retryParams, errors: [404],
    response: { status: 202, schema: retryDto, description: 'queued' },
    handler: ({ db, principal, params }) => retryDelivery(db, principal.tenantId, params.id, params.eventId) }),
  route({ method: 'POST', url: '/v1/webhook-endpoints/:id/deliveries/replay', operationId: 'replayWebhookDeliveries', summary: 'Send a time range of events to the endpoint again', tags,
    description: `Every event of the endpoint's types that occurred in [from, to), queued at once in feed order, outside the endpoint's own order (receivers deduplicate on webhook-id); at most ${MAX_REPLAY_EVENTS} events a request (more: 422 range_too_large).`,
    scopes: ['admin'], params: idParams, body: replayInput, errors: [404, 422],
    response: { status: 202, schema: replayDto, description: 'queued' },
    handler: ({ db, principal, params, body }) => replayDeliveries(db, principal.tenantId, params.id, body) }),
]
