// Reading the audit log (issue 10 §7; GET /v1/audit-log, GraphQL auditLog):
// a tenant admin sees who did what, newest first, in keyset pages on
// (at, audit_id) (migrations/2026-12-03T0091). Entries are written by
// customer-auth/audit.ts in the transaction of the change they record.
import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { validationError } from '../errors.ts'
import { pageQuery, timestamp, uuid } from '../schemas.ts'

/**
 * The actions written today, by family; other work adds its own (delegations,
 * grants …). The filter takes any action name: an unknown one matches nothing.
 */
export const AUDIT_ACTIONS = [
  'session.signed_in', 'session.sign_in_failed', 'session.sign_in_locked_out', 'session.oidc_sign_in', 'session.reuse_detected', 'session.signed_out_everywhere', 'oidc.sign_in_failed',
  'customer_user.registered', 'customer_user.registration_with_taken_email', 'customer_user.password_reset', 'customer_user.created_by_identity_provider', 'customer_user.disabled', 'customer_user.enabled',
  'account_link.created', 'account_link.failed', 'account_link.locked_out', 'account_link.removed',
  'delegation.invited', 'delegation.accepted', 'delegation.accept_failed', 'delegation.revoked',
  'reading_grant.opened', 'reading_grant.failed', 'reading_grant.locked_out', 'reading_grant.readings_submitted',
  'identity_provider.configured', 'tenant.created', 'tenant.admin_key_reissued', 'tenant.settings_changed',
  'service_request.completed',
] as const

export const auditLogQuery = pageQuery.extend({
  action: z.string().trim().min(1).max(100).optional().describe(`one action, e.g. ${AUDIT_ACTIONS.slice(0, 3).join(', ')}`),
  kind: z.string().regex(/^[a-z_]{1,50}$/).optional().describe('a family of actions: the part before the dot (session, account_link, customer_user, tenant …)'),
  customerUserId: uuid.optional().describe('entries where this customer user acted or was acted on'),
  from: timestamp.optional().describe('at or after this instant'),
  to: timestamp.optional().describe('before this instant'),
})

export const auditEntryDto = z.object({
  id: z.uuid(), at: z.string(),
  actor: z.string().describe('api_key:<key id>, customer:<customer user id>, operator, ip:<address> (a failed sign-in of an unknown e-mail) or anonymous'),
  action: z.string(), subject: z.string().nullable().describe('what was acted on: a customer user, an account, a session, the tenant'),
  detail: z.record(z.string(), z.unknown()),
}).meta({ id: 'AuditEntry' })

const encode = (at: Date, id: string) => Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url')
function decode(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (cursor === undefined) return undefined
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown]
    if (typeof at === 'string' && typeof id === 'string' && uuid.safeParse(id).success && !Number.isNaN(Date.parse(at))) return { at: new Date(at), id }
  } catch { /* fall through */ }
  throw validationError('the cursor is not valid', [{ path: 'query.cursor', message: 'unknown cursor' }])
}

export async function listAuditLog(db: Db, tenantId: string, q: z.output<typeof auditLogQuery>) {
  const after = decode(q.cursor)
  const rows = await db.selectFrom('auditLog').selectAll().where('tenantId', '=', tenantId)
    .$if(!!q.action, (b) => b.where('action', '=', q.action!))
    .$if(!!q.kind, (b) => b.where(sql<string>`split_part(action, '.', 1)`, '=', q.kind!))
    .$if(!!q.customerUserId, (b) => b.where((eb) => eb.or([eb('actor', '=', `customer:${q.customerUserId}`), eb('subject', '=', q.customerUserId!)])))
    .$if(!!q.from, (b) => b.where('at', '>=', new Date(q.from!)))
    .$if(!!q.to, (b) => b.where('at', '<', new Date(q.to!)))
    .$if(!!after, (b) => b.where((eb) => eb(eb.refTuple('at', 'auditId'), '<', eb.tuple(after!.at, after!.id))))
    .orderBy('at', 'desc').orderBy('auditId', 'desc').limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  const last = page.at(-1)
  return {
    items: page.map((r) => ({ id: r.auditId, at: r.at.toISOString(), actor: r.actor, action: r.action, subject: r.subject, detail: r.detail })),
    nextCursor: more && last ? encode(last.at, last.auditId) : null,
  }
}
