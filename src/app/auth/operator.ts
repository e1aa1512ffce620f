// The platform operator credential (issue 10 §7): one bearer token
// `aqlop_<43 base64url>` (256 random bits) whose SHA-256 is configured
// (AQUALEDGER_OPERATOR_TOKEN_SHA256); the token itself is never stored. As
// with API keys, a slow hash adds nothing for a secret of that entropy; the
// comparison is constant-time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export const OPERATOR_TOKEN_PREFIX = 'aqlop_'
const OPERATOR_TOKEN = /^aqlop_[A-Za-z0-9_-]{43}$/

/** The configured credential: the digest to compare against (undefined: no operator). */
export interface OperatorCredential { readonly sha256: Buffer }

export function operatorCredential(sha256Hex: string | undefined): OperatorCredential | undefined {
  return sha256Hex ? { sha256: Buffer.from(sha256Hex, 'hex') } : undefined
}

export const operatorTokenDigest = (token: string): string => createHash('sha256').update(token).digest('hex')

/** Whether a presented bearer token is the operator's. */
export function isOperatorToken(credential: OperatorCredential | undefined, presented: string): boolean {
  if (!credential || !OPERATOR_TOKEN.test(presented)) return false
  const presentedDigest = createHash('sha256').update(presented).digest()
  return presentedDigest.length === credential.sha256.length && timingSafeEqual(presentedDigest, credential.sha256)
}

/** A new operator token and the digest to configure (npm run operator:token). */
export function newOperatorToken(): { token: string; sha256: string } {
  const token = `${OPERATOR_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
  return { token, sha256: operatorTokenDigest(token) }
}
