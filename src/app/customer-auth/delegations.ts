// Delegated access (issue 10 §5, seed 001 "Administration": "låta någon mer
// användare komma åt Mina Sidor"). The holder of an account (role manage: the
// customer who linked it, or a manage delegate) invites a person by e-mail
// with a role and an optional end; one invitation may cover several accounts,
// or all the inviter manages (an organization's signatory adding a
// colleague). The invitation token goes to the outbox in the transaction that
// creates it, is stored as a SHA-256 only, compared in constant time, lives
// INVITATION_TTL_MS and is used once. Accepting it with one's own customer
// user writes customer_account_links rows (via 'delegation', with the end and
// who granted it). A delegate never grants more than it holds: only accounts
// it manages, and never past its own end. Revocation and the end take effect
// on the next request (customer-principal.ts reads the accounts each time,
// comparing the end with the app's clock).
import { v7 as uuidv7 } from 'uuid'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { CUSTOMER_ROLES, accountsWith, roleCovers, type CustomerPrincipal } from '../auth/principal.ts'
import type { Clock } from '../clock.ts'
import { forbidden, notFound, unprocessable, validationError } from '../errors.ts'
import { emitEvents } from '../events/events.ts'
import { uuid, timestamp } from '../schemas.ts'
import { audit } from './audit.ts'
import { endDelegationOn } from './delegation-store.ts'
import { delegationsOf, type DelegationDto } from './delegation-views.ts'
import { invalidToken } from './errors.ts'
import { inTransaction } from '../transaction.ts'
import { enqueueMessage } from './outbox.ts'
import { composeToken, digest, randomSecret, sameDigest, splitToken } from './secrets.ts'
import { forgetCustomerAccess } from './principal-cache.ts'

export { delegationDto, delegationListQuery, listDelegations } from './delegation-views.ts'

/** how long an invitation can be accepted */
export const INVITATION_TTL_MS = 7 * 24 * 3_600_000
const TOKEN_PREFIX = 'aqi'

export const invitationInput = z.object({
  email: z.email().max(254).describe('where the invitation (its token) is sent; the invitee accepts with any customer user of its own'),
  role: z.enum(CUSTOMER_ROLES).describe('view; submit_readings (and view); manage (everything, and invite others)'),
  accountIds: z.array(uuid).min(1).max(500).optional().describe('the accounts (each one the inviter manages)'),
  allAccounts: z.literal(true).optional().describe('every account the inviter manages now (an organization\'s signatory adding a colleague); instead of accountIds'),
  expiresAt: timestamp.optional().describe('when the access ends; a delegate\'s own end is the default and the limit'),
}).strict().refine((v) => (v.accountIds === undefined) !== (v.allAccounts === undefined), { message: 'give accountIds or allAccounts: true (one of them)', path: ['accountIds'] })
  .meta({ id: 'DelegationInvitationInput' })
export type InvitationInput = z.output<typeof invitationInput>

const roleTooWeak = () => forbidden('manage')
const exceedsOwn = (until: Date) => unprocessable('exceeds_own_access',
  `a delegate cannot grant more than it holds: your access ends ${until.toISOString()}, so the invitation must end by then`)

/** The accounts an invitation covers: each held with manage (unknown or another's: 404, like a missing one; held with less: 403). */
function accountsToGrant(inviter: CustomerPrincipal, input: InvitationInput): string[] {
  if (input.allAccounts) {
    const all = accountsWith(inviter, 'manage')
    if (all.length === 0) throw unprocessable('nothing_to_delegate', 'you manage no account to give access to')
    return all
  }
  const ids = [...new Set(input.accountIds!)]
  for (const id of ids) {
    const held = inviter.accounts.get(id)
    if (held === undefined) throw notFound('account')
    if (!roleCovers(held, 'manage')) throw roleTooWeak()
  }
  return ids
}

export async function inviteDelegate(db: Db, inviter: CustomerPrincipal, input: InvitationInput, clock: Clock): Promise<DelegationDto> {
  const { tenantId, customerUserId } = inviter
  const accountIds = accountsToGrant(inviter, input)
  const now = clock.now()
  let expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt)
  if (expiresAt && expiresAt <= now) throw validationError('the end must be in the future', [{ path: 'body.expiresAt', message: 'in the past' }])
  // The inviter's own end on these accounts (a delegate's): the invitation's default and limit.
  const own = await db.selectFrom('customerAccountLinks').select('expiresAt').where('tenantId', '=', tenantId)
    .where('customerUserId', '=', customerUserId).where('accountId', 'in', accountIds).where('expiresAt', 'is not', null).execute()
  const limit = own.map((r) => r.expiresAt!).sort((a, b) => a.getTime() - b.getTime())[0]
  if (limit && expiresAt && expiresAt > limit) throw exceedsOwn(limit)
  if (limit && !expiresAt) expiresAt = limit

  const delegationId = uuidv7()
  const secret = randomSecret()
  const token = composeToken(TOKEN_PREFIX, delegationId, secret)
  await inTransaction(db, async (trx) => {
    const inviterRow = await trx.selectFrom('customerUsers').select('name').where('tenantId', '=', tenantId).where('customerUserId', '=', customerUserId).executeTakeFirstOrThrow()
    const numbers = await trx.selectFrom('accounts').select('number').where('tenantId', '=', tenantId).where('accountId', 'in', accountIds).orderBy('number').execute()
    const invitationExpiresAt = new Date(now.getTime() + INVITATION_TTL_MS)
    await trx.insertInto('delegations').values({ tenantId, delegationId, grantedBy: customerUserId, email: input.email, role: input.role, expiresAt,
      tokenHash: digest(secret), invitationExpiresAt, acceptedBy: null, acceptedAt: null, revokedAt: null, revokedBy: null, createdAt: now }).execute()
    await trx.insertInto('delegationAccounts').values(accountIds.map((accountId) => ({ tenantId, delegationId, accountId, revokedAt: null, revokedBy: null }))).execute()
    await enqueueMessage(trx, tenantId, { channel: 'email', recipient: input.email, kind: 'delegation_invitation',
      subject: `${inviterRow.name} gives you access to ${numbers.length === 1 ? 'an account' : `${numbers.length} accounts`}`,
      body: `${inviterRow.name} invites you to ${numbers.map((n) => n.number).join(', ')} with the role ${input.role}`
        + `${expiresAt ? ` until ${expiresAt.toISOString()}` : ''}. Sign in (or register) and accept with this token `
        + `(valid until ${invitationExpiresAt.toISOString()}): ${token}` }, clock)
    await audit(trx, tenantId, { actor: `customer:${customerUserId}`, action: 'delegation.invited', subject: delegationId,
      detail: { email: input.email, role: input.role, accountIds, expiresAt: expiresAt?.toISOString() ?? null } }, clock)
    await emitEvents(trx, tenantId, [{ type: 'delegation.invited', objectType: 'delegation', objectId: delegationId,
      data: { delegationId, grantedBy: customerUserId, role: input.role, accountIds, expiresAt: expiresAt?.toISOString() ?? null } }])
  })
  return (await delegationsOf(db, tenantId, [delegationId], undefined, clock))[0]!
}

export const acceptInput = z.object({ token: z.string().min(1).max(200) }).strict().meta({ id: 'DelegationAcceptance' })

/**
 * The invitee accepts with its own signed-in user. An unknown, used, revoked
 * or lapsed token gets one answer (422 invalid_token), audited with the
 * reason. Only accounts the inviter still manages are granted; an account the
 * invitee already owns (its own link) is left as it is; a delegation it held
 * on an account is replaced by this one.
 */
export async function acceptDelegation(db: Db, tenantId: string, userId: string, token: string, clock: Clock): Promise<DelegationDto> {
  const parts = splitToken(TOKEN_PREFIX, token)
  if (!parts) throw invalidToken('invitation token')
  const now = clock.now()
  const actor = `customer:${userId}`
  const outcome = await inTransaction(db, async (trx) => {
    const d = await trx.selectFrom('delegations').selectAll().where('tenantId', '=', tenantId).where('delegationId', '=', parts.id).forUpdate().executeTakeFirst()
    const reason = !d || !sameDigest(d.tokenHash, parts.secret) ? 'unknown' : d.acceptedAt ? 'used' : d.revokedAt ? 'revoked'
      : d.invitationExpiresAt <= now || (d.expiresAt && d.expiresAt <= now) ? 'expired' : d.grantedBy === userId ? 'own_invitation' : undefined
    const fail = async (why: string) => {
      await audit(trx, tenantId, { actor, action: 'delegation.accept_failed', ...(d && why !== 'unknown' ? { subject: d.delegationId } : {}), detail: { reason: why } }, clock)
      return why
    }
    if (reason || !d) return fail(reason ?? 'unknown')
    const open = await trx.selectFrom('delegationAccounts').select('accountId').where('tenantId', '=', tenantId)
      .where('delegationId', '=', d.delegationId).where('revokedAt', 'is', null).execute()
    // The inviter must still manage each account now: access it lost is not passed on.
    const still = open.length === 0 ? [] : await trx.selectFrom('customerAccountLinks').select('accountId').where('tenantId', '=', tenantId)
      .where('customerUserId', '=', d.grantedBy).where('role', '=', 'manage').where('accountId', 'in', open.map((o) => o.accountId))
      .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', now)])).execute()
    const grantable = new Set(still.map((s) => s.accountId))
    await endDelegationOn(trx, tenantId, d.delegationId, open.map((o) => o.accountId).filter((a) => !grantable.has(a)), 'inviter_lost_access', clock)
    if (grantable.size === 0) return fail('inviter_lost_access')
    const held = await trx.selectFrom('customerAccountLinks').select(['accountId', 'via', 'delegationId']).where('tenantId', '=', tenantId)
      .where('customerUserId', '=', userId).where('accountId', 'in', [...grantable]).execute()
    const granted: string[] = []
    for (const accountId of grantable) {
      const mine = held.find((h) => h.accountId === accountId)
      if (mine?.via === 'link') continue
      if (mine?.delegationId) await endDelegationOn(trx, tenantId, mine.delegationId, [accountId], `superseded_by:${d.delegationId}`, clock)
      await trx.insertInto('customerAccountLinks').values({ tenantId, customerUserId: userId, accountId, role: d.role, via: 'delegation',
        expiresAt: d.expiresAt, grantedBy: d.grantedBy, delegationId: d.delegationId }).execute()
      granted.push(accountId)
    }
    forgetCustomerAccess(tenantId, userId)
    await trx.updateTable('delegations').set({ acceptedBy: userId, acceptedAt: now }).where('tenantId', '=', tenantId).where('delegationId', '=', d.delegationId).execute()
    await audit(trx, tenantId, { actor, action: 'delegation.accepted', subject: d.delegationId, detail: { accountIds: granted, role: d.role } }, clock)
    await emitEvents(trx, tenantId, [{ type: 'delegation.accepted', objectType: 'delegation', objectId: d.delegationId,
      data: { delegationId: d.delegationId, delegateUserId: userId, grantedBy: d.grantedBy, role: d.role, accountIds: granted, expiresAt: d.expiresAt?.toISOString() ?? null } }])
    return { delegationId: d.delegationId }
  })
  if (typeof outcome === 'string') throw invalidToken('invitation token')
  return (await delegationsOf(db, tenantId, [outcome.delegationId], undefined, clock))[0]!
}

/**
 * Revoke: by a holder, on the accounts of the delegation it manages (`within`),
 * or by an admin key (`within` undefined: every account). `accountId` narrows
 * it to one account. A pending invitation revoked on every account can no
 * longer be accepted. Revoking what is already revoked changes nothing.
 * A delegation the caller cannot see answers 404, like a missing one.
 */
export async function revokeDelegation(db: Db, tenantId: string, delegationId: string, within: readonly string[] | undefined,
  accountId: string | undefined, actor: string, clock: Clock): Promise<DelegationDto> {
  const done = await inTransaction(db, async (trx) => {
    const d = await trx.selectFrom('delegations').select('delegationId').where('tenantId', '=', tenantId).where('delegationId', '=', delegationId).forUpdate().executeTakeFirst()
    if (!d) return undefined
    const rows = await trx.selectFrom('delegationAccounts').select(['accountId', 'revokedAt']).where('tenantId', '=', tenantId).where('delegationId', '=', delegationId).execute()
    const visible = rows.filter((r) => !within || within.includes(r.accountId))
    if (visible.length === 0 || (accountId !== undefined && !visible.some((r) => r.accountId === accountId))) return undefined
    const scope = visible.filter((r) => r.revokedAt === null && (accountId === undefined || r.accountId === accountId)).map((r) => r.accountId)
    const ended = await endDelegationOn(trx, tenantId, delegationId, scope, actor, clock)
    if (ended.length > 0) {
      await audit(trx, tenantId, { actor, action: 'delegation.revoked', subject: delegationId, detail: { accountIds: ended } }, clock)
      await emitEvents(trx, tenantId, [{ type: 'delegation.revoked', objectType: 'delegation', objectId: delegationId, data: { delegationId, accountIds: ended, revokedBy: actor } }])
    }
    return true
  })
  if (!done) throw notFound('delegation')
  return (await delegationsOf(db, tenantId, [delegationId], within, clock))[0]!
}

export const revokeQuery = z.object({ accountId: uuid.optional().describe('revoke on this account only') })
