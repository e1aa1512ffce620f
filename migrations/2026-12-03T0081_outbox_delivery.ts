// SMTP delivery of the outbox (issue 10 §1): a sender claims unsent e-mail
// rows (FOR UPDATE SKIP LOCKED), stamps sent_at, and on failure counts the
// attempt and waits (next_attempt_at) before the next, with backoff.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table outbox_messages
  add column attempts integer not null default 0,
  add column next_attempt_at timestamptz,
  add column last_error text;
-- serves: the sender's claim of due unsent e-mail (outbox-sender.ts claimDue), oldest first
create index outbox_messages_unsent on outbox_messages (created_at, tenant_id, message_id) where sent_at is null and channel = 'email';
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index outbox_messages_unsent; alter table outbox_messages drop column attempts, drop column next_attempt_at, drop column last_error`.execute(db)
}
