// Webhook endpoints, registered by a tenant admin: URL, event types, enabled;
// the signing secret is shown once (on create and on rotation). Deliveries
// and their attempts are in deliver.ts.
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../../db/database.ts'
import { notFound, unprocessable } from '../errors.ts'
import { EVENT_TYPES } from '../events/event-types.ts'
import { eventById } from '../events/events.queries.ts'
import { decodeCursor, encodeCursor } from '../pagination.ts'
import { inTransaction } from '../transaction.ts'
import { urlProblem } from './post-webhook.ts'
import { timestamp } from '../schemas.ts'
import {
  attemptsOf, deleteEndpointRow, endpointById, endpointsOf, eventIdsInRange, insertEndpoint, queueRedeliveries, queueRedelivery, rotateSecretRow, updateEndpointRow,
  type AttemptRow, type EndpointRow,
} from './webhooks.queries.ts'

const webhookUrl = z.string().trim().max(2000).superRefine((v, ctx) => {
  // the shape here (400); a literal private address in checkTarget (422, it depends on the deployment's
  // WEBHOOK_ALLOW_PRIVATE); a host name resolving to one is refused when a delivery connects (post-webhook.ts)
  const problem = urlProblem(v, true)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})
const eventTypes = z.array(z.enum(EVENT_TYPES)).max(EVENT_TYPES.length).describe('the event types sent; empty: all of them')

export const createEndpointInput = z.object({
  url: webhookUrl.describe('where events are POSTed (https in production; private and loopback addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true)'),
  types: eventTypes.default([]),
  description: z.string().trim().max(500).optional(),
  enabled: z.boolean().default(true),
}).strict().meta({ id: 'WebhookEndpointInput' })

export const updateEndpointInput = z.object({
  url: webhookUrl.optional(),
  types: eventTypes.optional(),
  description: z.string().trim().max(500).nullable().optional(),
  enabled: z.boolean().optional().describe('true re-enables a disabled endpoint: delivery resumes with the event it stopped at'),
}).strict().meta({ id: 'WebhookEndpointPatch' })

export const rotateSecretInput = z.object({
  overlapSeconds: z.number().int().min(0).max(7 * 24 * 3600).default(24 * 3600)
    .describe('how long the previous secret keeps signing beside the new one (both signatures are sent)'),
}).strict().meta({ id: 'WebhookSecretRotation' })

export const endpointDto = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string().nullable(),
  types: z.array(z.string()).describe('empty: every type'),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().describe('why delivery stopped (continuous failures, or the tenant)'),
  consecutiveFailures: z.number().int(),
  failingSince: z.string().nullable(),
  nextAttemptAt: z.string().nullable().describe('when the failed event is tried again'),
  previousSecretExpiresAt: z.string().nullable().describe('until then the previous secret signs too'),
  createdAt: z.string(),
}).meta({ id: 'WebhookEndpoint' })
export type EndpointDto = z.infer<typeof endpointDto>

export const endpointWithSecretDto = endpointDto.extend({
  secret: z.string().describe('the signing secret (whsec_…), shown only now: store it to verify webhook-signature'),
}).meta({ id: 'WebhookEndpointWithSecret' })

export const endpointListDto = z.object({ items: z.array(endpointDto) }).meta({ id: 'WebhookEndpointList' })

export const deliveryDto = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  attempt: z.number().int().describe('1 for the first try of the event, counting up with each retry'),
  manual: z.boolean().describe('a redelivery asked for through the API'),
  ok: z.boolean(),
  statusCode: z.number().int().nullable(),
  latencyMs: z.number().int(),
  responseExcerpt: z.string().nullable().describe('at most 1 KB of the answer'),
  error: z.string().nullable().describe('no answer: refused address, timeout, connection error'),
  attemptedAt: z.string(),
}).meta({ id: 'WebhookDelivery' })

export const deliveryPageDto = z.object({ items: z.array(deliveryDto), nextCursor: z.string().nullable() }).meta({ id: 'WebhookDeliveryPage' })
export const deliveryPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
})
export const retryParams = z.object({ id: z.uuid(), eventId: z.uuid() })
export const retryDto = z.object({ endpointId: z.uuid(), eventId: z.uuid(), queued: z.boolean() }).meta({ id: 'WebhookRetryQueued' })

/** A range replay is bounded: a larger one is asked for in parts, so one request never queues an unbounded number of jobs. */
export const MAX_REPLAY_EVENTS = 10_000
export const replayInput = z.strictObject({
  from: timestamp.describe('events that occurred at or after this instant'),
  to: timestamp.describe('and before this one'),
}).refine((r) => new Date(r.from) < new Date(r.to), { path: ['to'], message: 'must be after from' })
export const replayDto = z.object({ endpointId: z.uuid(), from: z.string(), to: z.string(), queued: z.number().int().describe('events queued for redelivery') })
  .meta({ id: 'WebhookReplayQueued' })

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export function toEndpointDto(r: EndpointRow): EndpointDto {
  return { id: r.endpointId, url: r.url, description: r.description, types: r.types, enabled: r.enabled, disabledReason: r.disabledReason,
    consecutiveFailures: r.consecutiveFailures, failingSince: iso(r.failingSince), nextAttemptAt: iso(r.nextAttemptAt),
    previousSecretExpiresAt: r.previousSecret ? iso(r.previousSecretExpiresAt) : null, createdAt: r.createdAt.toISOString() }
}

const toDeliveryDto = (a: AttemptRow): z.infer<typeof deliveryDto> => ({ id: a.deliveryId, eventId: a.eventId, attempt: a.attempt, manual: a.manual, ok: a.ok,
  statusCode: a.statusCode, latencyMs: a.latencyMs, responseExcerpt: a.responseExcerpt, error: a.error, attemptedAt: a.attemptedAt.toISOString() })

/** A Standard Webhooks secret: whsec_ and 32 random bytes in base64. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

/** Whether endpoints may name private, loopback and link-local addresses: WEBHOOK_ALLOW_PRIVATE, passed in by the caller. */
export interface TargetPolicy { allowPrivate: boolean }

/**
 * SSRF at registration: a URL whose host is a literal private, loopback or
 * link-local address (or localhost) is refused unless the deployment allows
 * them. Only literals can be judged now: a name may resolve elsewhere
 * tomorrow, so names are checked at every connect (post-webhook.ts).
 */
function checkTarget(url: string, policy: TargetPolicy): void {
  const problem = urlProblem(url, policy.allowPrivate)
  if (problem) {
    throw unprocessable('private_address', `the webhook URL may not name a private, loopback or link-local host (${problem}); set WEBHOOK_ALLOW_PRIVATE=true to allow it`,
      [{ path: 'body.url', message: problem }])
  }
}

export async function createEndpoint(db: Db, tenantId: string, input: z.output<typeof createEndpointInput>, policy: TargetPolicy): Promise<z.infer<typeof endpointWithSecretDto>> {
  checkTarget(input.url, policy)
  const secret = newSecret()
  const row = await insertEndpoint(db, { tenantId, endpointId: uuidv7(), url: input.url, description: input.description ?? null,
    types: [...new Set(input.types)], enabled: input.enabled, secret })
  return { ...toEndpointDto(row), secret }
}

export async function listEndpoints(db: Db, tenantId: string): Promise<z.infer<typeof endpointListDto>> {
  return { items: (await endpointsOf(db, tenantId)).map(toEndpointDto) }
}

async function found(db: Db, tenantId: string, id: string): Promise<EndpointRow> {
  const row = await endpointById(db, tenantId, id)
  if (!row) throw notFound('webhook endpoint')
  return row
}

export async function getEndpoint(db: Db, tenantId: string, id: string): Promise<EndpointDto> {
  return toEndpointDto(await found(db, tenantId, id))
}

export async function updateEndpoint(db: Db, tenantId: string, id: string, input: z.output<typeof updateEndpointInput>, policy: TargetPolicy): Promise<EndpointDto> {
  if (input.url !== undefined) checkTarget(input.url, policy)
  const row = await updateEndpointRow(db, tenantId, id, { ...input, types: input.types ? [...new Set(input.types)] : undefined })
  if (!row) throw notFound('webhook endpoint')
  return toEndpointDto(row)
}

export async function deleteEndpoint(db: Db, tenantId: string, id: string): Promise<void> {
  if (!(await deleteEndpointRow(db, tenantId, id))) throw notFound('webhook endpoint')
}

export async function rotateSecret(db: Db, tenantId: string, id: string, input: z.output<typeof rotateSecretInput>): Promise<z.infer<typeof endpointWithSecretDto>> {
  const secret = newSecret()
  const row = await rotateSecretRow(db, tenantId, id, secret, input.overlapSeconds)
  if (!row) throw notFound('webhook endpoint')
  return { ...toEndpointDto(row), secret }
}

export async function listDeliveries(db: Db, tenantId: string, id: string, q: z.output<typeof deliveryPageQuery>): Promise<z.infer<typeof deliveryPageDto>> {
  await found(db, tenantId, id)
  const rows = await attemptsOf(db, tenantId, id, decodeCursor(q.cursor), q.limit + 1)
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  return { items: page.map(toDeliveryDto), nextCursor: more ? encodeCursor(page[page.length - 1]!.deliveryId) : null }
}

/**
 * Queues the redelivery of every event of a time range the endpoint takes
 * (issue 11 §2: manual redelivery of one event or of a time range), outside
 * the endpoint's order, as the one-event retry: receivers deduplicate on
 * webhook-id. More than MAX_REPLAY_EVENTS is a 422 asking for a narrower range.
 */
export async function replayDeliveries(db: Db, tenantId: string, id: string, input: z.output<typeof replayInput>): Promise<z.infer<typeof replayDto>> {
  const ep = await found(db, tenantId, id)
  const ids = await eventIdsInRange(db, tenantId, ep.types, new Date(input.from), new Date(input.to), MAX_REPLAY_EVENTS)
  if (ids.length > MAX_REPLAY_EVENTS) {
    throw unprocessable('range_too_large', `more than ${MAX_REPLAY_EVENTS} events in the range: replay it in parts`, [{ path: 'body.to', message: 'narrow the range' }])
  }
  await inTransaction(db, (trx) => queueRedeliveries(trx, tenantId, id, ids))
  return { endpointId: id, from: input.from, to: input.to, queued: ids.length }
}

/** Queues one event's redelivery to the endpoint (a job: the answer says queued; the attempt appears in the deliveries). */
export async function retryDelivery(db: Db, tenantId: string, id: string, eventId: string): Promise<z.infer<typeof retryDto>> {
  await found(db, tenantId, id)
  if (!(await eventById(db, tenantId, eventId))) throw notFound('event')
  await inTransaction(db, (trx) => queueRedelivery(trx, tenantId, id, eventId))
  return { endpointId: id, eventId, queued: true }
}
