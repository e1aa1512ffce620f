// A verified access token → the customer principal. The user, the session and
// the accounts are read on every request (two indexed reads), so a disabled
// user, a sign-out everywhere, an unlink or a revoked delegation take effect
// at once, not when the 15-minute token expires. A delegation's expiry is
// compared with the app's Clock (not the database's now()), so it is the same
// instant every other rule reads and tests can pin it (issue 10 §5).
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import type { CustomerPrincipal, CustomerRole } from '../auth/principal.ts'
import { verifyAccessToken } from './signing-keys.ts'

export async function customerPrincipal(db: Db, token: string, clock: Clock): Promise<CustomerPrincipal | undefined> {
  const claims = await verifyAccessToken(db, token, clock)
  if (!claims) return undefined
  const { tenantId, customerUserId, sessionId } = claims
  const live = await db.selectFrom('customerSessions as s')
    .innerJoin('customerUsers as u', (j) => j.onRef('u.tenantId', '=', 's.tenantId').onRef('u.customerUserId', '=', 's.customerUserId'))
    .select('s.sessionId').where('s.tenantId', '=', tenantId).where('s.sessionId', '=', sessionId).where('s.customerUserId', '=', customerUserId)
    .where('s.revokedAt', 'is', null).where('u.disabledAt', 'is', null).executeTakeFirst()
  if (!live) return undefined
  const links = await db.selectFrom('customerAccountLinks').select(['accountId', 'role'])
    .where('tenantId', '=', tenantId).where('customerUserId', '=', customerUserId)
    .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', clock.now())])).execute()
  return { kind: 'customer', tenantId, customerUserId, sessionId, accounts: new Map(links.map((l) => [l.accountId, l.role as CustomerRole])) }
}
