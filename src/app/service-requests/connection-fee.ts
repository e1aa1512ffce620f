// The connection fee (seed 002 item 9, bills-and-tariffs.md "Connection
// fees"): core/bill/connection-fees.ts over the tenant's policy, as a quote
// and as the fee of a connection request (purchase, diameter or capacity
// change). The figures are the Iranian source's unless the tenant's policy
// sets `connectionFees` (same field names as ConnectionFeePolicy).
import { z } from 'zod'
import { dec } from '../../core/shared/decimal.ts'
import { connectionFees, IRAN_CONNECTION_FEES, type ConnectionFeePolicy } from '../../core/bill/connection-fees.ts'
import type { Db } from '../../db/database.ts'
import { postEntries } from '../ledger/post-entries.ts'
import { lockAccounts } from '../ledger/account-lock.ts'
import type { ConnectionFeeRequest } from './request-input.ts'

export const feeQuoteDto = z.object({
  currency: z.string(),
  capacityFee: z.string().nullable().describe('non-residential: factor × base × days × capacity'),
  commercialValue: z.string().nullable().describe('commercial branches: the "commercial value"'),
  waterFee: z.string(),
  wastewaterFee: z.string().describe('70% of the water fee (seed 002 item 9 b)'),
  amount: z.string().describe('water fee, plus the wastewater fee when wastewater is true'),
  trace: z.object({ rule: z.string(), formula: z.string(), inputs: z.record(z.string(), z.unknown()) }),
}).meta({ id: 'ConnectionFeeQuote' })
export type FeeQuote = z.infer<typeof feeQuoteDto>

async function tenantFees(db: Db, tenantId: string): Promise<{ policy: ConnectionFeePolicy; currency: string }> {
  const t = await db.selectFrom('tenants').select(['policy', 'currency']).where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
  const own = (t.policy as { connectionFees?: Partial<ConnectionFeePolicy> }).connectionFees ?? {}
  return { policy: { ...IRAN_CONNECTION_FEES, ...own }, currency: t.currency }
}

export async function quoteConnectionFee(db: Db, tenantId: string, input: ConnectionFeeRequest): Promise<FeeQuote> {
  const { policy, currency } = await tenantFees(db, tenantId)
  const { wastewater, ...calc } = input
  const r = connectionFees(calc, policy)
  const amount = wastewater ? dec(r.waterFee).plus(r.wastewaterFee).toFixed() : r.waterFee
  const formula = `${r.trace.formula}; amount = ${wastewater ? `${r.waterFee} + ${r.wastewaterFee}` : `${r.waterFee} (no sewer connection)`} = ${amount}`
  return { currency, capacityFee: r.capacityFee, commercialValue: r.commercialValue, waterFee: r.waterFee, wastewaterFee: r.wastewaterFee, amount,
    trace: { rule: r.trace.rule, formula, inputs: { ...r.trace.inputs, wastewater } } }
}

/**
 * Posts a request's fee to its account's ledger, once: the fee row's primary
 * key (tenant, request) is claimed first in the caller's transaction, so a
 * repeated or concurrent acceptance posts nothing more.
 */
export async function postRequestFee(trx: Db, tenantId: string, r: { requestId: string; accountId: string; type: string; fee: string }, bookedOn: string): Promise<boolean> {
  const claimed = await trx.insertInto('serviceRequestFees').values({ tenantId, requestId: r.requestId, amount: r.fee, postedOn: bookedOn })
    .onConflict((oc) => oc.columns(['tenantId', 'requestId']).doNothing()).returning('requestId').executeTakeFirst()
  if (!claimed || dec(r.fee).eq(0)) return !!claimed
  await lockAccounts(trx, tenantId, [r.accountId])
  await postEntries(trx, tenantId, [{ accountId: r.accountId, kind: 'charge', amount: r.fee, bookedOn,
    description: `Connection fee (${r.type.replaceAll('_', ' ')}), service request ${r.requestId}` }])
  return true
}
