// Linking an account to a customer user without revealing it (issue 10 §3,
// seed 000 step 5): residential by the owner's surname + personal account
// number, non-residential by INN + contract number. A wrong pair, an unknown
// account and an account another user linked get one answer, through one
// query of the same shape; failed attempts are limited per user, per IP and
// per account number (a lockout answers 429), and every attempt is audited.
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { AppError, notFound } from '../errors.ts'
import { audit } from './audit.ts'
import { identityVerified } from './oidc.ts'
import { endDelegationOn } from './delegation-store.ts'
import { forgetCustomerAccess } from './principal-cache.ts'
import { lockedOut, recordAttempt, type AttemptLimits } from './attempt-limits.ts'

/** failed attempts allowed in the window: per user, per IP, per account number (the subject) */
export const LINK_LIMITS: AttemptLimits = { perUser: 5, perIp: 20, perSubject: 5, windowMs: 15 * 60_000 }

export const linkInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('residential'), accountNumber: z.string().trim().min(1).max(40), surname: z.string().trim().min(1).max(100) }).strict(),
  z.object({ kind: z.literal('non_residential'), contractNumber: z.string().trim().min(1).max(40), inn: z.string().trim().regex(/^\d{10}(\d{2})?$/, '10 or 12 digits') }).strict(),
]).meta({ id: 'AccountLinkInput' })
export type LinkInput = z.output<typeof linkInput>

/** A surname as people type it: case, ё/е, extra and odd spaces do not matter (seed 000 step 5). */
export function normalizeSurname(s: string): string {
  return s.normalize('NFC').toLocaleLowerCase('ru-RU').replaceAll('ё', 'е').replace(/[\s\u00a0]+/g, ' ').trim()
}

const notMatched = () => new AppError('account_not_matched', 422,
  'no account can be linked with these details: check the number and the surname (or INN)')
const locked = () => new AppError('too_many_attempts', 429, 'too many failed attempts; try again later')
const notConfirmed = () => new AppError('contact_not_confirmed', 403, 'confirm the e-mail and the phone before linking accounts (seed 000 step 4)')

export const linkedAccountDto = z.object({
  id: z.uuid(), number: z.string(), kind: z.enum(['residential', 'non_residential']), role: z.enum(['view', 'submit_readings', 'manage']),
  via: z.enum(['link', 'delegation']), address: z.string().nullable(),
  expiresAt: z.string().nullable().describe('a delegation\'s end (issue 10 §5); null: until revoked or unlinked'),
}).meta({ id: 'LinkedAccount' })

export async function linkAccount(db: Db, tenantId: string, userId: string, input: LinkInput, ip: string, clock: Clock): Promise<z.infer<typeof linkedAccountDto>> {
  const user = await db.selectFrom('customerUsers').select(['emailConfirmedAt', 'phoneConfirmedAt']).where('tenantId', '=', tenantId)
    .where('customerUserId', '=', userId).executeTakeFirstOrThrow()
  // A user the tenant's identity provider vouched for (BankID, ESIA) proved more than an e-mail and a phone.
  if ((!user.emailConfirmedAt || !user.phoneConfirmedAt) && !(await identityVerified(db, tenantId, userId))) throw notConfirmed()
  const number = input.kind === 'residential' ? input.accountNumber : input.contractNumber
  const key = { ip, subject: number, userId }
  const outcome = await db.transaction().execute(async (trx) => {
    const f = await lockedOut(trx, tenantId, 'account_link', key, LINK_LIMITS, clock)
    if (f.locked) {
      await audit(trx, tenantId, { actor: `customer:${userId}`, action: 'account_link.locked_out',
        detail: { ip, accountNumber: number, byUser: f.byUser, byIp: f.byIp, byAccount: f.bySubject } }, clock)
      return 'locked' as const
    }
    // One query whatever the case: the account by number and kind, and whether another user holds its owner link.
    const a = await trx.selectFrom('accounts as a')
      .leftJoin('customerAccountLinks as l', (j) => j.onRef('l.tenantId', '=', 'a.tenantId').onRef('l.accountId', '=', 'a.accountId').on('l.via', '=', 'link'))
      .leftJoin('premises as p', (j) => j.onRef('p.tenantId', '=', 'a.tenantId').onRef('p.premisesId', '=', 'a.premisesId'))
      .select(['a.accountId', 'a.number', 'a.kind', 'a.ownerSurname', 'a.contractInn', 'l.customerUserId as linkedTo', 'p.address'])
      .where('a.tenantId', '=', tenantId).where('a.number', '=', number).where('a.kind', '=', input.kind).executeTakeFirst()
    const secondFactorOk = !!a && (input.kind === 'residential'
      ? normalizeSurname(a.ownerSurname ?? '') === normalizeSurname(input.surname)
      : (a.contractInn ?? '').trim() === input.inn)
    const free = !!a && (a.linkedTo === null || a.linkedTo === userId)
    const ok = secondFactorOk && free
    await recordAttempt(trx, tenantId, 'account_link', key, ok, clock)
    if (!ok) {
      // The audit says why; the caller is not told.
      await audit(trx, tenantId, { actor: `customer:${userId}`, action: 'account_link.failed',
        detail: { ip, accountNumber: number, reason: !a ? 'unknown_account' : !secondFactorOk ? 'second_factor_mismatch' : 'linked_elsewhere' } }, clock)
      return 'failed' as const
    }
    // Linking an account the user held by delegation makes it the user's own: the delegation's row becomes the link.
    const delegated = await trx.selectFrom('customerAccountLinks').select('delegationId').where('tenantId', '=', tenantId)
      .where('customerUserId', '=', userId).where('accountId', '=', a.accountId).where('delegationId', 'is not', null).executeTakeFirst()
    if (delegated?.delegationId) await endDelegationOn(trx, tenantId, delegated.delegationId, [a.accountId], `customer:${userId}`, clock)
    await trx.insertInto('customerAccountLinks').values({ tenantId, customerUserId: userId, accountId: a.accountId, role: 'manage', via: 'link' })
      .onConflict((oc) => oc.columns(['tenantId', 'customerUserId', 'accountId']).doUpdateSet({ role: 'manage', via: 'link', expiresAt: null, grantedBy: null, delegationId: null })).execute()
    forgetCustomerAccess(tenantId, userId)
    await audit(trx, tenantId, { actor: `customer:${userId}`, action: 'account_link.created', subject: a.accountId, detail: { ip } }, clock)
    return { id: a.accountId, number: a.number, kind: a.kind, role: 'manage' as const, via: 'link' as const, address: a.address, expiresAt: null }
  }).catch((err: { code?: string }) => {
    // Two users linking one account at once: the loser gets the same answer as any failure.
    if (err?.code === '23505') return 'failed' as const
    throw err
  })
  if (outcome === 'locked') throw locked()
  if (outcome === 'failed') throw notMatched()
  return outcome
}

/** Remove a link: by the customer (its own) or by an admin (any user's). */
export async function unlinkAccount(db: Db, tenantId: string, userId: string, accountId: string, actor: string, clock: Clock): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('customerAccountLinks').where('tenantId', '=', tenantId).where('customerUserId', '=', userId)
      .where('accountId', '=', accountId).returning(['delegationId', 'via']).executeTakeFirst()
    if (!r) throw notFound('linked account')
    forgetCustomerAccess(tenantId, userId)
    // A delegate who removes a delegated account gives the delegation up on it (the holder's list shows it revoked).
    if (r.delegationId) await endDelegationOn(trx, tenantId, r.delegationId, [accountId], actor, clock)
    // The owner's link gone (moved out, or removed by an admin), every delegation on the account ends with it:
    // they were all given under its authority, and the next owner must not inherit the old one's delegates (issue 10 §5).
    if (r.via === 'link') {
      const open = await trx.selectFrom('delegationAccounts').select('delegationId').where('tenantId', '=', tenantId)
        .where('accountId', '=', accountId).where('revokedAt', 'is', null).execute()
      for (const d of open) await endDelegationOn(trx, tenantId, d.delegationId, [accountId], actor, clock)
    }
    await audit(trx, tenantId, { actor, action: 'account_link.removed', subject: accountId, detail: { customerUserId: userId } }, clock)
  })
}

/** The accounts the user holds now: a delegation past its end (by the app's clock) is left out, as customer-principal.ts does. */
export async function linkedAccounts(db: Db, tenantId: string, userId: string, clock: Clock): Promise<z.infer<typeof linkedAccountDto>[]> {
  const rows = await db.selectFrom('customerAccountLinks as l')
    .innerJoin('accounts as a', (j) => j.onRef('a.tenantId', '=', 'l.tenantId').onRef('a.accountId', '=', 'l.accountId'))
    .leftJoin('premises as p', (j) => j.onRef('p.tenantId', '=', 'a.tenantId').onRef('p.premisesId', '=', 'a.premisesId'))
    .select(['a.accountId', 'a.number', 'a.kind', 'l.role', 'l.via', 'p.address', 'l.expiresAt'])
    .where('l.tenantId', '=', tenantId).where('l.customerUserId', '=', userId)
    .where((eb) => eb.or([eb('l.expiresAt', 'is', null), eb('l.expiresAt', '>', clock.now())])).orderBy('a.number').execute()
  return rows.map((r) => ({ id: r.accountId, number: r.number, kind: r.kind, role: r.role, via: r.via, address: r.address,
    expiresAt: r.expiresAt?.toISOString() ?? null }))
}
