// The product's own signing keys for customer access tokens (issue 10 §2):
// Ed25519 (EdDSA), a `kid` in every token header, several keys live at once
// so a rotation never invalidates tokens already issued; the public halves
// are published at /.well-known/jwks.json so portals verify tokens themselves.
// Platform data, shared by every tenant (the tenant is a claim: `tid`).
// The private JWK is stored in the database; wrapping it with a KMS key is
// left to the deployment (noted in the issue's remaining work).
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose'
import { randomUUID } from 'node:crypto'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'

const ALG = 'EdDSA'
export const ACCESS_TOKEN_ISSUER = 'aqualedger'
export const ACCESS_TOKEN_AUDIENCE = 'aqualedger:customer'
/** issue 10 §2: short-lived access tokens */
export const ACCESS_TOKEN_SECONDS = 15 * 60
/** a retired key stays published this long, so tokens it signed verify until they expire */
const RETIRED_PUBLISHED_SECONDS = 2 * ACCESS_TOKEN_SECONDS

type Key = Awaited<ReturnType<typeof importJWK>>
/**
 * Public keys by kid, with when they stop verifying. Remembered for a minute
 * (a monotonic TTL): a rotation in another process is seen within it, and a
 * retired key's end is exact either way (it is compared with the clock).
 */
const CACHE_MS = 60_000
const publicKeys = new Map<string, { key: Key; until: Date | null; cachedUntil: number }>()

async function createSigningKey(db: Db, clock: Clock): Promise<{ kid: string; privateJwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true, crv: 'Ed25519' })
  const kid = randomUUID()
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' }
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALG }
  await db.insertInto('signingKeys').values({ kid, alg: ALG, publicJwk: JSON.stringify(publicJwk), privateJwk: JSON.stringify(privateJwk), createdAt: clock.now(), retiredAt: null }).execute()
  return { kid, privateJwk }
}

/** The newest live key; the first sign-in of a fresh installation creates one. */
async function currentKey(db: Db, clock: Clock): Promise<{ kid: string; privateJwk: JWK }> {
  const row = await db.selectFrom('signingKeys').select(['kid', 'privateJwk']).where('retiredAt', 'is', null)
    .orderBy('createdAt', 'desc').orderBy('kid').limit(1).executeTakeFirst()
  return row ? { kid: row.kid, privateJwk: row.privateJwk as JWK } : createSigningKey(db, clock)
}

/**
 * Rotate (issue 10 §2; POST /v1/platform/signing-keys/rotate, npm run keys:rotate):
 * a new key signs from now on; the old ones are retired (they sign no more)
 * but stay published, and verify, until every token they signed has expired.
 * One transaction: there is never a moment with no signing key.
 */
export async function rotateSigningKey(db: Db, clock: Clock): Promise<{ kid: string; retired: string[] }> {
  const rotated = await db.transaction().execute(async (trx) => {
    const retired = await trx.updateTable('signingKeys').set({ retiredAt: clock.now() }).where('retiredAt', 'is', null).returning('kid').execute()
    return { kid: (await createSigningKey(trx, clock)).kid, retired: retired.map((r) => r.kid) }
  })
  forgetCachedSigningKeys()
  return rotated
}

/** Until when a key retired at `retiredAt` stays published and verifies its tokens. */
const publishedUntil = (retiredAt: Date | null): Date | null => retiredAt && new Date(retiredAt.getTime() + RETIRED_PUBLISHED_SECONDS * 1000)

export async function publishedJwks(db: Db, clock: Clock): Promise<{ keys: JWK[] }> {
  const since = new Date(clock.now().getTime() - RETIRED_PUBLISHED_SECONDS * 1000)
  const rows = await db.selectFrom('signingKeys').select('publicJwk')
    .where((eb) => eb.or([eb('retiredAt', 'is', null), eb('retiredAt', '>', since)])).orderBy('createdAt', 'desc').execute()
  return { keys: rows.map((r) => r.publicJwk as JWK) }
}

/** The keys still published, for the operator: which one signs, and until when the retired ones verify. */
export async function signingKeyStates(db: Db, clock: Clock) {
  const since = new Date(clock.now().getTime() - RETIRED_PUBLISHED_SECONDS * 1000)
  const rows = await db.selectFrom('signingKeys').select(['kid', 'alg', 'createdAt', 'retiredAt'])
    .where((eb) => eb.or([eb('retiredAt', 'is', null), eb('retiredAt', '>', since)])).orderBy('createdAt', 'desc').orderBy('kid').execute()
  return rows.map((r, i) => ({ kid: r.kid, alg: r.alg, createdAt: r.createdAt.toISOString(), retiredAt: r.retiredAt?.toISOString() ?? null,
    publishedUntil: publishedUntil(r.retiredAt)?.toISOString() ?? null,
    // currentKey() signs with the newest live key
    signing: r.retiredAt === null && rows.findIndex((x) => x.retiredAt === null) === i }))
}

export interface AccessClaims { tenantId: string; customerUserId: string; sessionId: string }

export async function signAccessToken(db: Db, claims: AccessClaims, clock: Clock): Promise<{ token: string; expiresIn: number }> {
  const key = await currentKey(db, clock)
  const iat = Math.floor(clock.now().getTime() / 1000)
  const token = await new SignJWT({ tid: claims.tenantId, sid: claims.sessionId })
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'at+jwt' })
    .setIssuer(ACCESS_TOKEN_ISSUER).setAudience(ACCESS_TOKEN_AUDIENCE).setSubject(claims.customerUserId)
    .setIssuedAt(iat).setExpirationTime(iat + ACCESS_TOKEN_SECONDS)
    .sign(await importJWK(key.privateJwk, ALG))
  return { token, expiresIn: ACCESS_TOKEN_SECONDS }
}

/** The key of a kid while it is published (live, or retired less than RETIRED_PUBLISHED_SECONDS ago). */
async function publicKey(db: Db, kid: string, clock: Clock, now = performance.now()): Promise<Key | undefined> {
  let entry = publicKeys.get(kid)
  if (!entry || entry.cachedUntil <= now) {
    const row = await db.selectFrom('signingKeys').select(['publicJwk', 'retiredAt']).where('kid', '=', kid).executeTakeFirst()
    if (!row) return undefined
    entry = { key: entry?.key ?? await importJWK(row.publicJwk as JWK, ALG), until: publishedUntil(row.retiredAt), cachedUntil: now + CACHE_MS }
    if (publicKeys.size > 1000) publicKeys.clear()
    publicKeys.set(kid, entry)
  }
  return entry.until === null || entry.until > clock.now() ? entry.key : undefined
}

/** Forget the remembered keys (a rotation in this process: its retirements count at once). */
export function forgetCachedSigningKeys(): void {
  publicKeys.clear()
}

/**
 * Tokens whose signature verified, with their claims, expiry and key: a
 * token's content cannot change, so the EdDSA check (the costliest step of a
 * customer's request, bench:balance) runs once per token. Expiry and the
 * key's publication are still checked on every use, against the clock.
 */
const verified = new Map<string, { claims: AccessClaims; expMs: number; kid: string }>()
const VERIFIED_MAX = 50_000

/** The claims of a valid, unexpired (by the injected clock) access token, or undefined. */
export async function verifyAccessToken(db: Db, token: string, clock: Clock): Promise<AccessClaims | undefined> {
  const known = verified.get(token)
  if (known) {
    if (known.expMs <= clock.now().getTime() || !(await publicKey(db, known.kid, clock))) return undefined
    return known.claims
  }
  const claims = await verifySignature(db, token, clock)
  if (claims) {
    if (verified.size >= VERIFIED_MAX) verified.clear()
    verified.set(token, claims)
  }
  return claims?.claims
}

async function verifySignature(db: Db, token: string, clock: Clock): Promise<{ claims: AccessClaims; expMs: number; kid: string } | undefined> {
  try {
    let kid: string | undefined
    const { payload } = await jwtVerify(token, async (header) => {
      kid = header.kid
      const key = header.kid ? await publicKey(db, header.kid, clock) : undefined
      if (!key) throw new Error('unknown kid')
      return key
    }, { issuer: ACCESS_TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE, algorithms: [ALG], typ: 'at+jwt', currentDate: clock.now(), clockTolerance: 0 })
    const claims = claimsOf(payload)
    return claims && typeof payload.exp === 'number' && kid ? { claims, expMs: payload.exp * 1000, kid } : undefined
  } catch {
    return undefined
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
function claimsOf(p: JWTPayload): AccessClaims | undefined {
  const { sub, tid, sid } = p as JWTPayload & { tid?: unknown; sid?: unknown }
  if (typeof sub !== 'string' || typeof tid !== 'string' || typeof sid !== 'string') return undefined
  if (![sub, tid, sid].every((v) => UUID.test(v))) return undefined
  return { tenantId: tid, customerUserId: sub, sessionId: sid }
}
