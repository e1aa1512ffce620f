// SMTP delivery of the outbox (issue 10 §1): when AQUALEDGER_SMTP_URL is set,
// a graphile-worker task (every minute, and at start) sends the unsent e-mail
// rows through nodemailer and stamps sent_at. Rows are claimed FOR UPDATE SKIP
// LOCKED and held while they are sent, so two workers never send one message;
// the stamp commits with the claim. A failure counts the attempt and sets
// next_attempt_at (doubling from retryBaseMs up to retryMaxMs); after
// maxAttempts the row stays unsent with its last error for an admin to see.
// SMS rows stay in the outbox: a gateway or the portal delivers them.
import { sql } from 'kysely'
import nodemailer from 'nodemailer'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'

export const OUTBOX_EMAIL_TASK = 'outbox_email'

export interface MailSettings {
  /** smtp://user:pass@host:587 or smtps://… (nodemailer's URL form) */
  smtpUrl: string
  /** the From of every message */
  from: string
  batch: number
  retryBaseMs: number
  retryMaxMs: number
  maxAttempts: number
}

export interface MailTransport { sendMail(m: { from: string; to: string; subject: string; text: string; headers: Record<string, string> }): Promise<unknown> }

export const smtpTransport = (s: MailSettings): MailTransport => nodemailer.createTransport(s.smtpUrl)

/** The delay before attempt n+1 after n failed ones. */
export const retryDelayMs = (s: Pick<MailSettings, 'retryBaseMs' | 'retryMaxMs'>, failed: number): number =>
  Math.min(s.retryMaxMs, s.retryBaseMs * 2 ** Math.max(0, failed - 1))

interface Claimed { tenantId: string; messageId: string; recipient: string; subject: string | null; body: string; attempts: number }

/** Sends every due unsent e-mail, a batch per transaction, until none is due. */
export async function sendDueEmail(db: Db, transport: MailTransport, s: MailSettings, clock: Clock): Promise<{ sent: number; failed: number }> {
  let sent = 0
  let failed = 0
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const now = clock.now()
      const rows = (await sql<Claimed>`
        select tenant_id as "tenantId", message_id as "messageId", recipient, subject, body, attempts
        from outbox_messages
        where sent_at is null and channel = 'email' and attempts < ${s.maxAttempts} and (next_attempt_at is null or next_attempt_at <= ${now})
        order by created_at, tenant_id, message_id
        limit ${s.batch}
        for update skip locked`.execute(trx)).rows
      for (const m of rows) {
        try {
          await transport.sendMail({ from: s.from, to: m.recipient, subject: m.subject ?? '', text: m.body, headers: { 'X-Aqualedger-Message-Id': m.messageId } })
          await trx.updateTable('outboxMessages').set({ sentAt: clock.now(), attempts: m.attempts + 1, nextAttemptAt: null, lastError: null })
            .where('tenantId', '=', m.tenantId).where('messageId', '=', m.messageId).execute()
          sent++
        } catch (err) {
          await trx.updateTable('outboxMessages').set({ attempts: m.attempts + 1, lastError: String((err as Error).message ?? err).slice(0, 500),
            nextAttemptAt: new Date(clock.now().getTime() + retryDelayMs(s, m.attempts + 1)) })
            .where('tenantId', '=', m.tenantId).where('messageId', '=', m.messageId).execute()
          failed++
        }
      }
      return rows.length
    })
    if (n < s.batch) return { sent, failed }
  }
}
