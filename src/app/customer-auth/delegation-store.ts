// Ending a delegation on some of its accounts (issue 10 §5): the one place
// that writes a revocation, shared by the holder's or an admin's revoke
// (delegations.ts), the delegate giving an account up (unlinkAccount) and a
// newer delegation replacing an older one on an account. The links go in the
// same transaction, so the next request (customer-principal.ts reads the
// accounts on every request) no longer sees them.
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { forgetCustomerAccess } from './principal-cache.ts'

/** Revokes the delegation on `accountIds` (those still open); when none is left open, the whole delegation. Returns the accounts it ended. */
export async function endDelegationOn(trx: Db, tenantId: string, delegationId: string, accountIds: readonly string[], actor: string, clock: Clock): Promise<string[]> {
  if (accountIds.length === 0) return []
  const now = clock.now()
  const ended = await trx.updateTable('delegationAccounts').set({ revokedAt: now, revokedBy: actor })
    .where('tenantId', '=', tenantId).where('delegationId', '=', delegationId).where('accountId', 'in', accountIds)
    .where('revokedAt', 'is', null).returning('accountId').execute()
  const unlinked = await trx.deleteFrom('customerAccountLinks').where('tenantId', '=', tenantId).where('delegationId', '=', delegationId)
    .where('accountId', 'in', accountIds).returning('customerUserId').execute()
  for (const u of unlinked) forgetCustomerAccess(tenantId, u.customerUserId)
  const open = await trx.selectFrom('delegationAccounts').select('accountId').where('tenantId', '=', tenantId)
    .where('delegationId', '=', delegationId).where('revokedAt', 'is', null).limit(1).executeTakeFirst()
  if (!open) {
    await trx.updateTable('delegations').set({ revokedAt: now, revokedBy: actor }).where('tenantId', '=', tenantId)
      .where('delegationId', '=', delegationId).where('revokedAt', 'is', null).execute()
  }
  return ended.map((r) => r.accountId)
}
