// Facility groups over GraphQL (issue 10 §5): the same use-cases as
// /v1/facility-groups. The mutations are the signed-in customer's
// (selfGuard); the groups are read under `me`, whose customer they belong
// to, so the nested fields carry the tenant and the user and need no second
// check (servicePointsOfGroup refuses a group that is not the user's).
import { z } from 'zod'
import { createFacilityGroup, deleteFacilityGroup, facilityGroupInput, facilityGroupPatch, getFacilityGroup, listFacilityGroups,
  updateFacilityGroup, type FacilityGroupDto } from '../app/customer-auth/facility-groups.ts'
import { groupBalances, groupBills, groupBillsQuery } from '../app/customer-auth/facility-group-views.ts'
import { getBill } from '../app/billing/bills.ts'
import { asGraphqlError, selfGuard, type GqlContext } from './context.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'
import type { MeParent } from './delegation-resolvers.ts'

interface GroupParent extends FacilityGroupDto { tenantId: string; customerUserId: string }
const id = (v: unknown, path: string) => parse(z.uuid(), v, path)
const withNotes = <L extends { trace: { notes?: string[] } }>(l: L) => ({ ...l, trace: { ...l.trace, notes: l.trace.notes ?? [] } })

async function under<T>(ctx: GqlContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    throw asGraphqlError(ctx, err)
  }
}

export function facilityGroupResolvers() {
  const parent = (p: { tenantId: string; customerUserId: string }) => (g: FacilityGroupDto): GroupParent => ({ ...g, tenantId: p.tenantId, customerUserId: p.customerUserId })
  const Mutation: Record<string, Resolver> = {
    createFacilityGroup: (_r, a, ctx) => selfGuard(ctx, async (p) =>
      parent(p)(await createFacilityGroup(ctx.db, p.tenantId, p.customerUserId, parse(facilityGroupInput, withoutNulls(a.input), 'input'), ctx.clock))),
    updateFacilityGroup: (_r, a, ctx) => selfGuard(ctx, async (p) =>
      parent(p)(await updateFacilityGroup(ctx.db, p.tenantId, p.customerUserId, id(a.id, 'id'), parse(facilityGroupPatch, withoutNulls(a.input), 'input'), ctx.clock))),
    deleteFacilityGroup: (_r, a, ctx) => selfGuard(ctx, async (p) => {
      await deleteFacilityGroup(ctx.db, p.tenantId, p.customerUserId, id(a.id, 'id'))
      return true
    }),
  }
  const Me = {
    facilityGroups: (m: MeParent, _a: unknown, ctx: GqlContext) => under(ctx, async () =>
      (await listFacilityGroups(ctx.db, m.principal.tenantId, m.principal.customerUserId, ctx.clock)).map(parent(m.principal))),
    facilityGroup: (m: MeParent, a: { id: string }, ctx: GqlContext) => under(ctx, async () => {
      const g = await getFacilityGroup(ctx.db, m.principal.tenantId, m.principal.customerUserId, id(a.id, 'id'), ctx.clock)
        .catch((e: { code?: string }) => (e.code === 'not_found' ? null : Promise.reject(e)))
      return g && parent(m.principal)(g)
    }),
  }
  const FacilityGroup = {
    balances: (g: GroupParent, _a: unknown, ctx: GqlContext) => under(ctx, () => groupBalances(ctx.db, g.tenantId, g.customerUserId, g.id, ctx.clock)),
    bills: (g: GroupParent, a: { last?: number | null; from?: string | null; to?: string | null }, ctx: GqlContext) => under(ctx, async () => {
      const q = parse(groupBillsQuery, withoutNulls({ limit: a.last ?? 24, from: a.from, to: a.to }), 'arguments')
      const { items } = await groupBills(ctx.db, g.tenantId, g.customerUserId, g.id, q, ctx.clock)
      return items.map(({ groupCharges, ...bill }) => ({ groupCharges,
        bill: { ...bill, lines: async () => (await getBill(ctx.db, g.tenantId, bill.id)).lines.map(withNotes) } }))
    }),
  }
  return { Query: {} as Record<string, Resolver>, Mutation, Me, FacilityGroup }
}
