// A customer or staff makes a service request (issue 12 §4): the type's
// fields (zod, request-input.ts), its documents among the uploaded
// attachments, the settled account for the types seed 002 says need it, and
// the connection fee computed now so the customer sees it before paying.
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { dec } from '../../core/shared/decimal.ts'
import { missingDocuments, REQUEST_RULES, requiredDocuments, DOCUMENT_LABELS } from '../../core/requests/request-rules.ts'
import type { Db } from '../../db/database.ts'
import type { Principal } from '../auth/principal.ts'
import type { Clock } from '../clock.ts'
import { conflict, notFound, unprocessable } from '../errors.ts'
import { inTransaction } from '../transaction.ts'
import { emitEvents } from '../events/events.ts'
import { accountBalance } from '../ledger/balance.ts'
import { quoteConnectionFee } from './connection-fee.ts'
import { actorOf, type ServiceRequestDto } from './request-dto.ts'
import type { CreateRequestInput } from './request-input.ts'
import { getRequest } from './requests.queries.ts'

/** Seed 002 "تسويه حساب": refused while the account owes anything, naming the debt. */
async function requireSettled(db: Db, tenantId: string, accountId: string, type: string, clock: Clock): Promise<void> {
  const b = await accountBalance(db, tenantId, accountId, clock)
  if (b.position !== 'debt') return
  throw unprocessable('account_not_settled',
    `the account owes ${b.amountDue} ${b.currency}${b.dueOn ? ` (oldest unpaid bill due ${b.dueOn})` : ''}; a ${type.replaceAll('_', ' ')} request is taken once the account is settled (seed 002)`,
    [{ path: 'body.accountId', message: `debt ${b.amountDue} ${b.currency}` }])
}

export async function createRequest(db: Db, principal: Principal, input: CreateRequestInput, clock: Clock): Promise<ServiceRequestDto> {
  const tenantId = principal.tenantId
  const { accountId, type, attachments, ...fields } = input
  const rule = REQUEST_RULES[type]
  const requestId = await inTransaction(db, async (trx) => {
    const account = await trx.selectFrom('accounts').select(['accountId', 'customerId', 'premisesId', 'closedOn'])
      .where('tenantId', '=', tenantId).where('accountId', '=', accountId).forUpdate().executeTakeFirst()
    if (!account) throw notFound('account')
    if (rule.settledFirst) await requireSettled(trx, tenantId, accountId, type, clock)

    // The documents: uploaded to this account and not yet part of another request.
    const found = attachments.length ? await trx.selectFrom('requestAttachments').select(['attachmentId', 'documentType', 'requestId'])
      .where('tenantId', '=', tenantId).where('accountId', '=', accountId).where('attachmentId', 'in', attachments).execute() : []
    const unusable = attachments.map((id, i) => ({ id, i, row: found.find((f) => f.attachmentId === id) })).filter((a) => !a.row || a.row.requestId !== null)
    if (unusable.length) {
      throw unprocessable('attachment_not_found', 'an attachment is unknown, of another account, or already part of another request',
        unusable.map((u) => ({ path: `body.attachments.${u.i}`, message: u.row ? 'already part of another request' : 'no such attachment on this account' })))
    }
    const required = requiredDocuments(type, (fields as { scope?: 'other_property' | 'same_property' }).scope)
    const missing = missingDocuments(required, found.map((f) => f.documentType))
    if (missing.length) {
      throw unprocessable('documents_missing', `a ${type.replaceAll('_', ' ')} request needs ${missing.map((d) => DOCUMENT_LABELS[d]).join('; ')} (${rule.source}); upload them and cite their ids in attachments`,
        missing.map((d) => ({ path: 'body.attachments', message: `missing ${d}: ${DOCUMENT_LABELS[d]}` })))
    }
    if (input.type === 'extra_pickup') {
      const p = await trx.selectFrom('premises').select('premisesId').where('tenantId', '=', tenantId).where('premisesId', '=', input.premisesId)
        .where('customerId', '=', account.customerId).executeTakeFirst()
      if (!p) throw unprocessable('unknown_premises', 'no such address of this account\'s customer', [{ path: 'body.premisesId', message: 'unknown premises' }])
    }

    let fee: string | null = null
    let feeTrace: Record<string, unknown> | null = null
    if (rule.connectionFee && 'connection' in input) {
      const q = await quoteConnectionFee(trx, tenantId, input.connection)
      fee = dec(q.amount).toFixed()
      feeTrace = { ...q.trace, waterFee: q.waterFee, wastewaterFee: q.wastewaterFee }
    }
    const id = uuidv7()
    const by = actorOf(principal)
    await trx.insertInto('serviceRequests').values({ tenantId, requestId: id, accountId, type, details: JSON.stringify(fields) as never,
      fee, feeTrace: feeTrace ? JSON.stringify(feeTrace) as never : null, outcome: null, submittedBy: by }).execute()
    await trx.insertInto('serviceRequestHistory').values({ tenantId, requestId: id, seq: 1, fromStatus: null, toStatus: 'submitted', changedBy: by, note: null }).execute()
    if (attachments.length) {
      // Claimed only while unclaimed: of two requests citing one document at once, the second finds it taken and rolls back.
      const claimed = await trx.updateTable('requestAttachments').set({ requestId: id }).where('tenantId', '=', tenantId).where('attachmentId', 'in', attachments)
        .where('requestId', 'is', null).executeTakeFirst()
      if (Number(claimed.numUpdatedRows) !== new Set(attachments).size) throw conflict('an attachment was taken by another request at the same time; retry')
    }
    await emitEvents(trx, tenantId, [{ type: 'service_request.submitted', objectType: 'service_request', objectId: id,
      data: { accountId, type, fee, by: by.startsWith('customer:') ? 'customer' : 'staff' } }])
    return id
  })
  return getRequest(db, tenantId, requestId, principal.kind === 'customer')
}

export async function addNote(db: Db, principal: Principal, requestId: string, input: { body: string; visibility: 'customer' | 'internal' }): Promise<ServiceRequestDto> {
  const tenantId = principal.tenantId
  await inTransaction(db, async (trx) => {
    const r = await trx.selectFrom('serviceRequests').select('requestId').where('tenantId', '=', tenantId).where('requestId', '=', requestId).executeTakeFirst()
    if (!r) throw notFound('service request')
    await trx.insertInto('serviceRequestNotes').values({ tenantId, requestId, noteId: uuidv7(), visibility: input.visibility, body: input.body, author: actorOf(principal) }).execute()
    await trx.updateTable('serviceRequests').set({ updatedAt: sql<Date>`now()` }).where('tenantId', '=', tenantId).where('requestId', '=', requestId).execute()
  })
  return getRequest(db, tenantId, requestId, principal.kind === 'customer')
}
