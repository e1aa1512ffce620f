// Delegated access (issue 10 §5): the holder of an account invites, the
// invitee accepts, the holder or an admin key lists and revokes. Listing and
// revoking are limited to the accounts the caller manages (customer `list`
// access with role manage: register-routes.ts hands the handler those
// accounts); an admin key sees the tenant's. A delegation over none of the
// caller's accounts answers 404, like a missing one.
import { idParams, pageOf } from '../../app/schemas.ts'
import type { CustomerPrincipal } from '../../app/auth/principal.ts'
import { acceptDelegation, acceptInput, delegationDto, delegationListQuery, invitationInput, inviteDelegate, listDelegations,
  revokeDelegation, revokeQuery } from '../../app/customer-auth/delegations.ts'
import { delegationsOf } from '../../app/customer-auth/delegation-views.ts'
import { notFound } from '../../app/errors.ts'
import { route } from '../route.ts'

const tags = ['Delegations']
const customer = (p: unknown) => p as CustomerPrincipal
const actorOf = (p: { kind: string } & Partial<{ keyId: string; customerUserId: string }>) =>
  p.kind === 'api_key' ? `api_key:${p.keyId}` : `customer:${p.customerUserId}`

export const delegationRoutes = [
  route({ method: 'POST', url: '/v1/delegations', operationId: 'inviteDelegate', summary: 'Invite a person by e-mail to one or more of your accounts, with a role', tags,
    description: 'Seed 001 "Administration". Needs role manage on every account (404 for an account not yours, 403 for one you hold with less). '
      + '`allAccounts: true` covers every account you manage (an organization\'s signatory adding a colleague). The invitation token goes to the outbox '
      + '(kind delegation_invitation), valid 7 days, single-use. A delegate cannot grant past its own end (422 exceeds_own_access); its end is the default.',
    scopes: [], customer: { self: true }, body: invitationInput, errors: [403, 404, 422], idempotent: true,
    examples: { request: { email: 'colleague@example.org', role: 'submit_readings', allAccounts: true, expiresAt: '2027-06-30T00:00:00Z' } },
    response: { status: 201, schema: delegationDto, description: 'the invitation (pending)' },
    handler: ({ db, clock, principal, body }) => inviteDelegate(db, customer(principal), body, clock) }),
  route({ method: 'POST', url: '/v1/delegations/accept', operationId: 'acceptDelegation', summary: 'Accept an invitation with your own signed-in user', tags,
    description: 'An unknown, used, revoked or expired token answers 422 invalid_token. Accounts you already own stay yours; a delegation you held on an account is replaced.',
    scopes: [], customer: { self: true }, body: acceptInput, errors: [422],
    response: { status: 200, schema: delegationDto, description: 'the delegation, active' },
    handler: ({ db, clock, principal, body }) => acceptDelegation(db, principal.tenantId, customer(principal).customerUserId, body.token, clock) }),
  route({ method: 'GET', url: '/v1/delegations', operationId: 'listDelegations', summary: 'Delegations and pending invitations over the accounts you manage (admin key: all)', tags,
    scopes: ['admin'], customer: { list: true, role: 'manage' }, query: delegationListQuery,
    response: { status: 200, schema: pageOf(delegationDto), description: 'a page, newest first' },
    handler: ({ db, clock, principal, accounts, query }) => listDelegations(db, principal.tenantId, accounts, query, clock) }),
  route({ method: 'GET', url: '/v1/delegations/:id', operationId: 'getDelegation', summary: 'A delegation over accounts you manage (admin key: any)', tags,
    scopes: ['admin'], customer: { list: true, role: 'manage' }, params: idParams, errors: [404],
    response: { status: 200, schema: delegationDto, description: 'the delegation' },
    handler: async ({ db, clock, principal, accounts, params }) => {
      const [d] = await delegationsOf(db, principal.tenantId, [params.id], accounts, clock)
      if (!d || d.accounts.length === 0) throw notFound('delegation')
      return d
    } }),
  route({ method: 'DELETE', url: '/v1/delegations/:id', operationId: 'revokeDelegation', summary: 'Revoke a delegation or a pending invitation; it takes effect at once', tags,
    description: 'A holder revokes on the accounts it manages (all of them, or `accountId`); an admin key on every account. '
      + 'The delegate\'s next request no longer sees the accounts. Revoking again changes nothing.',
    scopes: ['admin'], customer: { list: true, role: 'manage' }, params: idParams, query: revokeQuery, errors: [404],
    response: { status: 200, schema: delegationDto, description: 'the delegation after the revocation' },
    handler: ({ db, clock, principal, accounts, params, query }) =>
      revokeDelegation(db, principal.tenantId, params.id, accounts, query.accountId, actorOf(principal), clock) }),
]

