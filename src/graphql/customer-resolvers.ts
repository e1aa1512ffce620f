// GraphQL for customer access tokens (issue 10 §4): `me` (selfGuard: the
// signed-in customer only) is a home screen in one round trip, through the
// same use-cases as GET /v1/me, /v1/accounts/{id}/balance, /v1/bills and
// /v1/meters/{id}/readings. Its nested fields are reachable only under `me`,
// whose accounts are the customer's own, so they carry the tenant and need no
// second check. `bill` and `balance` (billing-/ledger-resolvers.ts) open
// themselves to customers with the REST routes' account check.
import { z } from 'zod'
import { me } from '../app/customer-auth/me.ts'
import { accountMeters, lastReading, type AccountMeter } from '../app/customer-auth/home.ts'
import { accountBalance } from '../app/ledger/balance.ts'
import { getBill, lastBills } from '../app/billing/bills.ts'
import { asGraphqlError, selfGuard, type GqlContext } from './context.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'
import { linkAccount, linkInput, unlinkAccount } from '../app/customer-auth/link-account.ts'
import { meterReadings } from '../app/readings/reading-queries.ts'

interface HomeAccount { id: string; tenantId: string }
interface HomeMeter extends AccountMeter { tenantId: string }

/** A nested field under `me`: errors mapped like every guarded resolver's. */
async function under<T>(ctx: GqlContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    throw asGraphqlError(ctx, err)
  }
}

const lastArg = z.number().int().min(1).max(24)
const historyArg = z.number().int().min(1).max(100)
const withNotes = <L extends { trace: { notes?: string[] } }>(l: L) => ({ ...l, trace: { ...l.trace, notes: l.trace.notes ?? [] } })

export function customerResolvers() {
  const Query: Record<string, Resolver> = {
    me: (_r, _a, ctx) => selfGuard(ctx, async (p) => {
      const m = await me(ctx.db, p.tenantId, p.customerUserId, ctx.clock)
      return { principal: p, user: m.user, accounts: m.accounts.map((a) => ({ ...a, tenantId: p.tenantId })) }
    }),
  }
  const types = {
    CustomerAccount: {
      balance: (a: HomeAccount, _args: unknown, ctx: GqlContext) => under(ctx, () => accountBalance(ctx.db, a.tenantId, a.id, ctx.clock)),
      bills: (a: HomeAccount, args: { last?: number | null }, ctx: GqlContext) => under(ctx, async () => {
        const bills = await lastBills(ctx.db, a.tenantId, a.id, parse(lastArg, args.last ?? 12, 'last'))
        return bills.map((b) => ({ ...b, documentUrl: `/v1/bills/${b.id}/document`,
          lines: async () => (await getBill(ctx.db, a.tenantId, b.id)).lines.map(withNotes) }))
      }),
      meters: (a: HomeAccount, _args: unknown, ctx: GqlContext) => under(ctx, async () =>
        (await accountMeters(ctx.db, a.tenantId, a.id)).map((m) => ({ ...m, tenantId: a.tenantId }))),
    },
    CustomerMeter: {
      lastReading: (m: HomeMeter, _args: unknown, ctx: GqlContext) => under(ctx, () => lastReading(ctx.db, m.tenantId, m.id)),
      // the history of earlier readings (seed 000 step 7.3, «история»)
      readings: (m: HomeMeter, args: { last?: number | null }, ctx: GqlContext) => under(ctx, async () =>
        (await meterReadings(ctx.db, m.tenantId, m.id, { limit: parse(historyArg, args.last ?? 12, 'last') })).items),
    },
  }
  // Seed 000 step 5 for an app: link by surname + account number or INN + contract number, and unlink (the REST /v1/me/accounts use-cases).
  const Mutation: Record<string, Resolver> = {
    linkAccount: (_r, a, ctx) => selfGuard(ctx, async (p) => {
      const linked = await linkAccount(ctx.db, p.tenantId, p.customerUserId, parse(linkInput, withoutNulls(a.input), 'input'), ctx.request.ip, ctx.clock)
      return { ...linked, tenantId: p.tenantId }
    }),
    unlinkAccount: (_r, a, ctx) => selfGuard(ctx, async (p) => {
      await unlinkAccount(ctx.db, p.tenantId, p.customerUserId, parse(z.uuid(), a.accountId, 'accountId'), `customer:${p.customerUserId}`, ctx.clock)
      return true
    }),
  }
  return { Query, Mutation, types }
}
