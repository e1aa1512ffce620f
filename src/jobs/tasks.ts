// The graphile-worker tasks: billing a chunk of a bill run, and webhook
// delivery. The chunk task is safe to run twice (bill-chunk.ts); a thrown
// error makes graphile-worker retry it with back-off, and the last failed
// attempt marks the run failed. Webhook delivery keeps its own retry
// schedule on the endpoint (app/webhooks/deliver.ts).
import type { Task, TaskList } from 'graphile-worker'
import type { Db } from '../db/database.ts'
import { billChunk } from '../app/billing/bill-chunk.ts'
import type { ChunkRef } from '../app/billing/bill-chunk.ts'
import { BILL_CHUNK_TASK, recordChunkFailure } from '../app/billing/bill-runs.ts'
import { systemClock, type Clock } from '../app/clock.ts'
import { DEFAULT_WEBHOOK_SETTINGS, deliverEndpoint, redeliverEvent, type EndpointRef, type WebhookSettings } from '../app/webhooks/deliver.ts'
import { DELIVER_TASK, NOTICES_TASK, REDELIVER_TASK, SWEEP_TASK, kickEndpoints } from '../app/webhooks/webhooks.queries.ts'
import { emitScheduledNotices } from '../app/events/scheduled-notices.ts'
import { PRUNE_EVENTS_TASK, pruneEvents } from '../app/events/retention.ts'
import { COMPOSE_INVOICES_TASK, composeMissingInvoices } from '../app/invoices/compose-invoices.ts'
import { PRUNE_ATTEMPTS_TASK, pruneAttempts } from '../app/customer-auth/attempt-limits.ts'
import { OUTBOX_EMAIL_TASK, sendDueEmail, smtpTransport, type MailSettings, type MailTransport } from '../app/customer-auth/outbox-sender.ts'

export interface TaskOptions {
  webhooks?: WebhookSettings
  /** signs webhook-timestamp: receivers check it against their own clock */
  clock?: Clock
  /** SMTP delivery of the outbox's e-mail (AQUALEDGER_SMTP_URL); absent: no such task */
  mail?: MailSettings
  /** days events are kept (EVENTS_RETENTION_DAYS); 0 = forever */
  eventsRetentionDays?: number
  /** tests: a transport other than nodemailer's SMTP one */
  mailTransport?: MailTransport
}

export function taskList(db: Db, opts: TaskOptions = {}): TaskList {
  const webhooks = opts.webhooks ?? DEFAULT_WEBHOOK_SETTINGS
  const clock = opts.clock ?? systemClock
  const billRunChunk: Task = async (payload, helpers) => {
    const ref = payload as ChunkRef
    try {
      const out = await billChunk(db, ref)
      helpers.logger.debug(`bill run ${ref.billRunId} chunk ${ref.chunkNo}: ${out.status} (${out.billed} billed, ${out.skipped} skipped, ${out.failed} failed)`)
    } catch (err) {
      const final = helpers.job.attempts >= helpers.job.max_attempts
      await recordChunkFailure(db, ref.tenantId, ref.billRunId, `chunk ${ref.chunkNo}, attempt ${helpers.job.attempts}: ${(err as Error).message}`, final).catch(() => {})
      throw err
    }
  }
  const mail = opts.mail
  const transport = mail ? opts.mailTransport ?? smtpTransport(mail) : undefined
  return {
    // the outbox's e-mail through SMTP (issue 10 §1): every minute (crontab) and at start
    ...(mail && transport ? { [OUTBOX_EMAIL_TASK]: async () => { await sendDueEmail(db, transport, mail, clock) } } : {}),
    [BILL_CHUNK_TASK]: billRunChunk,
    [DELIVER_TASK]: async (payload) => deliverEndpoint(db, payload as EndpointRef, webhooks, clock),
    [REDELIVER_TASK]: async (payload) => redeliverEvent(db, payload as EndpointRef & { eventId: string }, webhooks, clock),
    // the safety net under NOTIFY: every enabled endpoint looks for pending events (crontab, and at start)
    [SWEEP_TASK]: async () => { await kickEndpoints(db) },
    // meter.verification_due, account.debt_overdue: hourly (crontab), each told once
    [NOTICES_TASK]: async () => { await emitScheduledNotices(db, clock) },
    // failed-attempt counters older than a day (issue 10 §3, §6: the limits look back 15 minutes): hourly (crontab)
    [PRUNE_ATTEMPTS_TASK]: async () => { await pruneAttempts(db, clock) },
    // events past their retention (EVENTS_RETENTION_DAYS), never ahead of an enabled endpoint's cursor: hourly (crontab)
    [PRUNE_EVENTS_TASK]: async () => { await pruneEvents(db, clock, opts.eventsRetentionDays) },
    // combined invoices (SEK) of a completed run whose worker died before composing them: hourly (crontab)
    [COMPOSE_INVOICES_TASK]: async () => { await composeMissingInvoices(db) },
  }
}
