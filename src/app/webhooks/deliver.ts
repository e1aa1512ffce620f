// Delivering events to an endpoint (Standard Webhooks), one endpoint at a
// time, in feed order.
//
// Each endpoint keeps a cursor into the events feed (events.queries.ts); its
// delivery job sends the next event after it, and the cursor moves only when
// the receiver answered 2xx. So no event is lost (the events table is the
// queue: a crash anywhere leaves the cursor where it was and the next job
// resends) and an endpoint gets its events in order, which includes every
// object's events in order; a receiver down for an hour gets the hour's
// events, in order, when it recovers. The price: one failing event holds
// back that endpoint (not others) until it succeeds or the endpoint is
// disabled. Delivery is at least once: receivers deduplicate on webhook-id.
//
// One deliverer per endpoint: a session advisory lock, taken on a connection
// outside any transaction (an open transaction would hold the feed's horizon
// back for every tenant while a receiver hangs), and released by Postgres if
// the worker process dies.
import { sql } from 'kysely'
import { Webhook } from 'standardwebhooks'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { inTransaction } from '../transaction.ts'
import { emitEvents, toEventDto } from '../events/events.ts'
import { comparePositions, eventById, eventsBeyondHorizon, feedPage, type EventRow } from '../events/events.queries.ts'
import { postWebhook, type PostResult } from './post-webhook.ts'
import { advanceCursor, disableEndpoint, endpointById, insertAttempt, kickEndpoint, recordFailure, waitingUntil, type EndpointRow } from './webhooks.queries.ts'

export interface WebhookSettings {
  /** WEBHOOK_ALLOW_PRIVATE: let endpoints resolve to private, loopback and link-local addresses (tests, an on-premises network) */
  allowPrivate: boolean
  /** the whole request, connect to last byte read */
  timeoutMs: number
  /** the first retry's delay; it doubles each time, with ±25% jitter, up to retryMaxMs */
  retryBaseMs: number
  retryMaxMs: number
  /** an endpoint failing without a success for this long is disabled (webhook_endpoint.disabled) */
  disableAfterMs: number
  /** events one job delivers before handing over to a fresh job (fairness between endpoints) */
  batch: number
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  allowPrivate: false, timeoutMs: 10_000, retryBaseMs: 5_000, retryMaxMs: 3_600_000, disableAfterMs: 3 * 24 * 3_600_000, batch: 100,
}

export interface EndpointRef { tenantId: string; endpointId: string }

/** Exponential back-off with jitter: base · 2^(n-1), at most max, then ±25%. With the defaults, hourly retries after ten failures, for 3 days. */
export function backoffMs(failures: number, s: Pick<WebhookSettings, 'retryBaseMs' | 'retryMaxMs'>, random: () => number = Math.random): number {
  const raw = Math.min(s.retryMaxMs, s.retryBaseMs * 2 ** Math.min(30, Math.max(0, failures - 1)))
  return Math.max(1, Math.round(raw * (0.75 + random() * 0.5)))
}

/** The signature header: v1 with the current secret, and with the previous one while its overlap lasts. */
export function signatureHeader(ep: Pick<EndpointRow, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>, id: string, at: Date, body: string): string {
  const sigs = [new Webhook(ep.secret).sign(id, at, body)]
  if (ep.previousSecret && ep.previousSecretExpiresAt && ep.previousSecretExpiresAt.getTime() > at.getTime()) sigs.push(new Webhook(ep.previousSecret).sign(id, at, body))
  return sigs.join(' ')
}

async function send(ep: EndpointRow, ev: EventRow, s: WebhookSettings, clock: Clock): Promise<PostResult> {
  const body = JSON.stringify(toEventDto(ev))
  const at = clock.now()
  return postWebhook(ep.url, {
    'webhook-id': ev.eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatureHeader(ep, ev.eventId, at, body),
  }, body, s)
}

/** Runs fn holding the endpoint's delivery lock, or returns false when another worker holds it. */
async function withEndpointLock(db: Db, endpointId: string, fn: () => Promise<void>): Promise<boolean> {
  return db.connection().execute(async (conn) => {
    const key = sql`hashtextextended(${`webhook:${endpointId}`}, 0)`
    const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key}) as ok`.execute(conn)
    if (!got.rows[0]?.ok) return false
    try { await fn() } finally { await sql`select pg_advisory_unlock(${key})`.execute(conn) }
    return true
  })
}

/** The job: deliver the endpoint's pending events in order until none is left, a failure, or the batch is done. */
export async function deliverEndpoint(db: Db, ref: EndpointRef, s: WebhookSettings, clock: Clock): Promise<void> {
  const ran = await withEndpointLock(db, ref.endpointId, async () => {
    for (let n = 0; n < s.batch; n++) {
      const ep = await endpointById(db, ref.tenantId, ref.endpointId)
      if (!ep || !ep.enabled) return
      const waiting = await waitingUntil(db, ref.tenantId, ref.endpointId)
      if (waiting) { await kickEndpoint(db, ref.tenantId, ref.endpointId, { at: waiting }); return }
      const cursor = { txid: ep.cursorTxid, seq: ep.cursorSeq }
      const { rows, horizon } = await feedPage(db, ref.tenantId, cursor, ep.types.length ? ep.types : undefined, 1)
      const ev = rows[0]
      if (!ev) {
        // nothing subscribed below the horizon: pass over what is there
        if (comparePositions(horizon, cursor) > 0) await advanceCursor(db, ref.tenantId, ref.endpointId, horizon, false)
        const at = comparePositions(horizon, cursor) > 0 ? horizon : cursor
        // committed events above the horizon wait for an older transaction to end: look again shortly
        if (await eventsBeyondHorizon(db, ref.tenantId, at, ep.types)) await kickEndpoint(db, ref.tenantId, ref.endpointId, { delayMs: 500 })
        return
      }
      const result = await send(ep, ev, s, clock)
      await insertAttempt(db, ref.tenantId, { endpointId: ref.endpointId, eventId: ev.eventId, attempt: ep.consecutiveFailures + 1, manual: false,
        ok: result.ok, statusCode: result.statusCode, latencyMs: result.latencyMs, responseExcerpt: result.excerpt, error: result.error })
      if (result.ok) { await advanceCursor(db, ref.tenantId, ref.endpointId, ev, true); continue }
      const failure = await recordFailure(db, ref.tenantId, ref.endpointId, backoffMs(ep.consecutiveFailures + 1, s), s.disableAfterMs)
      if (failure.expired) {
        await inTransaction(db, async (trx) => {
          const reason = `failing since ${failure.failingSince.toISOString()} (${failure.failures} consecutive failures)`
          if (await disableEndpoint(trx, ref.tenantId, ref.endpointId, reason)) {
            await emitEvents(trx, ref.tenantId, [{ type: 'webhook_endpoint.disabled', objectType: 'webhook_endpoint', objectId: ref.endpointId,
              data: { endpointId: ref.endpointId, url: ep.url, reason, failingSince: failure.failingSince.toISOString(), consecutiveFailures: failure.failures,
                pendingEventId: ev.eventId } }])
          }
        })
      } else {
        await kickEndpoint(db, ref.tenantId, ref.endpointId, { at: failure.nextAttemptAt })
      }
      return
    }
    // more may wait: a fresh job continues, after other endpoints' jobs had their turn
    await kickEndpoint(db, ref.tenantId, ref.endpointId, { delayMs: 0 })
  })
  // another worker delivers to this endpoint now; look again when it may be done
  if (!ran) await kickEndpoint(db, ref.tenantId, ref.endpointId, { delayMs: 1_000 })
}

/** A manual redelivery of one event (out of order by request); recorded, the cursor untouched. */
export async function redeliverEvent(db: Db, ref: EndpointRef & { eventId: string }, s: WebhookSettings, clock: Clock): Promise<void> {
  const ep = await endpointById(db, ref.tenantId, ref.endpointId)
  const ev = await eventById(db, ref.tenantId, ref.eventId)
  if (!ep || !ev) return
  const result = await send(ep, ev, s, clock)
  await insertAttempt(db, ref.tenantId, { endpointId: ref.endpointId, eventId: ev.eventId, attempt: 1, manual: true,
    ok: result.ok, statusCode: result.statusCode, latencyMs: result.latencyMs, responseExcerpt: result.excerpt, error: result.error })
}
