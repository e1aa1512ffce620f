// Waste-collection subscriptions over GraphQL (issue 12 §3): the use-cases of
// GET /v1/premises/{id}/waste-subscriptions (open to customers for the
// accounts they hold at the address; another's address is null, as a missing
// one) and POST /v1/service-points/{id}/waste-subscriptions (staff keys only).
// Pickups and extra pickup orders are pickupSchedule (pickups-resolvers.ts).
import { z } from 'zod'
import { READ_SCOPES, WRITE_SCOPES } from '../app/auth/principal.ts'
import { accountsAtPremises } from '../app/customer-auth/account-of.ts'
import { addWasteSubscription, listWasteSubscriptionsAtPremises, wasteSubscriptionInput } from '../app/waste/subscriptions.ts'
import { customerGuard, guard } from './context.ts'
import { parse, type Resolver } from './args.ts'

const orNull = <T>(p: Promise<T>) => p.catch((e) => (e?.code === 'not_found' ? null : Promise.reject(e)))

export function wasteResolvers() {
  const Query: Record<string, Resolver> = {
    wasteSubscriptions: (_r, a, ctx) => customerGuard(ctx, READ_SCOPES, async (s) => {
      const premisesId = parse(z.uuid(), a.premisesId, 'premisesId')
      if (s.accounts) {
        const at = await accountsAtPremises(ctx.db, s.tenantId, premisesId)
        if (!at.some((id) => s.accounts!.includes(id))) return null
      }
      return orNull(listWasteSubscriptionsAtPremises(ctx.db, s.tenantId, premisesId, s.accounts).then((r) => r.items))
    }),
  }
  const Mutation: Record<string, Resolver> = {
    addWasteSubscription: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) =>
      addWasteSubscription(ctx.db, p.tenantId, parse(z.uuid(), a.servicePointId, 'servicePointId'), parse(wasteSubscriptionInput, a.input, 'input'))),
  }
  return { Query, Mutation }
}
