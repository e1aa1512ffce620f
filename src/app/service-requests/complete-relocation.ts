// Relocation of the branch (seed 002 items 10–11; issue 12 §4). To another
// property: the service point moves to that address (an address of the
// account's customer, or a new one from newLocation), so documents, the
// consumption per address and the wastewater of the premises follow it.
// Within one property: the billing records do not change; the new location
// is the request's outcome (audited). ASSUMPTION (README): a relocation
// changes no price; the connection's terms stay as they are.
import { v7 as uuidv7 } from 'uuid'
import { unprocessable } from '../errors.ts'
import type { Changes, CompletionContext } from './complete-request.ts'
import type { Completion } from './completion-input.ts'
import { onePoint } from './point-terms.ts'

export async function completeRelocation(ctx: CompletionContext, c: Completion<'relocation'>): Promise<Changes> {
  const { trx, tenantId, r } = ctx
  const scope = (r.details as { scope?: string }).scope === 'other_property' ? 'other_property' : 'same_property'
  const p = await onePoint(trx, tenantId, r.accountId, c.effectiveOn, c.servicePointId, ctx.where)
  if (scope === 'same_property') {
    if (c.premisesId) throw unprocessable('same_property', 'a relocation within the property keeps the address', [{ path: `${ctx.where}.completion.premisesId`, message: 'not for same_property' }])
    return [{ servicePointId: p.servicePointId, attribute: 'location', to: c.newLocation, billing: 'unchanged' }]
  }
  const before = await trx.selectFrom('servicePoints').select('premisesId').where('tenantId', '=', tenantId).where('servicePointId', '=', p.servicePointId).executeTakeFirstOrThrow()
  let premisesId = c.premisesId
  if (premisesId) {
    const own = await trx.selectFrom('premises').select('premisesId').where('tenantId', '=', tenantId).where('premisesId', '=', premisesId)
      .where('customerId', '=', ctx.account.customerId).executeTakeFirst()
    if (!own) throw unprocessable('unknown_premises', 'no such address of this account\'s customer', [{ path: `${ctx.where}.completion.premisesId`, message: 'unknown premises' }])
  } else {
    premisesId = uuidv7()
    await trx.insertInto('premises').values({ tenantId, premisesId, customerId: ctx.account.customerId, kind: 'other', address: c.newLocation,
      city: null, region: null, postalCode: null, country: null, areaM2: null }).execute()
  }
  await trx.updateTable('servicePoints').set({ premisesId }).where('tenantId', '=', tenantId).where('servicePointId', '=', p.servicePointId).execute()
  return [{ servicePointId: p.servicePointId, attribute: 'premisesId', from: before.premisesId, to: premisesId, location: c.newLocation }]
}
