// Secrets of customer users (issue 10 §1): passwords with argon2id (OWASP's
// first choice; @node-rs/argon2 ships prebuilt binaries inside the npm
// package, no compiler needed); link tokens, codes and refresh tokens are
// random, stored as SHA-256 only (a slow hash adds nothing to 128+ random
// bits; a 6-digit code is protected by its attempt limit and expiry instead)
// and compared in constant time.
import { hash, verify } from '@node-rs/argon2'
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'

/** OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1. */
const ARGON2 = { algorithm: 2 /* Algorithm.Argon2id, a const enum */, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2)

/** A hash of no one's password: sign-in with an unknown e-mail verifies against it, so both answers take the same time. */
let dummy: Promise<string> | undefined
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  const h = stored ?? await (dummy ??= hashPassword(randomBytes(16).toString('hex')))
  const ok = await verify(h, password).catch(() => false)
  return stored !== undefined && ok
}

export const digest = (secret: string): string => createHash('sha256').update(secret).digest('hex')

/** Constant-time comparison of two hex digests. */
export function sameDigest(storedHex: string, presented: string): boolean {
  const a = Buffer.from(storedHex, 'hex')
  const b = Buffer.from(digest(presented), 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}

export const randomSecret = (): string => randomBytes(32).toString('base64url')

/** A 6-digit code for a phone (seed 000 step 4), uniform over 000000–999999. */
export const sixDigitCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0')

const hex = (uuid: string) => uuid.replaceAll('-', '')
const uuidOf = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`

/** `<prefix>_<id>_<secret>`: the id finds the row, the secret is checked against its hash. */
export const composeToken = (prefix: string, id: string, secret: string): string => `${prefix}_${hex(id)}_${secret}`

export function splitToken(prefix: string, token: string): { id: string; secret: string } | undefined {
  const m = new RegExp(`^${prefix}_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$`).exec(token)
  return m ? { id: uuidOf(m[1]!), secret: m[2]! } : undefined
}
