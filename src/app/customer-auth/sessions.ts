// Sessions (issue 10 §2): sign-in gives a short-lived access token (a JWT of
// the product's keys, signing-keys.ts) and a long-lived opaque refresh token,
// stored hashed. A refresh token is used once: using it gives a new pair in
// the same family (session); presenting a used one again means it was stolen
// (or the client is confused), so the whole family is revoked (OAuth 2.0
// Security BCP, refresh token rotation with reuse detection).
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { notFound } from '../errors.ts'
import { composeToken, digest, randomSecret, sameDigest, splitToken, verifyPassword } from './secrets.ts'
import { signAccessToken } from './signing-keys.ts'
import { invalidCredentials, invalidRefreshToken } from './errors.ts'
import { audit } from './audit.ts'
import { lockedOut, recordAttempt, type AttemptLimits } from './attempt-limits.ts'
import { userDto, type CustomerUserDto } from './register.ts'
import { forgetCustomerAccess } from './principal-cache.ts'

const REFRESH_TTL_MS = 30 * 24 * 3_600_000

export const signInInput = z.object({ email: z.email().max(254), password: z.string().min(1).max(128) }).strict()
export const refreshInput = z.object({ refreshToken: z.string().min(1).max(200) }).strict()
export const tokenPairDto = z.object({
  accessToken: z.string().describe('a JWT (EdDSA, kid in the header; keys at /.well-known/jwks.json): Authorization: Bearer <accessToken>'),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('seconds'),
  refreshToken: z.string().describe('opaque, single-use: exchange it at …/customer-auth/refresh for a new pair'),
}).meta({ id: 'CustomerTokens' })
type TokenPair = z.infer<typeof tokenPairDto>

async function issuePair(trx: Db, tenantId: string, customerUserId: string, sessionId: string, clock: Clock): Promise<TokenPair> {
  const tokenId = randomUUID()
  const secret = randomSecret()
  await trx.insertInto('refreshTokens').values({ tenantId, tokenId, sessionId, tokenHash: digest(secret),
    expiresAt: new Date(clock.now().getTime() + REFRESH_TTL_MS), usedAt: null }).execute()
  const access = await signAccessToken(trx, { tenantId, customerUserId, sessionId }, clock)
  return { accessToken: access.token, tokenType: 'Bearer', expiresIn: access.expiresIn, refreshToken: composeToken('aqr', tokenId, secret) }
}

/** Failed sign-ins allowed per e-mail and per IP in the window; past them the door answers as to a wrong password. */
export const SIGN_IN_LIMITS: AttemptLimits = { perIp: 30, perSubject: 5, windowMs: 15 * 60_000 }

/**
 * Sign-in with e-mail and password. A wrong password, an unknown e-mail, a
 * disabled user and a locked-out e-mail or IP all answer the same 401 after
 * the same argon2 verification (no enumeration, issue 10 §1, §3); failures
 * are counted per e-mail and per IP and audited, the reason in the audit only.
 */
export async function signIn(db: Db, tenantId: string, input: z.output<typeof signInInput>, clock: Clock, ip = 'unknown'): Promise<TokenPair> {
  const email = input.email.toLowerCase()
  const key = { ip, subject: email }
  const u = await db.selectFrom('customerUsers').select(['customerUserId', 'passwordHash', 'disabledAt']).where('tenantId', '=', tenantId)
    .where(({ eb, fn }) => eb(fn('lower', ['email']), '=', email)).executeTakeFirst()
  const limit = await lockedOut(db, tenantId, 'sign_in', key, SIGN_IN_LIMITS, clock)
  // An unknown e-mail (and a locked door) still costs one argon2 verification: the answer's time says nothing.
  const ok = await verifyPassword(u?.passwordHash ?? undefined, input.password)
  const reason = limit.locked ? 'locked_out' : !u ? 'unknown_email' : u.disabledAt !== null ? 'disabled' : !ok ? 'wrong_password' : undefined
  const tenantKnown = await db.selectFrom('tenants').select('tenantId').where('tenantId', '=', tenantId).executeTakeFirst()
  if (!tenantKnown) throw invalidCredentials()
  return db.transaction().execute(async (trx) => {
    const actor = u ? `customer:${u.customerUserId}` : `ip:${ip}`
    if (reason !== undefined) {
      // A locked door does not count further failures: the lock ends a window after the failures that caused it.
      if (reason !== 'locked_out') await recordAttempt(trx, tenantId, 'sign_in', key, false, clock)
      await audit(trx, tenantId, { actor, action: reason === 'locked_out' ? 'session.sign_in_locked_out' : 'session.sign_in_failed',
        ...(u ? { subject: u.customerUserId } : {}), detail: { ip, email, reason, byIp: limit.byIp, byEmail: limit.bySubject } }, clock)
      return undefined
    }
    await recordAttempt(trx, tenantId, 'sign_in', key, true, clock)
    await audit(trx, tenantId, { actor, action: 'session.signed_in', subject: u!.customerUserId, detail: { method: 'password', ip } }, clock)
    return openSession(trx, tenantId, u!.customerUserId, clock)
  }).then((pair) => { if (!pair) throw invalidCredentials(); return pair })
}

/** A new session (refresh-token family) for a user who proved who it is: a password, or the tenant's identity provider (oidc.ts). */
export async function openSession(trx: Db, tenantId: string, customerUserId: string, clock: Clock): Promise<TokenPair> {
  const sessionId = randomUUID()
  await trx.insertInto('customerSessions').values({ tenantId, sessionId, customerUserId, revokedAt: null, revokedReason: null }).execute()
  return issuePair(trx, tenantId, customerUserId, sessionId, clock)
}

export async function refresh(db: Db, tenantId: string, presented: string, clock: Clock): Promise<TokenPair> {
  const parts = splitToken('aqr', presented)
  if (!parts) throw invalidRefreshToken()
  const outcome = await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('refreshTokens as r').innerJoin('customerSessions as s', (j) => j.onRef('s.tenantId', '=', 'r.tenantId').onRef('s.sessionId', '=', 'r.sessionId'))
      .innerJoin('customerUsers as u', (j) => j.onRef('u.tenantId', '=', 's.tenantId').onRef('u.customerUserId', '=', 's.customerUserId'))
      .select(['r.tokenId', 'r.tokenHash', 'r.usedAt', 'r.expiresAt', 's.sessionId', 's.revokedAt', 's.customerUserId', 'u.disabledAt'])
      .where('r.tenantId', '=', tenantId).where('r.tokenId', '=', parts.id).forUpdate().executeTakeFirst()
    if (!row || !sameDigest(row.tokenHash, parts.secret)) return undefined
    if (row.usedAt !== null) {
      // Reuse of a rotated token: revoke the family, so neither the thief nor the victim keeps it.
      if (row.revokedAt === null) {
        await trx.updateTable('customerSessions').set({ revokedAt: clock.now(), revokedReason: 'refresh_token_reuse' })
          .where('tenantId', '=', tenantId).where('sessionId', '=', row.sessionId).execute()
        forgetCustomerAccess(tenantId, row.customerUserId)
        await audit(trx, tenantId, { actor: `customer:${row.customerUserId}`, action: 'session.reuse_detected', subject: row.sessionId }, clock)
      }
      return 'reused' as const
    }
    if (row.revokedAt !== null || row.disabledAt !== null || row.expiresAt <= clock.now()) return undefined
    await trx.updateTable('refreshTokens').set({ usedAt: clock.now() }).where('tenantId', '=', tenantId).where('tokenId', '=', row.tokenId).execute()
    return issuePair(trx, tenantId, row.customerUserId, row.sessionId, clock)
  })
  if (!outcome || outcome === 'reused') throw invalidRefreshToken()
  return outcome
}

/** Sign-out everywhere: every session of the user ends; access tokens die with them (checked on each request). */
export async function signOutEverywhere(db: Db, tenantId: string, customerUserId: string, clock: Clock): Promise<{ revokedSessions: number }> {
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('customerSessions').set({ revokedAt: clock.now(), revokedReason: 'sign_out' })
      .where('tenantId', '=', tenantId).where('customerUserId', '=', customerUserId).where('revokedAt', 'is', null).executeTakeFirst()
    forgetCustomerAccess(tenantId, customerUserId)
    await audit(trx, tenantId, { actor: `customer:${customerUserId}`, action: 'session.signed_out_everywhere', subject: customerUserId, detail: { sessions: Number(r.numUpdatedRows) } }, clock)
    return { revokedSessions: Number(r.numUpdatedRows) }
  })
}

/** An admin disables (or re-enables) a customer user; disabling ends every session. */
export async function setCustomerUserDisabled(db: Db, tenantId: string, customerUserId: string, disabled: boolean, actor: string, clock: Clock): Promise<CustomerUserDto> {
  return db.transaction().execute(async (trx) => {
    const u = await trx.updateTable('customerUsers').set({ disabledAt: disabled ? clock.now() : null })
      .where('tenantId', '=', tenantId).where('customerUserId', '=', customerUserId).returningAll().executeTakeFirst()
    if (!u) throw notFound('customer user')
    forgetCustomerAccess(tenantId, customerUserId)
    if (disabled) {
      await trx.updateTable('customerSessions').set({ revokedAt: clock.now(), revokedReason: 'disabled' })
        .where('tenantId', '=', tenantId).where('customerUserId', '=', customerUserId).where('revokedAt', 'is', null).execute()
    }
    await audit(trx, tenantId, { actor, action: disabled ? 'customer_user.disabled' : 'customer_user.enabled', subject: customerUserId }, clock)
    return userDto(u)
  })
}
