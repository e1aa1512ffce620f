// The agreements overview (seed 001 "Mina avtal"): a customer's agreements
// across its accounts, per utility, with status and dates as of the tenant's
// today, filtered by several values of each list at once, and the count
// beside each value the portal's multi-select lists show.
import type { Db } from '../../db/database.ts'
import { todayIn, type Clock } from '../clock.ts'
import { validationError } from '../errors.ts'
import { AGREEMENT_STATUSES, UTILITIES, type AgreementDto, type AgreementsQuery } from './agreement-dto.ts'
import { AGREEMENT_SOURCES } from './agreement-sources.ts'

/**
 * `accounts`: a customer's own (their agreements only); undefined for an API
 * key, which names a customer or accounts.
 */
export async function listAgreements(db: Db, tenantId: string, q: AgreementsQuery, accounts: readonly string[] | undefined, clock: Clock) {
  const tenant = await db.selectFrom('tenants').select('timeZone').where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
  const today = todayIn(tenant.timeZone, clock)
  let accountIds: readonly string[]
  if (accounts) {
    accountIds = q.accountId ? accounts.filter((a) => q.accountId!.includes(a)) : accounts
  } else if (q.accountId || q.customerId) {
    const rows = await db.selectFrom('accounts').select('accountId').where('tenantId', '=', tenantId)
      .$if(!!q.customerId, (b) => b.where('customerId', '=', q.customerId!))
      .$if(!!q.accountId, (b) => b.where('accountId', 'in', q.accountId!))
      .execute()
    accountIds = rows.map((r) => r.accountId)
  } else {
    throw validationError('name the customer (customerId) or the accounts (accountId)', [{ path: 'query.customerId', message: 'required for an API key' }])
  }
  const empty = { asOf: today, items: [] as AgreementDto[], counts: { utility: zeros(UTILITIES), status: zeros(AGREEMENT_STATUSES) } }
  if (accountIds.length === 0) return empty
  const all = (await Promise.all(AGREEMENT_SOURCES.map((s) => s.rows(db, { tenantId, accountIds, premisesIds: q.premisesId, today })))).flat()
  // counts per value ignore that list's own filter, as a multi-select shows what ticking another value would add
  const counts = {
    utility: tally(UTILITIES, all.filter((a) => !q.status || q.status.includes(a.status)).map((a) => a.utility)),
    status: tally(AGREEMENT_STATUSES, all.filter((a) => !q.utility || q.utility.includes(a.utility)).map((a) => a.status)),
  }
  const items = all.filter((a) => (!q.utility || q.utility.includes(a.utility)) && (!q.status || q.status.includes(a.status)))
  return { asOf: today, items, counts }
}

const zeros = (values: readonly string[]) => Object.fromEntries(values.map((v) => [v, 0]))
function tally(values: readonly string[], seen: string[]): Record<string, number> {
  const out = zeros(values)
  for (const v of seen) out[v] = (out[v] ?? 0) + 1
  return out
}
