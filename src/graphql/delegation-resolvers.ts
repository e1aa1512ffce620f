// Delegated access over GraphQL (issue 10 §5): the same use-cases as
// /v1/delegations. inviteDelegate and acceptDelegation are the signed-in
// customer's (selfGuard); revokeDelegation is open to admin keys and to
// customers on the accounts they manage (another's delegation is null, like a
// missing one); the root `delegations` list is the admin keys'; customers read
// theirs under `me { delegations }`.
import { z } from 'zod'
import { accountsWith, type CustomerPrincipal } from '../app/auth/principal.ts'
import { acceptDelegation, invitationInput, inviteDelegate, listDelegations, revokeDelegation, delegationListQuery } from '../app/customer-auth/delegations.ts'
import { customerGuard, guard, selfGuard, type GqlContext } from './context.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'

const id = (v: unknown, path: string) => parse(z.uuid(), v, path)
const orNull = (e: { code?: string }) => (e.code === 'not_found' ? null : Promise.reject(e))
const actorOf = (p: { kind: string } & Partial<{ keyId: string; customerUserId: string }>) =>
  p.kind === 'api_key' ? `api_key:${p.keyId}` : `customer:${p.customerUserId}`

/** What `me` hands its nested fields: the customer whose delegations they are. */
export interface MeParent { principal: CustomerPrincipal }

export function delegationResolvers() {
  const Query: Record<string, Resolver> = {
    delegations: (_r, a, ctx) => guard(ctx, ['admin'], (p) => listDelegations(ctx.db, p.tenantId, undefined,
      parse(delegationListQuery, withoutNulls({ accountId: a.accountId, status: a.status, limit: a.limit, cursor: a.cursor }), 'arguments'), ctx.clock)),
  }
  const Mutation: Record<string, Resolver> = {
    inviteDelegate: (_r, a, ctx) => selfGuard(ctx, (p) => {
      const input = withoutNulls(a.input)
      if (input['allAccounts'] === false) delete input['allAccounts']
      return inviteDelegate(ctx.db, p, parse(invitationInput, input, 'input'), ctx.clock)
    }),
    acceptDelegation: (_r, a, ctx) => selfGuard(ctx, (p) => acceptDelegation(ctx.db, p.tenantId, p.customerUserId, String(a.token), ctx.clock)),
    revokeDelegation: (_r, a, ctx) => customerGuard(ctx, ['admin'], (s) =>
      revokeDelegation(ctx.db, s.tenantId, id(a.id, 'id'), s.accounts, a.accountId ? id(a.accountId, 'accountId') : undefined, actorOf(s.principal), ctx.clock)
        .catch(orNull), 'manage'),
  }
  const Me = {
    delegations: async (m: MeParent, a: { status?: string | null; accountId?: string | null }, ctx: GqlContext) => {
      const q = parse(delegationListQuery, withoutNulls({ status: a.status, accountId: a.accountId, limit: 500 }), 'arguments')
      return (await listDelegations(ctx.db, m.principal.tenantId, accountsWith(m.principal, 'manage'), q, ctx.clock)).items
    },
  }
  return { Query, Mutation, Me }
}
