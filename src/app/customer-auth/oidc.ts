// Sign-in through the tenant's identity provider (issue 10 §1b): a tenant
// admin configures the provider's issuer, the audience (our client id there),
// its JWKS URL and the ID-token claim that identifies the person or
// organization (personal_identity_number from Swedish BankID via an IdP, the
// INN from Russian ESIA, or plain `sub`). A portal hands us the ID token it
// got; we verify it with jose (signature by the provider's JWKS, issuer,
// audience, expiry against the injected clock) and answer the product's own
// access + refresh tokens, finding or creating the customer user by the claim.
//
// SSRF: the JWKS URL is admin-configured and fetched by the server. It must be
// https, and private, loopback and link-local addresses are refused at
// connect time (every address DNS returns, post-webhook.ts's guard), unless
// OIDC_ALLOW_PRIVATE_JWKS=true (tests, an on-premises IdP). No redirects;
// a 5 s deadline; at most 64 KB read.
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { createRemoteJWKSet, customFetch, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { AppError, notFound, validationError } from '../errors.ts'
import { guardedLookup, urlProblem } from '../webhooks/post-webhook.ts'
import { audit } from './audit.ts'
import { tenantExists } from './register.ts'
import { openSession, type tokenPairDto } from './sessions.ts'

const JWKS_MAX_BYTES = 64 * 1024
const JWKS_TIMEOUT_MS = 5_000
/** an ID token is exchanged right after the provider issues it */
const MAX_ID_TOKEN_AGE_S = 3600
const CLOCK_TOLERANCE_S = 30
/** Asymmetric only: an HS256 token would be "signed" with a secret the IdP never gave us. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']

export interface OidcOptions {
  /** OIDC_ALLOW_PRIVATE_JWKS: http and private/loopback JWKS URLs (tests, an on-premises IdP) */
  allowPrivate: boolean
}

const claimName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,99}$/, 'a claim name: letters, digits, _ . : -')
export const identityProviderInput = z.object({
  issuer: z.string().min(1).max(500).describe('the `iss` of the ID tokens, exactly'),
  audience: z.string().min(1).max(500).describe('the `aud` the ID tokens carry: our client id at the provider'),
  jwksUrl: z.url().max(2000).describe('the provider\'s JWKS (https; private and loopback addresses are refused)'),
  subjectClaim: claimName.describe('the claim that identifies the person or organization: personal_identity_number, inn, sub …'),
  customerKind: z.enum(['person', 'organization']).default('person').describe('the kind of customer user a first sign-in creates'),
}).strict().meta({ id: 'IdentityProviderInput' })

export const identityProviderDto = z.object({
  issuer: z.string(), audience: z.string(), jwksUrl: z.string(), subjectClaim: z.string(), customerKind: z.enum(['person', 'organization']), updatedAt: z.string(),
}).meta({ id: 'IdentityProvider' })
type IdentityProviderDto = z.infer<typeof identityProviderDto>

export const oidcSignInInput = z.object({ idToken: z.string().min(1).max(16_384).describe('the ID token (a JWT) the provider issued to the portal') }).strict()

/** One answer for every token that does not verify: which check failed is logged in the audit, not told. */
const invalidIdToken = () => new AppError('invalid_id_token', 401, 'the ID token is not valid for this tenant\'s identity provider')

export function jwksUrlProblem(raw: string, opts: OidcOptions): string | undefined {
  if (!opts.allowPrivate && !raw.startsWith('https://')) return 'the JWKS URL must be https'
  return urlProblem(raw, opts.allowPrivate)
}

export async function putIdentityProvider(db: Db, tenantId: string, input: z.output<typeof identityProviderInput>, actor: string, clock: Clock, opts: OidcOptions): Promise<IdentityProviderDto> {
  const problem = jwksUrlProblem(input.jwksUrl, opts)
  if (problem) throw validationError('the JWKS URL is refused', [{ path: 'body.jwksUrl', message: problem }])
  return db.transaction().execute(async (trx) => {
    const row = { tenantId, ...input, updatedAt: clock.now() }
    const saved = await trx.insertInto('identityProviders').values(row)
      .onConflict((oc) => oc.column('tenantId').doUpdateSet({ issuer: input.issuer, audience: input.audience, jwksUrl: input.jwksUrl,
        subjectClaim: input.subjectClaim, customerKind: input.customerKind, updatedAt: row.updatedAt }))
      .returningAll().executeTakeFirstOrThrow()
    await audit(trx, tenantId, { actor, action: 'identity_provider.configured', detail: { issuer: input.issuer, jwksUrl: input.jwksUrl, subjectClaim: input.subjectClaim } }, clock)
    return toDto(saved)
  })
}

export async function getIdentityProvider(db: Db, tenantId: string): Promise<IdentityProviderDto> {
  const row = await db.selectFrom('identityProviders').selectAll().where('tenantId', '=', tenantId).executeTakeFirst()
  if (!row) throw notFound('identity provider')
  return toDto(row)
}

const toDto = (r: { issuer: string; audience: string; jwksUrl: string; subjectClaim: string; customerKind: 'person' | 'organization'; updatedAt: Date }): IdentityProviderDto => ({
  issuer: r.issuer, audience: r.audience, jwksUrl: r.jwksUrl, subjectClaim: r.subjectClaim, customerKind: r.customerKind, updatedAt: r.updatedAt.toISOString(),
})

/** GET the JWKS through the SSRF guard: no redirects, a deadline, a size cap. */
function guardedFetch(opts: OidcOptions) {
  return (url: string, init: { headers?: Record<string, string>; signal?: AbortSignal }): Promise<Response> => new Promise((resolve, reject) => {
    const problem = jwksUrlProblem(url, opts)
    if (problem) return reject(new Error(`refused: ${problem}`))
    const u = new URL(url)
    const req = (u.protocol === 'https:' ? https : http).request(u, { method: 'GET', lookup: guardedLookup(opts.allowPrivate), agent: false,
      headers: { accept: 'application/json', 'user-agent': 'Aqualedger-OIDC/1', ...init.headers }, signal: init.signal, timeout: JWKS_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (size > JWKS_MAX_BYTES) { req.destroy(new Error('the JWKS is too large')); return }
        chunks.push(c)
      })
      res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 502, headers: { 'content-type': 'application/json' } })))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error('the JWKS did not answer in time')))
    req.on('error', reject)
    req.end()
  })
}

/** One remote key set per JWKS URL: jose caches the keys and refetches on an unknown kid (at most every 30 s). */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>()
function keySet(url: string, opts: OidcOptions) {
  const k = `${opts.allowPrivate}:${url}`
  let set = keySets.get(k)
  if (!set) {
    if (keySets.size > 1000) keySets.clear()
    set = createRemoteJWKSet(new URL(url), { timeoutDuration: JWKS_TIMEOUT_MS, [customFetch]: guardedFetch(opts) as never })
    keySets.set(k, set)
  }
  return set
}

function identityOf(payload: JWTPayload, claim: string): string | undefined {
  const v = (payload as Record<string, unknown>)[claim]
  const s = typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : undefined
  return s && s.length <= 200 ? s : undefined
}

function displayName(p: Record<string, unknown>): string {
  const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string).trim().slice(0, 200) : '')
  return str('name') || [str('given_name'), str('family_name')].filter(Boolean).join(' ')
}

export async function oidcSignIn(db: Db, tenantId: string, idToken: string, clock: Clock, opts: OidcOptions, ip: string): Promise<z.infer<typeof tokenPairDto>> {
  await tenantExists(db, tenantId)
  const idp = await db.selectFrom('identityProviders').selectAll().where('tenantId', '=', tenantId).executeTakeFirst()
  if (!idp) throw notFound('identity provider')
  let payload: JWTPayload
  try {
    ({ payload } = await jwtVerify(idToken, keySet(idp.jwksUrl, opts), {
      issuer: idp.issuer, audience: idp.audience, algorithms: ALGORITHMS, currentDate: clock.now(), clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['exp', 'iat'], maxTokenAge: MAX_ID_TOKEN_AGE_S,
    }))
    // jose checks iat only for age: a token "issued" in the future is refused here.
    if (payload.iat! > clock.now().getTime() / 1000 + CLOCK_TOLERANCE_S) throw new joseErrors.JWTClaimValidationFailed('iat is in the future', payload, 'iat', 'check_failed')
  } catch (err) {
    const reason = err instanceof joseErrors.JOSEError ? err.code : 'jwks_unavailable'
    await audit(db, tenantId, { actor: 'anonymous', action: 'oidc.sign_in_failed', detail: { ip, reason } }, clock)
    throw invalidIdToken()
  }
  const value = identityOf(payload, idp.subjectClaim)
  if (!value) {
    await audit(db, tenantId, { actor: 'anonymous', action: 'oidc.sign_in_failed', detail: { ip, reason: `claim ${idp.subjectClaim} missing` } }, clock)
    throw invalidIdToken()
  }
  const userId = await findOrCreateUser(db, tenantId, idp, value, payload as Record<string, unknown>, clock)
  return db.transaction().execute(async (trx) => {
    const u = await trx.selectFrom('customerUsers').select('disabledAt').where('tenantId', '=', tenantId).where('customerUserId', '=', userId).executeTakeFirstOrThrow()
    if (u.disabledAt !== null) throw invalidIdToken()
    await audit(trx, tenantId, { actor: `customer:${userId}`, action: 'session.oidc_sign_in', subject: userId, detail: { ip, issuer: idp.issuer } }, clock)
    return openSession(trx, tenantId, userId, clock)
  })
}

/** The user the identity is bound to; the first sign-in creates it (two at once: the loser reads the winner's). */
async function findOrCreateUser(db: Db, tenantId: string, idp: { issuer: string; subjectClaim: string; customerKind: 'person' | 'organization' },
  value: string, claims: Record<string, unknown>, clock: Clock): Promise<string> {
  const find = async () => (await db.selectFrom('customerIdentities').select('customerUserId').where('tenantId', '=', tenantId)
    .where('claim', '=', idp.subjectClaim).where('value', '=', value).executeTakeFirst())?.customerUserId
  const found = await find()
  if (found) return found
  try {
    return await db.transaction().execute(async (trx) => {
      const customerUserId = randomUUID()
      const now = clock.now()
      // the provider's e-mail, when it vouches for it and no other user has it
      const email = claims['email_verified'] === true && typeof claims['email'] === 'string' && claims['email'].length <= 254 ? claims['email'] : null
      const taken = email !== null && !!(await trx.selectFrom('customerUsers').select('customerUserId').where('tenantId', '=', tenantId)
        .where(({ eb, fn }) => eb(fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst())
      await trx.insertInto('customerUsers').values({ tenantId, customerUserId, kind: idp.customerKind, name: displayName(claims),
        email: taken ? null : email, phone: null, passwordHash: null, emailConfirmedAt: email && !taken ? now : null, phoneConfirmedAt: null, disabledAt: null }).execute()
      await trx.insertInto('customerIdentities').values({ tenantId, claim: idp.subjectClaim, value, customerUserId, issuer: idp.issuer, createdAt: now }).execute()
      await audit(trx, tenantId, { actor: `customer:${customerUserId}`, action: 'customer_user.created_by_identity_provider', subject: customerUserId,
        detail: { issuer: idp.issuer, claim: idp.subjectClaim } }, clock)
      return customerUserId
    })
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      const winner = await find()
      if (winner) return winner
    }
    throw err
  }
}

/** Whether the tenant's identity provider vouched for the user (linking then needs no e-mail/phone confirmation). */
export async function identityVerified(db: Db, tenantId: string, customerUserId: string): Promise<boolean> {
  return !!(await db.selectFrom('customerIdentities').select('claim').where('tenantId', '=', tenantId).where('customerUserId', '=', customerUserId).executeTakeFirst())
}
