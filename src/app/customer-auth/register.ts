// A customer's own registration (issue 10 §1a, seed 000 steps 1–4): a person
// or an organization (its name in the name field, seed 000 step 3), e-mail,
// phone and password; the e-mail is confirmed by a link token, the phone by a
// 6-digit code; a forgotten password is reset by a link token. Every message
// is written to the outbox in the transaction that creates its code.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Transaction } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { DB } from '../../db/schema.ts'
import type { Clock } from '../clock.ts'
import { AppError, notFound } from '../errors.ts'
import { enqueueMessage } from './outbox.ts'
import { composeToken, digest, hashPassword, randomSecret, sameDigest, sixDigitCode, splitToken } from './secrets.ts'
import { invalidToken } from './errors.ts'
import { audit } from './audit.ts'
import { forgetCustomerAccess } from './principal-cache.ts'

const HOUR = 3_600_000
/** how long each code lives, and how many wrong tries a 6-digit code survives (10⁶ / 5 makes guessing hopeless) */
const TTL = { email_confirmation: 48 * HOUR, phone_confirmation: HOUR / 6, password_reset: HOUR } as const
export const MAX_CODE_ATTEMPTS = 5

export const password = z.string().min(10, 'at least 10 characters').max(128)
const email = z.email().max(254)
export const registerInput = z.object({
  kind: z.enum(['person', 'organization']).describe('an organization enters its name as the name (seed 000 step 3)'),
  name: z.string().trim().min(1).max(200),
  email,
  phone: z.string().regex(/^\+?[0-9]{7,15}$/, 'digits, optionally after +, 7 to 15 of them'),
  password,
}).strict().meta({ id: 'CustomerRegistration' })

export const customerUserDto = z.object({
  id: z.uuid(), kind: z.enum(['person', 'organization']), name: z.string(),
  email: z.string().nullable().describe('null for a user of the identity provider that gave none'), phone: z.string().nullable(),
  emailConfirmed: z.boolean(), phoneConfirmed: z.boolean(), disabled: z.boolean(), createdAt: z.string(),
}).meta({ id: 'CustomerUser' })
export type CustomerUserDto = z.infer<typeof customerUserDto>

type UserRow = { customerUserId: string; kind: 'person' | 'organization'; name: string; email: string | null; phone: string | null;
  emailConfirmedAt: Date | null; phoneConfirmedAt: Date | null; disabledAt: Date | null; createdAt: Date }
export const userDto = (u: UserRow): CustomerUserDto => ({
  id: u.customerUserId, kind: u.kind, name: u.name, email: u.email, phone: u.phone, emailConfirmed: u.emailConfirmedAt !== null,
  phoneConfirmed: u.phoneConfirmedAt !== null, disabled: u.disabledAt !== null, createdAt: u.createdAt.toISOString(),
})

export async function getCustomerUser(db: Db, tenantId: string, customerUserId: string): Promise<CustomerUserDto> {
  const u = await db.selectFrom('customerUsers').selectAll().where('tenantId', '=', tenantId).where('customerUserId', '=', customerUserId).executeTakeFirst()
  if (!u) throw notFound('customer user')
  return userDto(u)
}

async function issueCode(trx: Db, tenantId: string, userId: string, purpose: keyof typeof TTL, secret: string, clock: Clock): Promise<string> {
  const codeId = randomUUID()
  await trx.insertInto('customerUserCodes').values({
    tenantId, codeId, customerUserId: userId, purpose, codeHash: digest(secret), expiresAt: new Date(clock.now().getTime() + TTL[purpose]), usedAt: null,
  }).execute()
  return codeId
}

async function sendEmailConfirmation(trx: Transaction<DB>, tenantId: string, u: { customerUserId: string; email: string }, clock: Clock) {
  const secret = randomSecret()
  const token = composeToken('aqe', await issueCode(trx, tenantId, u.customerUserId, 'email_confirmation', secret, clock), secret)
  await enqueueMessage(trx, tenantId, { channel: 'email', recipient: u.email, kind: 'email_confirmation', customerUserId: u.customerUserId,
    subject: 'Confirm your e-mail', body: `Confirm your e-mail address with this token: ${token}` }, clock)
}

export async function sendPhoneCode(trx: Transaction<DB>, tenantId: string, u: { customerUserId: string; phone: string }, clock: Clock) {
  const code = sixDigitCode()
  await issueCode(trx, tenantId, u.customerUserId, 'phone_confirmation', code, clock)
  await enqueueMessage(trx, tenantId, { channel: 'sms', recipient: u.phone, kind: 'phone_confirmation', customerUserId: u.customerUserId,
    body: `Your confirmation code: ${code}` }, clock)
}

export async function tenantExists(db: Db, tenantId: string): Promise<void> {
  if (!(await db.selectFrom('tenants').select('tenantId').where('tenantId', '=', tenantId).executeTakeFirst())) throw notFound('tenant')
}

/**
 * A registration answers the same whether or not the e-mail is taken (issue
 * 10 §1, no enumeration): for a taken address the caller gets a user-shaped
 * answer that no row backs, and the address's owner gets a message instead
 * ("someone tried to register with your address"). Both paths hash the
 * password first and write in one transaction, so their times are alike.
 */
export async function registerCustomerUser(db: Db, tenantId: string, input: z.output<typeof registerInput>, clock: Clock): Promise<CustomerUserDto> {
  await tenantExists(db, tenantId)
  const passwordHash = await hashPassword(input.password)
  const customerUserId = randomUUID()
  const createdAt = clock.now()
  const answer = userDto({ customerUserId, kind: input.kind, name: input.name, email: input.email, phone: input.phone,
    emailConfirmedAt: null, phoneConfirmedAt: null, disabledAt: null, createdAt })
  const created = await db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('customerUsers').select(['customerUserId', 'email']).where('tenantId', '=', tenantId)
      .where(({ eb, fn }) => eb(fn('lower', ['email']), '=', input.email.toLowerCase())).executeTakeFirst()
    if (taken) return taken
    await trx.insertInto('customerUsers').values({
      tenantId, customerUserId, kind: input.kind, name: input.name, email: input.email, phone: input.phone, passwordHash,
      emailConfirmedAt: null, phoneConfirmedAt: null, disabledAt: null, createdAt,
    }).execute()
    await sendEmailConfirmation(trx, tenantId, { customerUserId, email: input.email }, clock)
    await sendPhoneCode(trx, tenantId, { customerUserId, phone: input.phone }, clock)
    await audit(trx, tenantId, { actor: `customer:${customerUserId}`, action: 'customer_user.registered', subject: customerUserId }, clock)
    return undefined
  }).catch(async (err: { code?: string }) => {
    // Two registrations of one address at once: the loser is a taken address like any other.
    if (err?.code !== '23505') throw err
    return db.selectFrom('customerUsers').select(['customerUserId', 'email']).where('tenantId', '=', tenantId)
      .where(({ eb, fn }) => eb(fn('lower', ['email']), '=', input.email.toLowerCase())).executeTakeFirstOrThrow()
  })
  if (created) await warnExistingUser(db, tenantId, { customerUserId: created.customerUserId, email: created.email ?? input.email }, clock)
  return answer
}

/** The owner of a taken address learns of the attempt; the one who tried learns nothing. */
async function warnExistingUser(db: Db, tenantId: string, u: { customerUserId: string; email: string }, clock: Clock): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await enqueueMessage(trx, tenantId, { channel: 'email', recipient: u.email, kind: 'registration_attempt', customerUserId: u.customerUserId,
      subject: 'Someone tried to register with your address',
      body: 'Someone tried to register a new account with your e-mail address. You already have one: sign in, '
        + 'or reset your password if it was you and you have forgotten it. If it was not you, you need not do anything.' }, clock)
    await audit(trx, tenantId, { actor: `customer:${u.customerUserId}`, action: 'customer_user.registration_with_taken_email', subject: u.customerUserId }, clock)
  })
}

/** Takes a link token (e-mail confirmation, password reset): valid, unused, unexpired, of this purpose; single use. */
async function takeToken(trx: Db, tenantId: string, token: string, prefix: string, purpose: 'email_confirmation' | 'password_reset', clock: Clock): Promise<string> {
  const parts = splitToken(prefix, token)
  const row = parts && await trx.selectFrom('customerUserCodes').selectAll().where('tenantId', '=', tenantId).where('codeId', '=', parts.id)
    .where('purpose', '=', purpose).forUpdate().executeTakeFirst()
  const ok = !!row && sameDigest(row.codeHash, parts!.secret) && row.usedAt === null && row.expiresAt > clock.now()
  if (!ok) throw invalidToken(purpose === 'password_reset' ? 'reset token' : 'confirmation token')
  await trx.updateTable('customerUserCodes').set({ usedAt: clock.now() }).where('tenantId', '=', tenantId).where('codeId', '=', row.codeId).execute()
  return row.customerUserId
}

export const tokenInput = z.object({ token: z.string().min(1).max(200) }).strict()

export async function confirmEmail(db: Db, tenantId: string, token: string, clock: Clock): Promise<CustomerUserDto> {
  return db.transaction().execute(async (trx) => {
    const userId = await takeToken(trx, tenantId, token, 'aqe', 'email_confirmation', clock)
    const u = await trx.updateTable('customerUsers').set({ emailConfirmedAt: clock.now() }).where('tenantId', '=', tenantId)
      .where('customerUserId', '=', userId).returningAll().executeTakeFirstOrThrow()
    return userDto(u)
  })
}

export const codeInput = z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') }).strict()

/** The newest phone code of the user: at most MAX_CODE_ATTEMPTS wrong tries, then it is dead (a new one must be sent). */
export async function confirmPhone(db: Db, tenantId: string, userId: string, code: string, clock: Clock): Promise<CustomerUserDto> {
  const result = await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('customerUserCodes').selectAll().where('tenantId', '=', tenantId).where('customerUserId', '=', userId)
      .where('purpose', '=', 'phone_confirmation').orderBy('createdAt', 'desc').orderBy('codeId').limit(1).forUpdate().executeTakeFirst()
    const open = !!row && row.usedAt === null && row.expiresAt > clock.now() && row.failedAttempts < MAX_CODE_ATTEMPTS
    if (!open) return undefined
    if (!sameDigest(row.codeHash, code)) {
      await trx.updateTable('customerUserCodes').set((eb) => ({ failedAttempts: eb('failedAttempts', '+', 1) }))
        .where('tenantId', '=', tenantId).where('codeId', '=', row.codeId).execute()
      return undefined
    }
    await trx.updateTable('customerUserCodes').set({ usedAt: clock.now() }).where('tenantId', '=', tenantId).where('codeId', '=', row.codeId).execute()
    return userDto(await trx.updateTable('customerUsers').set({ phoneConfirmedAt: clock.now() }).where('tenantId', '=', tenantId)
      .where('customerUserId', '=', userId).returningAll().executeTakeFirstOrThrow())
  })
  if (!result) throw invalidToken('code')
  return result
}

export async function resendPhoneCode(db: Db, tenantId: string, userId: string, clock: Clock): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const u = await trx.selectFrom('customerUsers').select(['customerUserId', 'phone']).where('tenantId', '=', tenantId).where('customerUserId', '=', userId).executeTakeFirstOrThrow()
    if (u.phone === null) throw new AppError('no_phone', 422, 'the user has no phone number to confirm')
    await sendPhoneCode(trx, tenantId, { customerUserId: u.customerUserId, phone: u.phone }, clock)
  })
}

export const resetRequestInput = z.object({ email }).strict()

/** Always the same answer: whether the e-mail belongs to a user is not revealed; a message goes out only when it does. */
export async function requestPasswordReset(db: Db, tenantId: string, address: string, clock: Clock): Promise<{ accepted: true }> {
  await tenantExists(db, tenantId)
  await db.transaction().execute(async (trx) => {
    const u = await trx.selectFrom('customerUsers').select(['customerUserId', 'email']).where('tenantId', '=', tenantId)
      .where(({ eb, fn }) => eb(fn('lower', ['email']), '=', address.toLowerCase())).where('disabledAt', 'is', null).executeTakeFirst()
    if (!u || u.email === null) return
    const secret = randomSecret()
    const token = composeToken('aqp', await issueCode(trx, tenantId, u.customerUserId, 'password_reset', secret, clock), secret)
    await enqueueMessage(trx, tenantId, { channel: 'email', recipient: u.email, kind: 'password_reset', customerUserId: u.customerUserId,
      subject: 'Reset your password', body: `Set a new password with this token (valid one hour): ${token}` }, clock)
  })
  return { accepted: true }
}

export const resetInput = z.object({ token: z.string().min(1).max(200), password }).strict()

/** A new password ends every session: whoever knew the old one is signed out. */
export async function resetPassword(db: Db, tenantId: string, input: z.output<typeof resetInput>, clock: Clock): Promise<{ reset: true }> {
  const passwordHash = await hashPassword(input.password)
  await db.transaction().execute(async (trx) => {
    const userId = await takeToken(trx, tenantId, input.token, 'aqp', 'password_reset', clock)
    await trx.updateTable('customerUsers').set({ passwordHash }).where('tenantId', '=', tenantId).where('customerUserId', '=', userId).execute()
    await trx.updateTable('customerSessions').set({ revokedAt: clock.now(), revokedReason: 'password_reset' })
      .where('tenantId', '=', tenantId).where('customerUserId', '=', userId).where('revokedAt', 'is', null).execute()
    forgetCustomerAccess(tenantId, userId)
    await audit(trx, tenantId, { actor: `customer:${userId}`, action: 'customer_user.password_reset', subject: userId }, clock)
  })
  return { reset: true }
}
