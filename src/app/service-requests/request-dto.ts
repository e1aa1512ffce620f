// How a service request reads over REST and GraphQL. A customer sees the
// notes staff marked for it and who acted as "customer" or "staff", never an
// API key's id.
import { z } from 'zod'
import { DOCUMENT_TYPES, REQUEST_STATUSES, REQUEST_TYPES, type DocumentType } from '../../core/requests/request-rules.ts'
import type { Principal } from '../auth/principal.ts'

export const attachmentDto = z.object({
  id: z.uuid(), accountId: z.uuid(), requestId: z.uuid().nullable(), documentType: z.enum(DOCUMENT_TYPES), fileName: z.string(), contentType: z.string(),
  sizeBytes: z.number().int(), sha256: z.string(), uploadedAt: z.string(), url: z.string().describe('GET it to download the file'),
}).meta({ id: 'RequestAttachment' })
export type AttachmentDto = z.infer<typeof attachmentDto>

export const feeDto = z.object({
  amount: z.string().describe('water fee, plus the wastewater fee when connected to the sewer'),
  currency: z.string(),
  waterFee: z.string(), wastewaterFee: z.string(),
  trace: z.object({ rule: z.string(), formula: z.string(), inputs: z.record(z.string(), z.unknown()) }),
  postedOn: z.string().nullable().describe('the day the fee was posted to the account\'s ledger (on awaiting_payment); null before'),
}).meta({ id: 'ServiceRequestFee' })

export const serviceRequestDto = z.object({
  id: z.uuid(), accountId: z.uuid(), type: z.enum(REQUEST_TYPES), status: z.enum(REQUEST_STATUSES),
  details: z.record(z.string(), z.unknown()).describe('the type\'s fields as submitted'),
  requiredDocuments: z.array(z.enum(DOCUMENT_TYPES)),
  settledFirst: z.boolean().describe('seed 002: the account had to owe nothing when the request was made'),
  fee: feeDto.nullable(),
  attachments: z.array(attachmentDto),
  history: z.array(z.object({ from: z.enum(REQUEST_STATUSES).nullable(), to: z.enum(REQUEST_STATUSES), at: z.string(), by: z.enum(['customer', 'staff']), note: z.string().nullable() })),
  notes: z.array(z.object({ id: z.uuid(), visibility: z.enum(['customer', 'internal']), body: z.string(), at: z.string(), by: z.enum(['customer', 'staff']) })),
  outcome: z.record(z.string(), z.unknown()).nullable().describe('what completing it did (a moving notice: the closed and the opened account, the handover readings)'),
  createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'ServiceRequest' })
export type ServiceRequestDto = z.infer<typeof serviceRequestDto>

export const serviceRequestPage = z.object({ items: z.array(serviceRequestDto), nextCursor: z.string().nullable() }).meta({ id: 'ServiceRequestPage' })

/** Who did it, as stored: never shown as such to customers. */
export const actorOf = (p: Principal) => (p.kind === 'customer' ? `customer:${p.customerUserId}` : `api_key:${p.keyId}`)
export const shownActor = (stored: string): 'customer' | 'staff' => (stored.startsWith('customer:') ? 'customer' : 'staff')

export const attachmentUrl = (id: string) => `/v1/request-attachments/${id}`

export function toAttachmentDto(r: { attachmentId: string; accountId: string; requestId: string | null; documentType: string; fileName: string; contentType: string;
  sizeBytes: number; sha256: string; createdAt: Date }): AttachmentDto {
  return { id: r.attachmentId, accountId: r.accountId, requestId: r.requestId, documentType: r.documentType as DocumentType, fileName: r.fileName,
    contentType: r.contentType, sizeBytes: r.sizeBytes, sha256: r.sha256, uploadedAt: r.createdAt.toISOString(), url: attachmentUrl(r.attachmentId) }
}
