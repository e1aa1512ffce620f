// Failed-attempt limits for the doors a stranger can knock on (issue 10 §3,
// §6): sign-in, opening a reading grant, and linking an account. Failures are
// counted per IP, per subject (the e-mail, the account number) and, where
// someone is signed in (linking), per customer user, in a sliding window;
// past a limit the door is locked for that key until the window has passed.
// The subject's count applies whether or not the subject exists, so a
// lockout says nothing about an account or a user either. One table for all
// three (migration 0146); rows older than a day are pruned hourly.
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'

export type AttemptPurpose = 'sign_in' | 'reading_grant' | 'account_link'
export interface AttemptLimits { perIp: number; perSubject: number; perUser?: number; windowMs: number }
export interface AttemptKey { ip: string; subject: string; userId?: string }

/** Attempts only feed the window's counters (the audit log keeps the record): a day is kept, then pruned. */
export const ATTEMPT_RETENTION_MS = 24 * 3_600_000

export async function failuresSince(trx: Db, tenantId: string, purpose: AttemptPurpose, key: AttemptKey, since: Date) {
  const userId = key.userId ?? null
  const r = await sql<{ byIp: number; bySubject: number; byUser: number }>`
    select count(*) filter (where ip = ${key.ip})::int as "byIp",
           count(*) filter (where subject = ${key.subject})::int as "bySubject",
           count(*) filter (where customer_user_id = ${userId})::int as "byUser"
    from auth_attempts
    where tenant_id = ${tenantId} and purpose = ${purpose} and not succeeded and attempted_at > ${since}
      and (ip = ${key.ip} or subject = ${key.subject} or customer_user_id = ${userId})`.execute(trx)
  return r.rows[0]!
}

/** Whether the key is locked out now, with the counts (for the audit entry). */
export async function lockedOut(trx: Db, tenantId: string, purpose: AttemptPurpose, key: AttemptKey, limits: AttemptLimits, clock: Clock) {
  const f = await failuresSince(trx, tenantId, purpose, key, new Date(clock.now().getTime() - limits.windowMs))
  return { locked: f.byIp >= limits.perIp || f.bySubject >= limits.perSubject || (limits.perUser !== undefined && f.byUser >= limits.perUser), ...f }
}

export async function recordAttempt(trx: Db, tenantId: string, purpose: AttemptPurpose, key: AttemptKey, succeeded: boolean, clock: Clock): Promise<void> {
  await trx.insertInto('authAttempts').values({ tenantId, attemptId: randomUUID(), purpose, subject: key.subject, ip: key.ip,
    customerUserId: key.userId ?? null, succeeded, attemptedAt: clock.now() }).execute()
}

/** The hourly prune (graphile crontab, src/jobs): attempts older than the retention, every tenant. */
export async function pruneAttempts(db: Db, clock: Clock, retentionMs = ATTEMPT_RETENTION_MS): Promise<number> {
  const r = await db.deleteFrom('authAttempts').where('attemptedAt', '<', new Date(clock.now().getTime() - retentionMs)).executeTakeFirst()
  return Number(r.numDeletedRows)
}

export const PRUNE_ATTEMPTS_TASK = 'prune_auth_attempts'
