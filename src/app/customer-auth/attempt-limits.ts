// Failed-attempt limits for the doors without a signed-in user (issue 10 §3,
// §6): sign-in and opening a reading grant. Failures are counted per IP and
// per subject (the e-mail, the account number) in a sliding window; past a
// limit the door is locked for that key until the window has passed. The
// subject's count applies whether or not the subject exists, so a lockout
// says nothing about an account or a user either.
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'

export type AttemptPurpose = 'sign_in' | 'reading_grant'
export interface AttemptLimits { perIp: number; perSubject: number; windowMs: number }

export async function failuresSince(trx: Db, tenantId: string, purpose: AttemptPurpose, key: { ip: string; subject: string }, since: Date) {
  const r = await sql<{ byIp: number; bySubject: number }>`
    select count(*) filter (where ip = ${key.ip})::int as "byIp",
           count(*) filter (where subject = ${key.subject})::int as "bySubject"
    from auth_attempts
    where tenant_id = ${tenantId} and purpose = ${purpose} and not succeeded and attempted_at > ${since}
      and (ip = ${key.ip} or subject = ${key.subject})`.execute(trx)
  return r.rows[0]!
}

/** Whether the key is locked out now, with the counts (for the audit entry). */
export async function lockedOut(trx: Db, tenantId: string, purpose: AttemptPurpose, key: { ip: string; subject: string }, limits: AttemptLimits, clock: Clock) {
  const f = await failuresSince(trx, tenantId, purpose, key, new Date(clock.now().getTime() - limits.windowMs))
  return { locked: f.byIp >= limits.perIp || f.bySubject >= limits.perSubject, ...f }
}

export async function recordAttempt(trx: Db, tenantId: string, purpose: AttemptPurpose, key: { ip: string; subject: string }, succeeded: boolean, clock: Clock): Promise<void> {
  await trx.insertInto('authAttempts').values({ tenantId, attemptId: randomUUID(), purpose, subject: key.subject, ip: key.ip, succeeded, attemptedAt: clock.now() }).execute()
}
