// Staff move a request through its workflow (core/requests/request-rules.ts
// TRANSITIONS): anything else is a 409 naming the allowed next steps. Entering
// awaiting_payment posts the connection fee to the ledger (once); completing a
// moving notice closes the account and opens the new one (move-out.ts).
import { sql } from 'kysely'
import { canMove, TRANSITIONS, type RequestStatus } from '../../core/requests/request-rules.ts'
import type { Db } from '../../db/database.ts'
import type { Principal } from '../auth/principal.ts'
import { todayIn, type Clock } from '../clock.ts'
import { AppError, notFound, validationError } from '../errors.ts'
import { inTransaction } from '../transaction.ts'
import { emitEvents } from '../events/events.ts'
import { postRequestFee } from './connection-fee.ts'
import { completeMove } from './move-out.ts'
import { completeRecords } from './complete-request.ts'
import { actorOf, type ServiceRequestDto } from './request-dto.ts'
import type { TransitionInput } from './request-input.ts'
import { getRequest } from './requests.queries.ts'

/** `where`: the input's name in error paths (REST body, GraphQL input). */
export async function transitionRequest(db: Db, principal: Principal, requestId: string, input: TransitionInput, clock: Clock, where = 'body'): Promise<ServiceRequestDto> {
  const tenantId = principal.tenantId
  await inTransaction(db, async (trx) => {
    // The row lock makes concurrent moves of one request take turns: the second sees the first's status.
    const r = await trx.selectFrom('serviceRequests').selectAll().where('tenantId', '=', tenantId).where('requestId', '=', requestId).forUpdate().executeTakeFirst()
    if (!r) throw notFound('service request')
    const from = r.status as RequestStatus
    if (!canMove(from, input.to)) {
      const next = TRANSITIONS[from]
      throw new AppError('transition_not_allowed', 409, `a ${from} request cannot move to ${input.to}; ${next.length ? `it can move to ${next.join(', ')}` : `${from} is final`}`)
    }
    const tz = (await trx.selectFrom('tenants').select('timeZone').where('tenantId', '=', tenantId).executeTakeFirstOrThrow()).timeZone
    const today = todayIn(tz, clock)
    let outcome: Record<string, unknown> | null = null
    if (input.to === 'awaiting_payment' && r.fee !== null) {
      await postRequestFee(trx, tenantId, { requestId, accountId: r.accountId, type: r.type, fee: r.fee }, today)
    }
    if (input.completion && input.to !== 'done') {
      throw validationError('a completion is given with to: done only', [{ path: `${where}.completion`, message: `not for a move to ${input.to}` }])
    }
    if (input.to === 'done' && r.type === 'moving_notice') {
      outcome = await completeMove(trx, tenantId, r, input, clock)
    } else if (input.to === 'done') {
      // issue 12 §4: the record changes of the type, in this transaction
      outcome = await completeRecords(trx, tenantId, r, input.completion, actorOf(principal), clock, where)
    }
    const seq = (await trx.selectFrom('serviceRequestHistory').select(sql<number>`max(seq)`.as('m')).where('tenantId', '=', tenantId).where('requestId', '=', requestId).executeTakeFirstOrThrow()).m
    const by = actorOf(principal)
    await trx.insertInto('serviceRequestHistory').values({ tenantId, requestId, seq: seq + 1, fromStatus: from, toStatus: input.to, changedBy: by, note: input.note ?? null }).execute()
    await trx.updateTable('serviceRequests').set({ status: input.to, updatedAt: sql<Date>`now()`, ...(outcome ? { outcome: JSON.stringify(outcome) as never } : {}) })
      .where('tenantId', '=', tenantId).where('requestId', '=', requestId).execute()
    await emitEvents(trx, tenantId, [{ type: 'service_request.status_changed', objectType: 'service_request', objectId: requestId,
      data: { accountId: r.accountId, type: r.type, from, to: input.to, ...(input.to === 'awaiting_payment' && r.fee !== null ? { fee: r.fee } : {}) } }])
  })
  return getRequest(db, tenantId, requestId, principal.kind === 'customer')
}
