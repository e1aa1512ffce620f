// A verified access token → the customer principal. The session, the user and
// the accounts are read in one indexed query (the session's primary key, the
// user's, and the links by (tenant_id, customer_user_id), the links' primary
// key prefix), and remembered by principal-cache.ts only while this process
// hears every change to them, so a disabled user, a sign-out everywhere, an
// unlink or a revoked delegation take effect at once, not when the 15-minute
// token expires. The signature check is remembered too (signing-keys.ts): a
// token's claims never change. A delegation's end is compared with the
// app's Clock (not the database's now()), so it is the same instant every
// other rule reads and tests can pin it (issue 10 §5).
import type { Db } from '../../db/database.ts'
import { executePrepared, preparedQuery } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import type { CustomerPrincipal, CustomerRole } from '../auth/principal.ts'
import { verifyAccessToken } from './signing-keys.ts'
import { principalCacheOf } from './principal-cache.ts'

/** No row: the session is revoked or the user disabled. One row per link, or one row with no account when there is none. */
const accessQuery = preparedQuery<{ accountId: string | null; role: string | null; expiresAt: Date | null }>(`
  select l.account_id, l.role, l.expires_at
  from customer_sessions s
  join customer_users u on u.tenant_id = s.tenant_id and u.customer_user_id = s.customer_user_id
  left join customer_account_links l on l.tenant_id = s.tenant_id and l.customer_user_id = s.customer_user_id
    and (l.expires_at is null or l.expires_at > $4)
  where s.tenant_id = $1 and s.session_id = $2 and s.customer_user_id = $3 and s.revoked_at is null and u.disabled_at is null`)

export async function customerPrincipal(db: Db, token: string, clock: Clock): Promise<CustomerPrincipal | undefined> {
  const claims = await verifyAccessToken(db, token, clock)
  if (!claims) return undefined
  const { tenantId, customerUserId, sessionId } = claims
  const now = clock.now()
  const cache = principalCacheOf(db)
  const cached = cache.get(sessionId, now.getTime())
  // the session id is in the signed claims: a cached principal is the same user's, in the same tenant
  if (cached) return cached
  const epoch = cache.epoch
  const { rows } = await executePrepared(db, accessQuery(tenantId, sessionId, customerUserId, now))
  if (rows.length === 0) return undefined
  const accounts = new Map<string, CustomerRole>()
  let endsAtMs: number | null = null
  for (const r of rows) {
    if (r.accountId !== null) accounts.set(r.accountId, r.role as CustomerRole)
    if (r.expiresAt !== null) endsAtMs = Math.min(endsAtMs ?? Infinity, r.expiresAt.getTime())
  }
  const principal: CustomerPrincipal = { kind: 'customer', tenantId, customerUserId, sessionId, accounts }
  cache.set(principal, endsAtMs, epoch)
  return principal
}
