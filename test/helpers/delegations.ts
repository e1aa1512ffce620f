// Delegated access through the real API (issue 10 §5): the holder invites,
// the invitation's token is read from the outbox as a deliverer would, the
// invitee accepts with its own user.
import type { FastifyInstance } from 'fastify'
import { bearer, type TestTenant } from './app.ts'
import { lastMessage, type TestCustomer } from './customers.ts'

export const invitationTokenIn = (body: string) => /(aqi_[0-9a-f]{32}_[A-Za-z0-9_-]{43})/.exec(body)![1]!

export async function invite(app: FastifyInstance, holder: { access: string }, payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/v1/delegations', headers: bearer(holder.access), payload })
}

export async function accept(app: FastifyInstance, invitee: { access: string }, token: string) {
  return app.inject({ method: 'POST', url: '/v1/delegations/accept', headers: bearer(invitee.access), payload: { token } })
}

/** The newest invitation token sent to an address. */
export async function invitationToken(app: FastifyInstance, tenant: TestTenant, email: string): Promise<string> {
  return invitationTokenIn(await lastMessage(app, tenant, email, 'delegation_invitation'))
}

/** Invite `invitee` (to its own e-mail) and accept: the delegation's id. Throws on any refusal. */
export async function delegate(app: FastifyInstance, tenant: TestTenant, holder: TestCustomer, invitee: TestCustomer,
  grant: { role: string; accountIds?: string[]; allAccounts?: true; expiresAt?: string }, acceptWith: FastifyInstance = app): Promise<string> {
  const i = await invite(app, holder, { email: invitee.email, ...grant })
  if (i.statusCode !== 201) throw new Error(`invite: ${i.statusCode} ${i.body}`)
  const a = await accept(acceptWith, invitee, await invitationToken(app, tenant, invitee.email))
  if (a.statusCode !== 200) throw new Error(`accept: ${a.statusCode} ${a.body}`)
  return i.json().id
}
