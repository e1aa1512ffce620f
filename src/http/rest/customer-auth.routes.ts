// Customer access (issue 10): a customer's own registration and sign-in
// (public: the tenant is in the path, so a portal serves one utility with a
// fixed base URL and no credential of its own), the signed-in customer's
// /v1/me, and what an admin key does about customer users and their messages.
import { z } from 'zod'
import { idParams, uuid } from '../../app/schemas.ts'
import { codeInput, confirmEmail, customerUserDto, getCustomerUser, registerCustomerUser, registerInput, requestPasswordReset,
  resendPhoneCode, resetInput, resetPassword, resetRequestInput, tokenInput, confirmPhone } from '../../app/customer-auth/register.ts'
import { refresh, refreshInput, setCustomerUserDisabled, signIn, signInInput, signOutEverywhere, tokenPairDto } from '../../app/customer-auth/sessions.ts'
import { linkAccount, linkedAccountDto, linkedAccounts, linkInput, unlinkAccount } from '../../app/customer-auth/link-account.ts'
import { me, meDto } from '../../app/customer-auth/me.ts'
import { listMessages, messageDto, messageListQuery } from '../../app/customer-auth/outbox.ts'
import { publishedJwks } from '../../app/customer-auth/signing-keys.ts'
import { getIdentityProvider, identityProviderDto, identityProviderInput, oidcSignIn, oidcSignInInput, putIdentityProvider } from '../../app/customer-auth/oidc.ts'
import { loadConfig } from '../../config.ts'
import type { CustomerPrincipal } from '../../app/auth/principal.ts'
import { pageOf } from '../../app/schemas.ts'
import { publicRoute, route } from '../route.ts'

const tenantParams = z.object({ tenantId: uuid })
const authTags = ['Customer sign-in']
const meTags = ['Me']
const adminTags = ['Customer users']
const base = '/v1/tenants/:tenantId/customer-auth'
const oidcSettings = () => ({ allowPrivate: loadConfig().OIDC_ALLOW_PRIVATE_JWKS })
/** On `customer: { self: true }` routes only customers get through (register-routes.ts). */
const customer = (p: unknown) => p as CustomerPrincipal
const actorOf = (p: { kind: string; tenantId: string } & Partial<{ keyId: string; customerUserId: string }>) =>
  p.kind === 'api_key' ? `api_key:${p.keyId}` : `customer:${p.customerUserId}`

export const customerAuthRoutes = [
  publicRoute({ method: 'POST', url: `${base}/register`, operationId: 'registerCustomerUser', summary: 'Register a customer user (seed 000 steps 1–3)', tags: authTags,
    description: 'Writes an e-mail confirmation token and a 6-digit phone code to the outbox (GET /v1/customer-messages). 409 when the e-mail is registered.',
    params: tenantParams, body: registerInput, errors: [404, 409],
    examples: { request: { kind: 'person', name: 'Иванова Анна Сергеевна', email: 'anna@example.org', phone: '+79001234567', password: 'correct horse battery' } },
    response: { status: 201, schema: customerUserDto, description: 'the user, not yet confirmed' },
    handler: ({ db, clock, params, body }) => registerCustomerUser(db, params.tenantId, body, clock) }),
  publicRoute({ method: 'POST', url: `${base}/email-confirmation`, operationId: 'confirmCustomerEmail', summary: 'Confirm the e-mail with the token of the link (seed 000 step 4)', tags: authTags,
    params: tenantParams, body: tokenInput, errors: [422],
    response: { status: 200, schema: customerUserDto, description: 'the user' },
    handler: ({ db, clock, params, body }) => confirmEmail(db, params.tenantId, body.token, clock) }),
  publicRoute({ method: 'POST', url: `${base}/sign-in`, operationId: 'signInCustomer', summary: 'Sign in with e-mail and password: an access token and a refresh token', tags: authTags,
    params: tenantParams, body: signInInput, errors: [401],
    response: { status: 200, schema: tokenPairDto, description: 'the tokens' },
    handler: ({ db, clock, params, body, request }) => signIn(db, params.tenantId, body, clock, request.ip) }),
  publicRoute({ method: 'POST', url: `${base}/refresh`, operationId: 'refreshCustomerSession', summary: 'Exchange a refresh token (single-use) for a new pair', tags: authTags,
    description: 'A refresh token presented a second time revokes its whole session (reuse detection).',
    params: tenantParams, body: refreshInput, errors: [401],
    response: { status: 200, schema: tokenPairDto, description: 'the new tokens' },
    handler: ({ db, clock, params, body }) => refresh(db, params.tenantId, body.refreshToken, clock) }),
  publicRoute({ method: 'POST', url: `${base}/password-reset`, operationId: 'requestPasswordReset', summary: 'Ask for a password reset token by e-mail', tags: authTags,
    description: 'The same answer whether or not the e-mail is registered; the token goes to the outbox only when it is.',
    params: tenantParams, body: resetRequestInput, errors: [404],
    response: { status: 202, schema: z.object({ accepted: z.literal(true) }), description: 'accepted' },
    handler: ({ db, clock, params, body }) => requestPasswordReset(db, params.tenantId, body.email, clock) }),
  publicRoute({ method: 'POST', url: `${base}/password-reset/confirm`, operationId: 'resetPassword', summary: 'Set a new password with a reset token; every session ends', tags: authTags,
    params: tenantParams, body: resetInput, errors: [422],
    response: { status: 200, schema: z.object({ reset: z.literal(true) }), description: 'the password is set' },
    handler: ({ db, clock, params, body }) => resetPassword(db, params.tenantId, body, clock) }),
  publicRoute({ method: 'POST', url: `${base}/oidc`, operationId: 'signInCustomerWithIdentityProvider', summary: 'Sign in with an ID token of the tenant\'s identity provider (OIDC)', tags: authTags,
    description: 'Issue 10 §1b. The ID token is verified against the provider configured at PUT /v1/identity-provider (JWKS signature, issuer, audience, expiry); '
      + 'the customer user is found by the configured claim (e.g. personal_identity_number, inn), or created on the first sign-in. '
      + 'Any token that does not verify answers the same 401 invalid_id_token; 404 when the tenant has no provider.',
    params: tenantParams, body: oidcSignInInput, errors: [401, 404],
    response: { status: 200, schema: tokenPairDto, description: 'the product\'s own tokens' },
    handler: ({ db, clock, params, body, request }) => oidcSignIn(db, params.tenantId, body.idToken, clock, oidcSettings(), request.ip) }),
  publicRoute({ method: 'GET', url: '/.well-known/jwks.json', operationId: 'getJwks', summary: 'The public keys of customer access tokens (JWKS)', tags: authTags,
    response: { status: 200, schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }), description: 'the keys' },
    handler: ({ db, clock }) => publishedJwks(db, clock) }),

  route({ method: 'GET', url: '/v1/me', operationId: 'getMe', summary: 'The signed-in customer and its accounts', tags: meTags,
    scopes: [], customer: { self: true }, response: { status: 200, schema: meDto, description: 'the customer' },
    handler: ({ db, principal }) => me(db, principal.tenantId, customer(principal).customerUserId) }),
  route({ method: 'GET', url: '/v1/me/accounts', operationId: 'listMyAccounts', summary: 'The accounts the customer linked or was given access to', tags: meTags,
    scopes: [], customer: { self: true }, response: { status: 200, schema: z.object({ items: z.array(linkedAccountDto) }), description: 'the accounts' },
    handler: async ({ db, principal }) => ({ items: await linkedAccounts(db, principal.tenantId, customer(principal).customerUserId) }) }),
  route({ method: 'POST', url: '/v1/me/accounts', operationId: 'linkMyAccount', summary: 'Link an account: owner\'s surname + account number, or INN + contract number', tags: meTags,
    description: 'Seed 000 step 5. A wrong pair, an unknown account and an account linked by someone else answer the same 422 account_not_matched; '
      + 'failed attempts are limited per user, per IP and per account number (429 too_many_attempts). Needs a confirmed e-mail and phone.',
    scopes: [], customer: { self: true }, body: linkInput, errors: [422, 429],
    examples: { request: { kind: 'residential', accountNumber: '380001234', surname: 'Иванова' } },
    response: { status: 201, schema: linkedAccountDto, description: 'the linked account' },
    handler: ({ db, clock, principal, body, request }) => linkAccount(db, principal.tenantId, customer(principal).customerUserId, body, request.ip, clock) }),
  route({ method: 'DELETE', url: '/v1/me/accounts/:accountId', operationId: 'unlinkMyAccount', summary: 'Remove an account from the customer\'s list', tags: meTags,
    scopes: [], customer: { self: true }, params: z.object({ accountId: uuid }), errors: [404],
    response: { status: 200, schema: z.object({ unlinked: z.literal(true) }), description: 'removed' },
    handler: async ({ db, clock, principal, params }) => {
      const p = customer(principal)
      await unlinkAccount(db, p.tenantId, p.customerUserId, params.accountId, actorOf(p), clock)
      return { unlinked: true as const }
    } }),
  route({ method: 'POST', url: '/v1/me/phone-confirmation', operationId: 'confirmMyPhone', summary: 'Confirm the phone with the 6-digit code (seed 000 step 4)', tags: meTags,
    description: 'At most 5 wrong codes; then ask for a new one.',
    scopes: [], customer: { self: true }, body: codeInput, errors: [422],
    response: { status: 200, schema: customerUserDto, description: 'the user' },
    handler: ({ db, clock, principal, body }) => confirmPhone(db, principal.tenantId, customer(principal).customerUserId, body.code, clock) }),
  route({ method: 'POST', url: '/v1/me/phone-confirmation/resend', operationId: 'resendMyPhoneCode', summary: 'Send a new phone code', tags: meTags,
    scopes: [], customer: { self: true }, errors: [422],
    response: { status: 202, schema: z.object({ sent: z.literal(true) }), description: 'written to the outbox' },
    handler: async ({ db, clock, principal }) => { await resendPhoneCode(db, principal.tenantId, customer(principal).customerUserId, clock); return { sent: true as const } } }),
  route({ method: 'POST', url: '/v1/me/sign-out', operationId: 'signOutEverywhere', summary: 'Sign out everywhere: every session and its tokens end', tags: meTags,
    scopes: [], customer: { self: true },
    response: { status: 200, schema: z.object({ revokedSessions: z.number().int() }), description: 'how many sessions ended' },
    handler: ({ db, clock, principal }) => signOutEverywhere(db, principal.tenantId, customer(principal).customerUserId, clock) }),

  route({ method: 'PUT', url: '/v1/identity-provider', operationId: 'putIdentityProvider', summary: 'Configure the tenant\'s identity provider for customer sign-in (OIDC)', tags: adminTags,
    description: 'Issuer, audience (our client id there), JWKS URL (https; private and loopback addresses refused) and the ID-token claim that identifies the person or organization.',
    scopes: ['admin'], body: identityProviderInput,
    examples: { request: { issuer: 'https://idp.example.se', audience: 'aqualedger-portal', jwksUrl: 'https://idp.example.se/.well-known/jwks.json', subjectClaim: 'personal_identity_number', customerKind: 'person' } },
    response: { status: 200, schema: identityProviderDto, description: 'the provider' },
    handler: ({ db, clock, principal, body }) => putIdentityProvider(db, principal.tenantId, body, actorOf(principal), clock, oidcSettings()) }),
  route({ method: 'GET', url: '/v1/identity-provider', operationId: 'getIdentityProvider', summary: 'The tenant\'s identity provider for customer sign-in', tags: adminTags,
    scopes: ['admin'], errors: [404], response: { status: 200, schema: identityProviderDto, description: 'the provider' },
    handler: ({ db, principal }) => getIdentityProvider(db, principal.tenantId) }),
  route({ method: 'GET', url: '/v1/customer-users/:id', operationId: 'getCustomerUser', summary: 'A customer user and its accounts', tags: adminTags,
    scopes: ['admin'], params: idParams, errors: [404], response: { status: 200, schema: meDto, description: 'the user' },
    handler: ({ db, principal, params }) => me(db, principal.tenantId, params.id) }),
  route({ method: 'POST', url: '/v1/customer-users/:id/disable', operationId: 'disableCustomerUser', summary: 'Disable a customer user: it cannot sign in, its sessions end', tags: adminTags,
    scopes: ['admin'], params: idParams, errors: [404], response: { status: 200, schema: customerUserDto, description: 'the user' },
    handler: ({ db, clock, principal, params }) => setCustomerUserDisabled(db, principal.tenantId, params.id, true, actorOf(principal), clock) }),
  route({ method: 'POST', url: '/v1/customer-users/:id/enable', operationId: 'enableCustomerUser', summary: 'Enable a disabled customer user again', tags: adminTags,
    scopes: ['admin'], params: idParams, errors: [404], response: { status: 200, schema: customerUserDto, description: 'the user' },
    handler: ({ db, clock, principal, params }) => setCustomerUserDisabled(db, principal.tenantId, params.id, false, actorOf(principal), clock) }),
  route({ method: 'DELETE', url: '/v1/customer-users/:id/accounts/:accountId', operationId: 'unlinkCustomerAccount', summary: 'Remove an account from a customer user', tags: adminTags,
    scopes: ['admin'], params: z.object({ id: uuid, accountId: uuid }), errors: [404],
    response: { status: 200, schema: z.object({ unlinked: z.literal(true) }), description: 'removed' },
    handler: async ({ db, clock, principal, params }) => {
      await getCustomerUser(db, principal.tenantId, params.id)
      await unlinkAccount(db, principal.tenantId, params.id, params.accountId, actorOf(principal), clock)
      return { unlinked: true as const }
    } }),
  route({ method: 'GET', url: '/v1/customer-messages', operationId: 'listCustomerMessages', summary: 'The outbox: every message to customers (links, codes, resets)', tags: adminTags,
    description: 'Messages are written in the transaction of the change that causes them; a sender delivers them. Holds live codes: admin keys only.',
    scopes: ['admin'], query: messageListQuery, response: { status: 200, schema: pageOf(messageDto), description: 'a page, oldest first' },
    handler: ({ db, principal, query }) => listMessages(db, principal.tenantId, query) }),
]
