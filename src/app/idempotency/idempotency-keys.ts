// Idempotency-Key on REST POSTs and GraphQL mutations: the same key and
// request replay the stored answer; the same key with another request is
// refused; the key is written in the same transaction as the effect, so a
// crash cannot keep one without the other.
import { createHash } from 'node:crypto'
import { sql, type Transaction } from 'kysely'
import type { DB } from '../../db/schema.ts'
import type { Db } from '../../db/database.ts'
import { AppError, validationError } from '../errors.ts'

export interface StoredResponse {
  statusCode: number
  body: unknown
}

const KEY_RULE = /^[\x21-\x7e]{1,255}$/

export function readIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined
  const value = Array.isArray(header) ? header[0] : header
  if (value === undefined || !KEY_RULE.test(value)) {
    throw validationError('Idempotency-Key must be 1-255 visible ASCII characters', [{ path: 'header.Idempotency-Key', message: 'invalid' }])
  }
  return value
}

export function requestHash(method: string, path: string, body: unknown): string {
  const h = createHash('sha256').update(method).update('\0').update(path).update('\0')
  if (Buffer.isBuffer(body)) h.update(body)
  else h.update(JSON.stringify(body ?? null))
  return h.digest('hex')
}

export async function findStored(db: Db, tenantId: string, key: string, hash: string): Promise<StoredResponse | undefined> {
  const row = await db.selectFrom('idempotencyKeys').select(['requestHash', 'statusCode', 'responseBody'])
    .where('tenantId', '=', tenantId).where('idempotencyKey', '=', key).executeTakeFirst()
  if (!row) return undefined
  if (row.requestHash !== hash) {
    throw new AppError('idempotency_key_reused', 422, 'this Idempotency-Key was used with a different request; use a new key')
  }
  return { statusCode: row.statusCode, body: row.responseBody }
}

/** Record the key inside the write's transaction; false when another request got there first. */
export async function recordKey(trx: Transaction<DB>, tenantId: string, key: string, method: string, path: string,
  hash: string, response: StoredResponse): Promise<boolean> {
  const res = await trx.insertInto('idempotencyKeys').values({
    tenantId, idempotencyKey: key, method, path, requestHash: hash, statusCode: response.statusCode,
    responseBody: sql`${JSON.stringify(response.body ?? null)}::jsonb`,
  }).onConflict((oc) => oc.doNothing()).executeTakeFirst()
  return (res.numInsertedOrUpdatedRows ?? 0n) > 0n
}
