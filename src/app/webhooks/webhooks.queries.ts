// SQL of webhook endpoints, their delivery attempts and the job queue calls
// that wake their delivery (graphile-worker's add_job).
import { sql, type Selectable, type Transaction } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../../db/database.ts'
import type { DB, WebhookEndpointsTable } from '../../db/schema.ts'
import { EVENTS_CHANNEL, type FeedPosition } from '../events/events.queries.ts'

export const DELIVER_TASK = 'webhook_deliver'
export const REDELIVER_TASK = 'webhook_redeliver'
export const SWEEP_TASK = 'webhook_sweep'
export const NOTICES_TASK = 'scheduled_notices'

/** An endpoint row as the queries below select it (the cursor's xid8 and seq as text). */
export type EndpointRow = Selectable<WebhookEndpointsTable>

const endpointColumns = sql`tenant_id, endpoint_id, url, description, types, enabled, secret, previous_secret, previous_secret_expires_at,
  cursor_txid::text as cursor_txid, cursor_seq::text as cursor_seq, consecutive_failures, failing_since, next_attempt_at, disabled_reason, created_at, updated_at`

/** A new endpoint starts at the feed's horizon: it receives every event not yet visible when it was created, and none before. */
export async function insertEndpoint(db: Db, e: { tenantId: string; endpointId: string; url: string; description: string | null; types: string[]; enabled: boolean; secret: string }): Promise<EndpointRow> {
  const { rows } = await sql<EndpointRow>`
    insert into webhook_endpoints (tenant_id, endpoint_id, url, description, types, enabled, secret, cursor_txid, cursor_seq)
    values (${e.tenantId}, ${e.endpointId}, ${e.url}, ${e.description}, ${e.types}::text[], ${e.enabled}, ${e.secret}, pg_snapshot_xmin(pg_current_snapshot()), 0)
    returning ${endpointColumns}`.execute(db)
  return rows[0]!
}

export async function endpointById(db: Db, tenantId: string, endpointId: string): Promise<EndpointRow | undefined> {
  const { rows } = await sql<EndpointRow>`select ${endpointColumns} from webhook_endpoints where tenant_id = ${tenantId} and endpoint_id = ${endpointId}::uuid`.execute(db)
  return rows[0]
}

export async function endpointsOf(db: Db, tenantId: string): Promise<EndpointRow[]> {
  const { rows } = await sql<EndpointRow>`select ${endpointColumns} from webhook_endpoints where tenant_id = ${tenantId} order by endpoint_id`.execute(db)
  return rows
}

export async function updateEndpointRow(db: Db, tenantId: string, endpointId: string,
  set: { url?: string | undefined; description?: string | null | undefined; types?: string[] | undefined; enabled?: boolean | undefined }): Promise<EndpointRow | undefined> {
  const { rows } = await sql<EndpointRow>`
    update webhook_endpoints set
      url = coalesce(${set.url ?? null}, url),
      description = case when ${set.description !== undefined} then ${set.description ?? null} else description end,
      types = coalesce(${set.types ?? null}::text[], types),
      enabled = coalesce(${set.enabled ?? null}::boolean, enabled),
      -- re-enabled: a fresh start (failures forgotten, delivery resumes where it stopped)
      consecutive_failures = case when ${set.enabled === true} and not enabled then 0 else consecutive_failures end,
      failing_since = case when ${set.enabled === true} and not enabled then null else failing_since end,
      next_attempt_at = case when ${set.enabled === true} and not enabled then null else next_attempt_at end,
      disabled_reason = case when ${set.enabled === true} then null when ${set.enabled === false} then 'disabled by the tenant' else disabled_reason end,
      updated_at = now()
    where tenant_id = ${tenantId} and endpoint_id = ${endpointId}::uuid
    returning ${endpointColumns}`.execute(db)
  // re-enabled: the dispatcher wakes its delivery (at commit)
  if (rows[0] && set.enabled === true) await sql`select pg_notify(${EVENTS_CHANNEL}, ${tenantId})`.execute(db)
  return rows[0]
}

export async function deleteEndpointRow(db: Db, tenantId: string, endpointId: string): Promise<boolean> {
  const r = await db.deleteFrom('webhookEndpoints').where('tenantId', '=', tenantId).where('endpointId', '=', endpointId).executeTakeFirst()
  return r.numDeletedRows > 0n
}

/** The new secret signs from now on; the old one signs too until the overlap ends (receivers switch in between). */
export async function rotateSecretRow(db: Db, tenantId: string, endpointId: string, secret: string, overlapSeconds: number): Promise<EndpointRow | undefined> {
  const { rows } = await sql<EndpointRow>`
    update webhook_endpoints set previous_secret = secret, secret = ${secret},
      previous_secret_expires_at = now() + ${overlapSeconds} * interval '1 second', updated_at = now()
    where tenant_id = ${tenantId} and endpoint_id = ${endpointId}::uuid
    returning ${endpointColumns}`.execute(db)
  return rows[0]
}

export interface AttemptRow {
  deliveryId: string; endpointId: string; eventId: string; attempt: number; manual: boolean; ok: boolean
  statusCode: number | null; latencyMs: number; responseExcerpt: string | null; error: string | null; attemptedAt: Date
}

export async function insertAttempt(db: Db, tenantId: string, a: Omit<AttemptRow, 'deliveryId' | 'attemptedAt'>): Promise<AttemptRow> {
  return db.insertInto('webhookDeliveries').values({ tenantId, deliveryId: uuidv7(), ...a })
    .returning(['deliveryId', 'endpointId', 'eventId', 'attempt', 'manual', 'ok', 'statusCode', 'latencyMs', 'responseExcerpt', 'error', 'attemptedAt'])
    .executeTakeFirstOrThrow()
}

export async function attemptsOf(db: Db, tenantId: string, endpointId: string, before: string | undefined, limit: number): Promise<AttemptRow[]> {
  return db.selectFrom('webhookDeliveries')
    .select(['deliveryId', 'endpointId', 'eventId', 'attempt', 'manual', 'ok', 'statusCode', 'latencyMs', 'responseExcerpt', 'error', 'attemptedAt'])
    .where('tenantId', '=', tenantId).where('endpointId', '=', endpointId)
    .$if(before !== undefined, (q) => q.where('deliveryId', '<', before!))
    .orderBy('deliveryId', 'desc').limit(limit).execute()
}

/** Delivered (or passed over as not subscribed): the cursor moves on and the failure count resets. */
export async function advanceCursor(db: Db, tenantId: string, endpointId: string, to: FeedPosition, delivered: boolean): Promise<void> {
  await sql`
    update webhook_endpoints set cursor_txid = ${to.txid}::xid8, cursor_seq = ${to.seq}::bigint,
      ${delivered ? sql`consecutive_failures = 0, failing_since = null, next_attempt_at = null,` : sql``} updated_at = now()
    where tenant_id = ${tenantId} and endpoint_id = ${endpointId}::uuid and (cursor_txid, cursor_seq) < (${to.txid}::xid8, ${to.seq}::bigint)`.execute(db)
}

/** A failed attempt: counted, the next one scheduled; true when the endpoint has failed for longer than allowed. */
export async function recordFailure(db: Db, tenantId: string, endpointId: string, backoffMs: number, disableAfterMs: number): Promise<{ nextAttemptAt: Date; expired: boolean; failures: number; failingSince: Date }> {
  const { rows } = await sql<{ nextAttemptAt: Date; expired: boolean; consecutiveFailures: number; failingSince: Date }>`
    update webhook_endpoints set consecutive_failures = consecutive_failures + 1, failing_since = coalesce(failing_since, now()),
      next_attempt_at = now() + ${backoffMs} * interval '1 millisecond', updated_at = now()
    where tenant_id = ${tenantId} and endpoint_id = ${endpointId}::uuid
    returning next_attempt_at, consecutive_failures, failing_since, failing_since <= now() - ${disableAfterMs} * interval '1 millisecond' as expired`.execute(db)
  const r = rows[0]!
  return { nextAttemptAt: r.nextAttemptAt, expired: r.expired, failures: r.consecutiveFailures, failingSince: r.failingSince }
}

export async function disableEndpoint(trx: Transaction<DB>, tenantId: string, endpointId: string, reason: string): Promise<boolean> {
  const r = await trx.updateTable('webhookEndpoints').set({ enabled: false, disabledReason: reason, nextAttemptAt: null, updatedAt: sql<Date>`now()` })
    .where('tenantId', '=', tenantId).where('endpointId', '=', endpointId).where('enabled', '=', true).executeTakeFirst()
  return r.numUpdatedRows > 0n
}

/** Whether the endpoint waits for a backed-off retry (by the database's clock). */
export async function waitingUntil(db: Db, tenantId: string, endpointId: string): Promise<Date | undefined> {
  const { rows } = await sql<{ nextAttemptAt: Date }>`
    select next_attempt_at from webhook_endpoints
    where tenant_id = ${tenantId} and endpoint_id = ${endpointId}::uuid and next_attempt_at > now()`.execute(db)
  return rows[0]?.nextAttemptAt
}

/**
 * Wakes an endpoint's delivery job. One job per endpoint (job_key): a kick
 * while a retry waits keeps its time (preserve_run_at); `at` replaces it.
 */
export async function kickEndpoint(db: Db, tenantId: string, endpointId: string, when?: { at: Date } | { delayMs: number }): Promise<void> {
  const runAt = !when ? sql`now()` : 'at' in when ? sql`${when.at.toISOString()}::timestamptz` : sql`now() + ${when.delayMs} * interval '1 millisecond'`
  await sql`select graphile_worker.add_job(${DELIVER_TASK}, json_build_object('tenantId', ${tenantId}::text, 'endpointId', ${endpointId}::text),
    run_at => ${runAt}, job_key => ${`webhook:${endpointId}`}, job_key_mode => ${when ? 'replace' : 'preserve_run_at'})`.execute(db)
}

/** Wakes the delivery of every enabled endpoint (of a tenant, or all): the dispatcher's answer to a NOTIFY, and its sweep. */
export async function kickEndpoints(db: Db, tenantId?: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(graphile_worker.add_job(${DELIVER_TASK}, json_build_object('tenantId', tenant_id::text, 'endpointId', endpoint_id::text),
      job_key => 'webhook:' || endpoint_id::text, job_key_mode => 'preserve_run_at'))::int as n
    from webhook_endpoints where enabled ${tenantId ? sql`and tenant_id = ${tenantId}::uuid` : sql``}`.execute(db)
  return rows[0]?.n ?? 0
}

export async function queueRedelivery(db: Db, tenantId: string, endpointId: string, eventId: string): Promise<void> {
  await sql`select graphile_worker.add_job(${REDELIVER_TASK}, json_build_object('tenantId', ${tenantId}::text, 'endpointId', ${endpointId}::text, 'eventId', ${eventId}::text),
    max_attempts => 1)`.execute(db)
}

/**
 * The events of a time range an endpoint takes (its types; none = all), in
 * feed order, at most `limit + 1` so the caller can tell the range is too big.
 */
export async function eventIdsInRange(db: Db, tenantId: string, types: string[], from: Date, to: Date, limit: number): Promise<string[]> {
  // serves: events_feed order within the tenant; occurred_at bounds the range
  const { rows } = await sql<{ eventId: string }>`
    select event_id from events where tenant_id = ${tenantId} and occurred_at >= ${from} and occurred_at < ${to}
      and (cardinality(${types}::text[]) = 0 or type = any(${types}::text[]))
    order by txid, seq limit ${limit + 1}`.execute(db)
  return rows.map((r) => r.eventId)
}

/** One redelivery job per event, in one statement (the range replay). */
export async function queueRedeliveries(db: Db, tenantId: string, endpointId: string, eventIds: string[]): Promise<void> {
  if (!eventIds.length) return
  await sql`select graphile_worker.add_job(${REDELIVER_TASK}, json_build_object('tenantId', ${tenantId}::text, 'endpointId', ${endpointId}::text, 'eventId', e::text),
    max_attempts => 1) from unnest(${eventIds}::uuid[]) as e`.execute(db)
}
