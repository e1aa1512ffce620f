// The account a ledger read or write is about, within the caller's tenant:
// another tenant's account is simply not found (no existence leak).
import type { Db } from '../../db/database.ts'
import { notFound } from '../errors.ts'

export interface AccountRef {
  accountId: string
  number: string
  customerId: string
  currency: string
  minorUnits: number
  timeZone: string
}

export async function accountRef(db: Db, tenantId: string, accountId: string): Promise<AccountRef> {
  const row = await db.selectFrom('accounts as a').innerJoin('tenants as t', 't.tenantId', 'a.tenantId')
    .select(['a.accountId', 'a.number', 'a.customerId', 't.currency', 't.minorUnits', 't.timeZone'])
    .where('a.tenantId', '=', tenantId).where('a.accountId', '=', accountId).executeTakeFirst()
  if (!row) throw notFound('account')
  return row
}
