// Events and webhook endpoints over GraphQL: the same use-cases as
// events.routes.ts and webhooks.routes.ts.
import { z } from 'zod'
import { READ_SCOPES } from '../app/auth/principal.ts'
import { eventFeedQuery, listEvents } from '../app/events/events.ts'
import {
  createEndpoint, createEndpointInput, deleteEndpoint, deliveryPageQuery, getEndpoint, listDeliveries, listEndpoints, replayDeliveries, replayInput, retryDelivery, rotateSecret,
  rotateSecretInput, updateEndpoint, updateEndpointInput,
} from '../app/webhooks/endpoints.ts'
import { guard } from './context.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'

const id = (v: unknown, where: string) => parse(z.uuid(), v, where)
const ADMIN = ['admin'] as const

async function orNull<T>(fn: () => Promise<T>): Promise<T | null> {
  try { return await fn() } catch (e) {
    if ((e as { code?: string }).code === 'not_found') return null
    throw e
  }
}

export function eventResolvers() {
  const Query: Record<string, Resolver> = {
    events: (_r, a, ctx) => guard(ctx, READ_SCOPES, (p) =>
      listEvents(ctx.db, p.tenantId, parse(eventFeedQuery, withoutNulls({ after: a.after, types: a.types, limit: a.limit }), 'args'),
        { admin: p.scopes.includes('admin') })),
    webhookEndpoints: (_r, _a, ctx) => guard(ctx, ADMIN, async (p) => (await listEndpoints(ctx.db, p.tenantId)).items),
    webhookEndpoint: (_r, a, ctx) => guard(ctx, ADMIN, (p) => orNull(() => getEndpoint(ctx.db, p.tenantId, id(a.id, 'id')))),
    webhookDeliveries: (_r, a, ctx) => guard(ctx, ADMIN, (p) => orNull(() =>
      listDeliveries(ctx.db, p.tenantId, id(a.endpointId, 'endpointId'), parse(deliveryPageQuery, withoutNulls({ limit: a.limit, cursor: a.cursor }), 'args')))),
  }
  const Mutation: Record<string, Resolver> = {
    createWebhookEndpoint: (_r, a, ctx) => guard(ctx, ADMIN, (p) => createEndpoint(ctx.db, p.tenantId, parse(createEndpointInput, withoutNulls(a.input), 'input'), { allowPrivate: ctx.settings.webhookAllowPrivate })),
    updateWebhookEndpoint: (_r, a, ctx) => guard(ctx, ADMIN, (p) =>
      updateEndpoint(ctx.db, p.tenantId, id(a.id, 'id'), parse(updateEndpointInput, withoutNulls(a.input), 'input'), { allowPrivate: ctx.settings.webhookAllowPrivate })),
    deleteWebhookEndpoint: (_r, a, ctx) => guard(ctx, ADMIN, async (p) => { await deleteEndpoint(ctx.db, p.tenantId, id(a.id, 'id')); return true }),
    rotateWebhookSecret: (_r, a, ctx) => guard(ctx, ADMIN, (p) =>
      rotateSecret(ctx.db, p.tenantId, id(a.id, 'id'), parse(rotateSecretInput, withoutNulls({ overlapSeconds: a.overlapSeconds }), 'args'))),
    retryWebhookDelivery: (_r, a, ctx) => guard(ctx, ADMIN, async (p) => {
      await retryDelivery(ctx.db, p.tenantId, id(a.endpointId, 'endpointId'), id(a.eventId, 'eventId'))
      return true
    }),
    replayWebhookDeliveries: (_r, a, ctx) => guard(ctx, ADMIN, async (p) =>
      (await replayDeliveries(ctx.db, p.tenantId, id(a.endpointId, 'endpointId'), parse(replayInput, { from: a.from, to: a.to }, 'args'))).queued),
  }
  return { Query, Mutation }
}
