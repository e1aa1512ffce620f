// Per-tenant API keys: `aql_<tenant>_<key>_<secret>`. Only a SHA-256 of the
// 256-bit random secret is stored (a slow hash adds nothing for secrets of
// that entropy); the full key is shown once, at creation.
import { sql } from 'kysely'
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { Db } from '../../db/database.ts'
import { perDbCache } from '../../db/change-listener.ts'
import { SCOPES, type ApiKeyPrincipal, type Scope } from './principal.ts'

const KEY_PATTERN = /^aql_([0-9a-f]{32})_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/

const hex = (uuid: string) => uuid.replaceAll('-', '')
const uuidOf = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
const digest = (secret: string) => createHash('sha256').update(secret).digest('hex')

export interface CreatedKey {
  keyId: string
  name: string
  scopes: Scope[]
  /** shown once; never stored */
  apiKey: string
}

export async function createApiKey(db: Db, tenantId: string, name: string, scopes: Scope[]): Promise<CreatedKey> {
  const keyId = randomUUID()
  const secret = randomBytes(32).toString('base64url')
  await db.insertInto('apiKeys').values({ tenantId, keyId, name, secretHash: digest(secret), scopes }).execute()
  return { keyId, name, scopes, apiKey: `aql_${hex(tenantId)}_${hex(keyId)}_${secret}` }
}

export async function revokeApiKey(db: Db, tenantId: string, keyId: string): Promise<boolean> {
  const res = await db.updateTable('apiKeys').set({ revokedAt: sql<Date>`now()` })
    .where('tenantId', '=', tenantId).where('keyId', '=', keyId).where('revokedAt', 'is', null)
    .executeTakeFirst()
  return res.numUpdatedRows > 0n
}

/**
 * Verified keys are remembered per process so hot read paths skip the lookup,
 * but only while this process hears every change to them: migration 0161's
 * trigger NOTIFYs `aql_api_keys` after a key is revoked, changed or deleted,
 * whoever wrote it (another process, `npm run keys:rotate`, psql), and every
 * process forgets its keys (src/db/change-listener.ts). Without a live
 * listener (not yet connected, lost, a transaction's or a script's Db)
 * nothing is remembered; a monotonic TTL bounds what a lost notice could
 * cost; a lookup that raced with a change is not kept (the epoch).
 */
export const API_KEYS_CHANNEL = 'aql_api_keys'
const CACHE_MS = 30_000
const MAX_KEYS = 10_000

class ApiKeyCache {
  readonly keys = new Map<string, { principal: ApiKeyPrincipal; until: number }>()
  epoch = 0
  live = false
  clear(): void { this.epoch++; this.keys.clear() }
  setLive(on: boolean): void { this.clear(); this.live = on }
}

const caches = perDbCache(() => new ApiKeyCache(), API_KEYS_CHANNEL, (c) => c.clear(), (c, on) => c.setLive(on))

/** Whether this Db's verified keys are remembered (its change listener is live). */
export function apiKeysRemembered(db: Db): boolean {
  return caches.of(db).live
}

export async function verifyApiKey(db: Db, presented: string, now = performance.now()): Promise<ApiKeyPrincipal | undefined> {
  const cache = caches.of(db)
  const cached = cache.live ? cache.keys.get(presented) : undefined
  if (cached && cached.until > now) return cached.principal
  const epoch = cache.epoch
  const m = KEY_PATTERN.exec(presented)
  if (!m) return undefined
  const tenantId = uuidOf(m[1]!)
  const keyId = uuidOf(m[2]!)
  const row = await db.selectFrom('apiKeys').select(['secretHash', 'scopes'])
    .where('tenantId', '=', tenantId).where('keyId', '=', keyId).where('revokedAt', 'is', null)
    .executeTakeFirst()
  if (!row) return undefined
  const a = Buffer.from(row.secretHash, 'hex')
  const b = Buffer.from(digest(m[3]!), 'hex')
  if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined
  const principal: ApiKeyPrincipal = { kind: 'api_key', tenantId, keyId, scopes: row.scopes.filter((s): s is Scope => (SCOPES as readonly string[]).includes(s)) }
  if (cache.live && epoch === cache.epoch) {
    if (cache.keys.size >= MAX_KEYS) cache.keys.clear()
    cache.keys.set(presented, { principal, until: now + CACHE_MS })
  }
  return principal
}

/** This process revoked a key: every Db's remembered keys go now (the notice after the commit does it again everywhere). */
export function forgetCachedKeys(): void {
  caches.each((c) => c.clear())
}
