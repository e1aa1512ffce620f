// The documents of a request (seed 002: identity card, deed, permit, bills,
// form QF7201), uploaded as the raw file (PDF, JPEG or PNG, at most
// ATTACHMENT_MAX_BYTES), kept in the database (bytea) with their SHA-256, and
// downloadable by whoever may read the account.
import { createHash } from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../../db/database.ts'
import type { Principal } from '../auth/principal.ts'
import { AppError, notFound, unprocessable, validationError } from '../errors.ts'
import { actorOf, toAttachmentDto, type AttachmentDto } from './request-dto.ts'

export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
/** documents uploaded and not yet cited by a request, per account */
export const MAX_UNCLAIMED = 30

/** The accepted types and the bytes each file starts with: a file is what it says it is. */
export const ATTACHMENT_TYPES: Record<string, { magic: number[]; ext: string }> = {
  'application/pdf': { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], ext: 'pdf' }, // %PDF-
  'image/jpeg': { magic: [0xff, 0xd8, 0xff], ext: 'jpg' },
  'image/png': { magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], ext: 'png' },
}

async function readAll(body: unknown, limit: number): Promise<Buffer> {
  if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return Buffer.alloc(0)
  const parts: Buffer[] = []
  let size = 0
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    size += b.length
    if (size > limit) throw new AppError('payload_too_large', 413, `an attachment is at most ${limit} bytes`)
    parts.push(b)
  }
  return Buffer.concat(parts)
}

export async function uploadAttachment(db: Db, principal: Principal, accountId: string, q: { documentType: string; fileName?: string | undefined },
  contentType: string | undefined, body: unknown): Promise<AttachmentDto> {
  const tenantId = principal.tenantId
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  const kind = ATTACHMENT_TYPES[type]
  if (!kind) throw new AppError('unsupported_media_type', 415, `an attachment is ${Object.keys(ATTACHMENT_TYPES).join(', ')}`)
  const content = await readAll(body, ATTACHMENT_MAX_BYTES)
  if (content.length === 0) throw validationError('the attachment is empty', [{ path: 'body', message: 'send the file as the request body' }])
  if (!kind.magic.every((b, i) => content[i] === b)) {
    throw unprocessable('attachment_type_mismatch', `the file is not a ${type} (its first bytes say otherwise)`, [{ path: 'body', message: `not a ${type}` }])
  }
  const account = await db.selectFrom('accounts').select('accountId').where('tenantId', '=', tenantId).where('accountId', '=', accountId).executeTakeFirst()
  if (!account) throw notFound('account')
  // Documents wait for a request; a customer cannot fill the database with files no request cites.
  const waiting = await db.selectFrom('requestAttachments').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenantId', '=', tenantId).where('accountId', '=', accountId).where('requestId', 'is', null).executeTakeFirstOrThrow()
  if (Number(waiting.n) >= MAX_UNCLAIMED) {
    throw unprocessable('too_many_attachments', `${MAX_UNCLAIMED} documents of this account wait for a request; cite them in a request first`)
  }
  const row = await db.insertInto('requestAttachments').values({
    tenantId, attachmentId: uuidv7(), accountId, requestId: null, documentType: q.documentType,
    fileName: q.fileName ?? `${q.documentType}.${kind.ext}`, contentType: type, sizeBytes: content.length,
    sha256: createHash('sha256').update(content).digest('hex'), content, uploadedBy: actorOf(principal),
  }).returning(['attachmentId', 'accountId', 'requestId', 'documentType', 'fileName', 'contentType', 'sizeBytes', 'sha256', 'createdAt']).executeTakeFirstOrThrow()
  return toAttachmentDto(row)
}

export async function downloadAttachment(db: Db, tenantId: string, attachmentId: string): Promise<{ content: Buffer; contentType: string; fileName: string }> {
  const r = await db.selectFrom('requestAttachments').select(['content', 'contentType', 'fileName']).where('tenantId', '=', tenantId).where('attachmentId', '=', attachmentId).executeTakeFirst()
  if (!r) throw notFound('attachment')
  return r
}
