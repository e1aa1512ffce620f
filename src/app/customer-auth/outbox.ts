// Every message to a customer (confirmation link, phone code, password reset,
// invitation) is a row written in the transaction of the change that causes
// it (issue 10 §1: no hidden code path sends mail): a sender (SMTP, SMS
// gateway, the events of the events work) reads the outbox and stamps sent_at.
//
// Each row also writes a customer_message.created event in the same
// transaction (issue 11 §1), so a portal or ERP that delivers messages itself
// learns of them from the feed or a webhook. The event carries the text
// (subject, body) and the recipient's address: the text IS the message (the
// confirmation token, the phone code, the reset link), and a deliverer that
// got only a reference would need a second, admin-only call per message
// (GET /v1/customer-messages) to send anything. That makes the event a
// credential for as long as the token lives (an hour for a reset), so the
// feed shows this type to admin keys only (ADMIN_ONLY_EVENT_TYPES), as the
// outbox itself is; webhook endpoints are admin-registered and signed.
import { v7 as uuidv7 } from 'uuid'
import { z } from 'zod'
import type { Transaction } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { DB } from '../../db/schema.ts'
import { emitEvents } from '../events/events.ts'
import type { Clock } from '../clock.ts'
import { decodeCursor, pageFrom } from '../pagination.ts'
import { pageQuery } from '../schemas.ts'

export interface OutgoingMessage {
  channel: 'email' | 'sms'
  recipient: string
  kind: 'email_confirmation' | 'phone_confirmation' | 'password_reset' | 'delegation_invitation' | 'registration_attempt'
  subject?: string
  body: string
  customerUserId?: string
}

/** Writes the message and its customer_message.created event, in the caller's transaction. */
export async function enqueueMessage(trx: Transaction<DB>, tenantId: string, m: OutgoingMessage, clock: Clock): Promise<string> {
  const messageId = uuidv7()
  await trx.insertInto('outboxMessages').values({
    tenantId, messageId, channel: m.channel, recipient: m.recipient, kind: m.kind, subject: m.subject ?? null, body: m.body,
    customerUserId: m.customerUserId ?? null, createdAt: clock.now(), sentAt: null,
  }).execute()
  await emitEvents(trx, tenantId, [{ type: 'customer_message.created', objectType: 'customer_message', objectId: messageId, data: {
    messageId, channel: m.channel, purpose: m.kind, customerUserId: m.customerUserId ?? null, recipient: m.recipient,
    subject: m.subject ?? null, body: m.body } }])
  return messageId
}

export const messageListQuery = pageQuery.extend({ recipient: z.string().trim().min(1).max(320).optional() })

export const messageDto = z.object({
  id: z.uuid(), channel: z.enum(['email', 'sms']), recipient: z.string(), kind: z.string(), subject: z.string().nullable(), body: z.string(),
  customerUserId: z.uuid().nullable(), createdAt: z.string(), sentAt: z.string().nullable(),
}).meta({ id: 'CustomerMessage' })

/** The tenant's messages in the order they were written (uuid v7 ids). */
export async function listMessages(db: Db, tenantId: string, q: z.output<typeof messageListQuery>) {
  const after = decodeCursor(q.cursor)
  const rows = await db.selectFrom('outboxMessages').selectAll().where('tenantId', '=', tenantId)
    .$if(!!after, (b) => b.where('messageId', '>', after!))
    .$if(!!q.recipient, (b) => b.where(({ fn, eb }) => eb(fn('lower', ['recipient']), '=', q.recipient!.toLowerCase())))
    .orderBy('messageId').limit(q.limit + 1).execute()
  return pageFrom(rows, q.limit, (r) => r.messageId, (r) => ({
    id: r.messageId, channel: r.channel, recipient: r.recipient, kind: r.kind, subject: r.subject, body: r.body,
    customerUserId: r.customerUserId, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null,
  }))
}
