// The reads of service requests: a request with its attachments, history and
// notes, assembled for one request or a page of them in four queries.
import type { Db } from '../../db/database.ts'
import { REQUEST_RULES, requiredDocuments, type RequestStatus, type RequestType } from '../../core/requests/request-rules.ts'
import { decodeCursor, pageFrom } from '../pagination.ts'
import { notFound } from '../errors.ts'
import { shownActor, toAttachmentDto, type ServiceRequestDto } from './request-dto.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The account a request hangs from (customer access, issue 10 §4); unknown → undefined (404). */
export async function accountOfRequest(db: Db, tenantId: string, requestId: string): Promise<string | undefined> {
  if (!UUID.test(requestId)) return undefined
  return (await db.selectFrom('serviceRequests').select('accountId').where('tenantId', '=', tenantId).where('requestId', '=', requestId).executeTakeFirst())?.accountId
}

export async function accountExists(db: Db, tenantId: string, accountId: string): Promise<boolean> {
  return !!(await db.selectFrom('accounts').select('accountId').where('tenantId', '=', tenantId).where('accountId', '=', accountId).executeTakeFirst())
}

export async function accountOfAttachment(db: Db, tenantId: string, attachmentId: string): Promise<string | undefined> {
  if (!UUID.test(attachmentId)) return undefined
  return (await db.selectFrom('requestAttachments').select('accountId').where('tenantId', '=', tenantId).where('attachmentId', '=', attachmentId).executeTakeFirst())?.accountId
}


/** Requests by id, with what hangs from them; `customerView` hides internal notes. */
async function assemble(db: Db, tenantId: string, rows: RequestRow[], customerView: boolean): Promise<ServiceRequestDto[]> {
  if (!rows.length) return []
  const ids = rows.map((r) => r.requestId)
  const [attachments, history, notes] = await Promise.all([
    db.selectFrom('requestAttachments').select(['attachmentId', 'accountId', 'requestId', 'documentType', 'fileName', 'contentType', 'sizeBytes', 'sha256', 'createdAt'])
      .where('tenantId', '=', tenantId).where('requestId', 'in', ids).orderBy('attachmentId').execute(),
    db.selectFrom('serviceRequestHistory').selectAll().where('tenantId', '=', tenantId).where('requestId', 'in', ids).orderBy('requestId').orderBy('seq').execute(),
    db.selectFrom('serviceRequestNotes').selectAll().where('tenantId', '=', tenantId).where('requestId', 'in', ids)
      .$if(customerView, (q) => q.where('visibility', '=', 'customer')).orderBy('noteId').execute(),
  ])
  return rows.map((r) => {
    const type = r.type as RequestType
    const details = r.details as Record<string, unknown>
    const trace = r.feeTrace as { rule: string; formula: string; inputs: Record<string, unknown>; waterFee: string; wastewaterFee: string } | null
    return {
      id: r.requestId, accountId: r.accountId, type, status: r.status as RequestStatus, details,
      requiredDocuments: [...requiredDocuments(type, details.scope as 'other_property' | undefined)],
      settledFirst: REQUEST_RULES[type].settledFirst,
      fee: r.fee === null || !trace ? null : { amount: r.fee, currency: r.currency, waterFee: trace.waterFee, wastewaterFee: trace.wastewaterFee,
        trace: { rule: trace.rule, formula: trace.formula, inputs: trace.inputs }, postedOn: r.postedOn ?? null },
      attachments: attachments.filter((a) => a.requestId === r.requestId).map(toAttachmentDto),
      history: history.filter((h) => h.requestId === r.requestId).map((h) => ({ from: h.fromStatus as RequestStatus | null, to: h.toStatus as RequestStatus,
        at: h.changedAt.toISOString(), by: shownActor(h.changedBy), note: h.note })),
      notes: notes.filter((n) => n.requestId === r.requestId).map((n) => ({ id: n.noteId, visibility: n.visibility, body: n.body, at: n.createdAt.toISOString(), by: shownActor(n.author) })),
      outcome: (r.outcome as Record<string, unknown> | null) ?? null,
      createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
    }
  })
}

function baseQuery(db: Db, tenantId: string) {
  return db.selectFrom('serviceRequests as r')
    .leftJoin('serviceRequestFees as f', (j) => j.onRef('f.tenantId', '=', 'r.tenantId').onRef('f.requestId', '=', 'r.requestId'))
    .innerJoin('tenants as t', 't.tenantId', 'r.tenantId')
    .select(['r.requestId', 'r.accountId', 'r.type', 'r.status', 'r.details', 'r.fee', 'r.feeTrace', 'r.outcome', 'r.createdAt', 'r.updatedAt', 'f.postedOn', 't.currency'])
    .where('r.tenantId', '=', tenantId)
}

export async function getRequest(db: Db, tenantId: string, requestId: string, customerView: boolean): Promise<ServiceRequestDto> {
  if (!UUID.test(requestId)) throw notFound('service request')
  const row = await baseQuery(db, tenantId).where('r.requestId', '=', requestId).executeTakeFirst()
  if (!row) throw notFound('service request')
  return (await assemble(db, tenantId, [row], customerView))[0]!
}

export interface ListFilters { limit: number; cursor?: string | undefined; accountId?: string | undefined; status?: string | undefined; type?: string | undefined }

/** A page of requests, oldest first (uuidv7 order); `accounts` limits a customer to its own. */
export async function listRequests(db: Db, tenantId: string, f: ListFilters, accounts: readonly string[] | undefined) {
  const after = decodeCursor(f.cursor)
  if (accounts && accounts.length === 0) return { items: [], nextCursor: null }
  let q = baseQuery(db, tenantId)
  if (accounts) q = q.where('r.accountId', 'in', [...accounts])
  if (f.accountId) q = q.where('r.accountId', '=', f.accountId)
  if (f.status) q = q.where('r.status', '=', f.status)
  if (f.type) q = q.where('r.type', '=', f.type)
  if (after) q = q.where('r.requestId', '>', after)
  const rows = await q.orderBy('r.requestId').limit(f.limit + 1).execute()
  const page = pageFrom(rows, f.limit, (r) => r.requestId, (r) => r)
  return { items: await assemble(db, tenantId, page.items, accounts !== undefined), nextCursor: page.nextCursor }
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number]
