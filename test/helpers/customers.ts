// Customer users through the real API (issue 10): register, read the outbox
// as an admin would, confirm the e-mail and the phone, sign in, link.
import type { FastifyInstance } from 'fastify'
import { bearer, type TestTenant } from './app.ts'

let seq = 0

export interface TestCustomer { userId: string; email: string; password: string; access: string; refresh: string }

async function ok(r: { statusCode: number; body: string; json(): any }, want: number, what: string) {
  if (r.statusCode !== want) throw new Error(`${what}: ${r.statusCode} ${r.body}`)
  return r.json()
}

/** The newest message of a kind to a recipient, as the admin's outbox read shows it. */
export async function lastMessage(app: FastifyInstance, tenant: TestTenant, recipient: string, kind: string): Promise<string> {
  const r = await app.inject({ method: 'GET', url: `/v1/customer-messages?limit=200&recipient=${encodeURIComponent(recipient)}`, headers: bearer(tenant.keys.admin) })
  const items = (await ok(r, 200, 'messages')).items as { kind: string; body: string }[]
  const m = items.filter((i) => i.kind === kind).at(-1)
  if (!m) throw new Error(`no ${kind} message to ${recipient}`)
  return m.body
}

export const tokenIn = (body: string) => /(aq[ep]_[0-9a-f]{32}_[A-Za-z0-9_-]{43})/.exec(body)![1]!
export const codeIn = (body: string) => /(\d{6})/.exec(body)![1]!

export async function signIn(app: FastifyInstance, tenantId: string, email: string, password: string) {
  return app.inject({ method: 'POST', url: `/v1/tenants/${tenantId}/customer-auth/sign-in`, payload: { email, password } })
}

/** A confirmed, signed-in customer user of the tenant. */
export async function registeredCustomer(app: FastifyInstance, tenant: TestTenant, name = `Customer ${++seq}`): Promise<TestCustomer> {
  const email = `c${++seq}-${Math.random().toString(36).slice(2, 8)}@example.org`
  const phone = `+7900${String(1_000_000 + seq).slice(1)}`
  const password = 'correct horse battery staple'
  const base = `/v1/tenants/${tenant.id}/customer-auth`
  const u = await ok(await app.inject({ method: 'POST', url: `${base}/register`, payload: { kind: 'person', name, email, phone, password } }), 201, 'register')
  await ok(await app.inject({ method: 'POST', url: `${base}/email-confirmation`, payload: { token: tokenIn(await lastMessage(app, tenant, email, 'email_confirmation')) } }), 200, 'confirm e-mail')
  const tokens = await ok(await signIn(app, tenant.id, email, password), 200, 'sign in')
  await ok(await app.inject({ method: 'POST', url: '/v1/me/phone-confirmation', headers: bearer(tokens.accessToken),
    payload: { code: codeIn(await lastMessage(app, tenant, phone, 'phone_confirmation')) } }), 200, 'confirm phone')
  return { userId: u.id, email, password, access: tokens.accessToken, refresh: tokens.refreshToken }
}

export async function linkResidential(app: FastifyInstance, c: TestCustomer, accountNumber: string, surname: string) {
  return app.inject({ method: 'POST', url: '/v1/me/accounts', headers: bearer(c.access), payload: { kind: 'residential', accountNumber, surname } })
}
