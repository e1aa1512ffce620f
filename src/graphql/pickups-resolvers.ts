// Waste pickup schedules over GraphQL (issue 12 §3): GET /v1/premises/{id}/pickups' use-case.
import { z } from 'zod'
import { READ_SCOPES } from '../app/auth/principal.ts'
import { accountsAtPremises } from '../app/customer-auth/account-of.ts'
import { pickupSchedule, scheduleQuery } from '../app/waste/pickup-schedules.ts'
import { customerGuard } from './context.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'

const orNull = <T>(p: Promise<T>) => p.catch((e) => (e?.code === 'not_found' ? null : Promise.reject(e)))

export function pickupResolvers() {
  const Query: Record<string, Resolver> = {
    // Open to customers like the REST route: an address of one of their accounts; another's is null, as a missing one.
    pickupSchedule: (_r, a, ctx) => customerGuard(ctx, READ_SCOPES, async (s) => {
      const premisesId = parse(z.uuid(), a.premisesId, 'premisesId')
      if (s.accounts) {
        const at = await accountsAtPremises(ctx.db, s.tenantId, premisesId)
        if (!at.some((id) => s.accounts!.includes(id))) return null
      }
      return orNull(pickupSchedule(ctx.db, s.tenantId, premisesId, parse(scheduleQuery, withoutNulls({ from: a.from, to: a.to }), 'args'), ctx.clock))
    }),
  }
  return { Query, Mutation: {} as Record<string, Resolver> }
}
