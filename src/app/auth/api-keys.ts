// Per-tenant API keys: `aql_<tenant>_<key>_<secret>`. Only a SHA-256 of the
// 256-bit random secret is stored (a slow hash adds nothing for secrets of
// that entropy); the full key is shown once, at creation.
import { sql } from 'kysely'
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { Db } from '../../db/database.ts'
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

/** Verified keys are remembered briefly so hot read paths skip the lookup (a monotonic TTL, not a date). */
const CACHE_MS = 30_000
const cache = new Map<string, { principal: ApiKeyPrincipal; until: number }>()

export async function verifyApiKey(db: Db, presented: string, now = performance.now()): Promise<ApiKeyPrincipal | undefined> {
  const cached = cache.get(presented)
  if (cached && cached.until > now) return cached.principal
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
  if (cache.size > 10_000) cache.clear()
  cache.set(presented, { principal, until: now + CACHE_MS })
  return principal
}

export function forgetCachedKeys(): void {
  cache.clear()
}
