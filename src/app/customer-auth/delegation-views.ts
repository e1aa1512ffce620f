// What a holder or an admin sees of delegations (issue 10 §5): each with its
// status by the app's clock, the accounts it covers as far as the viewer may
// see them (a holder sees only the accounts it manages, so a delegation over
// several of an organization's accounts does not show the others), who
// granted it and who accepted it.
import { sql, type Expression, type SqlBool } from 'kysely'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { decodeCursor, encodeCursor } from '../pagination.ts'
import { pageQuery, uuid } from '../schemas.ts'

export const DELEGATION_STATUSES = ['pending', 'active', 'expired', 'revoked', 'invitation_expired'] as const
type Status = (typeof DELEGATION_STATUSES)[number]

const party = z.object({ id: z.uuid(), name: z.string() })
export const delegationDto = z.object({
  id: z.uuid(),
  email: z.string().describe('where the invitation went'),
  role: z.enum(['view', 'submit_readings', 'manage']),
  status: z.enum(DELEGATION_STATUSES).describe('pending (not accepted yet), active, expired (past expiresAt), revoked (on every account), invitation_expired (never accepted)'),
  accounts: z.array(z.object({ id: z.uuid(), number: z.string(), revokedAt: z.string().nullable() })).describe('the accounts it covers that the viewer may see'),
  expiresAt: z.string().nullable().describe('when the access ends; null: until revoked'),
  invitationExpiresAt: z.string(),
  grantedBy: party,
  delegate: party.nullable().describe('the customer user who accepted; null while pending'),
  createdAt: z.string(), acceptedAt: z.string().nullable(), revokedAt: z.string().nullable(),
}).meta({ id: 'Delegation' })
export type DelegationDto = z.infer<typeof delegationDto>

export const delegationListQuery = pageQuery.extend({
  accountId: uuid.optional().describe('only delegations over this account'),
  status: z.enum(DELEGATION_STATUSES).optional(),
})

interface Row {
  delegationId: string; email: string; role: DelegationDto['role']; expiresAt: Date | null; invitationExpiresAt: Date
  grantedBy: string; acceptedBy: string | null; acceptedAt: Date | null; revokedAt: Date | null; createdAt: Date
}

export function statusOf(r: Pick<Row, 'revokedAt' | 'acceptedAt' | 'expiresAt' | 'invitationExpiresAt'>, now: Date): Status {
  if (r.revokedAt) return 'revoked'
  if (r.expiresAt && r.expiresAt <= now) return r.acceptedAt ? 'expired' : 'invitation_expired'
  if (r.acceptedAt) return 'active'
  return r.invitationExpiresAt <= now ? 'invitation_expired' : 'pending'
}

/** statusOf as SQL over delegations `d`, so a filtered page is a full page. */
function statusIs(status: Status, now: Date): Expression<SqlBool> {
  const ended = sql`(d.expires_at is not null and d.expires_at <= ${now})`
  switch (status) {
    case 'revoked': return sql<SqlBool>`d.revoked_at is not null`
    case 'expired': return sql<SqlBool>`d.revoked_at is null and d.accepted_at is not null and ${ended}`
    case 'active': return sql<SqlBool>`d.revoked_at is null and d.accepted_at is not null and not ${ended}`
    case 'pending': return sql<SqlBool>`d.revoked_at is null and d.accepted_at is null and not ${ended} and d.invitation_expires_at > ${now}`
    case 'invitation_expired': return sql<SqlBool>`d.revoked_at is null and d.accepted_at is null and (${ended} or d.invitation_expires_at <= ${now})`
  }
}

async function toDtos(db: Db, tenantId: string, rows: Row[], within: readonly string[] | undefined, clock: Clock): Promise<DelegationDto[]> {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.delegationId)
  const accounts = await db.selectFrom('delegationAccounts as da')
    .innerJoin('accounts as a', (j) => j.onRef('a.tenantId', '=', 'da.tenantId').onRef('a.accountId', '=', 'da.accountId'))
    .select(['da.delegationId', 'da.accountId', 'a.number', 'da.revokedAt']).where('da.tenantId', '=', tenantId).where('da.delegationId', 'in', ids)
    .$if(!!within, (q) => q.where('da.accountId', 'in', within!.length ? within! : ['00000000-0000-0000-0000-000000000000']))
    .orderBy('a.number').execute()
  const userIds = [...new Set(rows.flatMap((r) => [r.grantedBy, r.acceptedBy]).filter((u): u is string => u !== null))]
  const users = new Map((await db.selectFrom('customerUsers').select(['customerUserId', 'name']).where('tenantId', '=', tenantId)
    .where('customerUserId', 'in', userIds).execute()).map((u) => [u.customerUserId, u.name]))
  const now = clock.now()
  const iso = (d: Date | null) => d?.toISOString() ?? null
  return rows.map((r) => ({
    id: r.delegationId, email: r.email, role: r.role, status: statusOf(r, now),
    accounts: accounts.filter((a) => a.delegationId === r.delegationId).map((a) => ({ id: a.accountId, number: a.number, revokedAt: iso(a.revokedAt) })),
    expiresAt: iso(r.expiresAt), invitationExpiresAt: r.invitationExpiresAt.toISOString(),
    grantedBy: { id: r.grantedBy, name: users.get(r.grantedBy) ?? '' },
    delegate: r.acceptedBy ? { id: r.acceptedBy, name: users.get(r.acceptedBy) ?? '' } : null,
    createdAt: r.createdAt.toISOString(), acceptedAt: iso(r.acceptedAt), revokedAt: iso(r.revokedAt),
  }))
}

const COLUMNS = ['d.delegationId', 'd.email', 'd.role', 'd.expiresAt', 'd.invitationExpiresAt', 'd.grantedBy', 'd.acceptedBy', 'd.acceptedAt', 'd.revokedAt', 'd.createdAt'] as const

/** Delegations by id, their accounts limited to `within` (undefined: all). */
export async function delegationsOf(db: Db, tenantId: string, ids: string[], within: readonly string[] | undefined, clock: Clock): Promise<DelegationDto[]> {
  const rows = await db.selectFrom('delegations as d').select(COLUMNS).where('d.tenantId', '=', tenantId).where('d.delegationId', 'in', ids).execute()
  return toDtos(db, tenantId, rows, within, clock)
}

/**
 * The delegations and pending invitations over the accounts in `within` (a
 * holder's managed accounts) or the whole tenant (an admin key), newest first.
 */
export async function listDelegations(db: Db, tenantId: string, within: readonly string[] | undefined, q: z.output<typeof delegationListQuery>, clock: Clock) {
  if (within && within.length === 0) return { items: [], nextCursor: null }
  const before = decodeCursor(q.cursor)
  const rows = await db.selectFrom('delegations as d').select(COLUMNS).where('d.tenantId', '=', tenantId)
    .$if(!!within || !!q.accountId, (b) => b.where(({ exists, selectFrom }) => exists(selectFrom('delegationAccounts as da').select('da.accountId')
      .whereRef('da.tenantId', '=', 'd.tenantId').whereRef('da.delegationId', '=', 'd.delegationId')
      .$if(!!within, (s) => s.where('da.accountId', 'in', within!))
      .$if(!!q.accountId, (s) => s.where('da.accountId', '=', q.accountId!)))))
    .$if(!!q.status, (b) => b.where(statusIs(q.status!, clock.now())))
    .$if(!!before, (b) => b.where('d.delegationId', '<', before!))
    .orderBy('d.delegationId', 'desc').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  return { items: await toDtos(db, tenantId, page, within, clock), nextCursor: more ? encodeCursor(page.at(-1)!.delegationId) : null }
}
