// Service requests over GraphQL (issue 12 §4): the same use-cases as
// service-requests.routes.ts. Customers read their own accounts' requests
// (serviceRequest, serviceRequests: another's is null, as a missing one);
// making a request and uploading its documents is REST's (a file upload).
import { z } from 'zod'
import { READ_SCOPES, WRITE_SCOPES } from '../app/auth/principal.ts'
import { createRequestInput, listQuery, noteInput, transitionInput, connectionFeeInput } from '../app/service-requests/request-input.ts'
import { accountExists, accountOfRequest, getRequest, listRequests } from '../app/service-requests/requests.queries.ts'
import { createRequest, addNote } from '../app/service-requests/create-request.ts'
import { transitionRequest } from '../app/service-requests/transition.ts'
import { quoteConnectionFee } from '../app/service-requests/connection-fee.ts'
import { customerGuard, guard } from './context.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'

const id = (v: unknown, where: string) => parse(z.uuid(), v, where)
const orNull = <T>(p: Promise<T>) => p.catch((e) => (e?.code === 'not_found' ? null : Promise.reject(e)))

export function serviceRequestResolvers() {
  const Query: Record<string, Resolver> = {
    serviceRequest: (_r, a, ctx) => customerGuard(ctx, READ_SCOPES, async (s) => {
      const requestId = id(a.id, 'id')
      if (s.accounts) {
        const account = await accountOfRequest(ctx.db, s.tenantId, requestId)
        if (!account || !s.accounts.includes(account)) return null
      }
      return orNull(getRequest(ctx.db, s.tenantId, requestId, s.principal.kind === 'customer'))
    }),
    serviceRequests: (_r, a, ctx) => customerGuard(ctx, READ_SCOPES, async (s) => {
      const accountId = id(a.accountId, 'accountId')
      if (s.accounts && !s.accounts.includes(accountId)) return null
      // an unknown account (or another tenant's) is null for a key too, not an empty page
      if (!s.accounts && !(await accountExists(ctx.db, s.tenantId, accountId))) return null
      const q = parse(listQuery, withoutNulls({ accountId, status: a.status, type: a.type, limit: a.limit, cursor: a.cursor }), 'args')
      return listRequests(ctx.db, s.tenantId, q, s.accounts)
    }),
    serviceRequestQueue: (_r, a, ctx) => guard(ctx, READ_SCOPES, (p) =>
      listRequests(ctx.db, p.tenantId, parse(listQuery, withoutNulls({ status: a.status, type: a.type, limit: a.limit, cursor: a.cursor }), 'args'), undefined)),
    connectionFeeQuote: (_r, a, ctx) => guard(ctx, READ_SCOPES, (p) => quoteConnectionFee(ctx.db, p.tenantId, parse(connectionFeeInput, withoutNulls(a.input), 'input'))),
  }
  const Mutation: Record<string, Resolver> = {
    createServiceRequest: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) => {
      const input = a.input as { accountId: unknown; type: unknown; details: unknown; attachments?: unknown }
      const details = input.details && typeof input.details === 'object' && !Array.isArray(input.details) ? input.details as Record<string, unknown> : {}
      return createRequest(ctx.db, p, parse(createRequestInput, withoutNulls({ ...details, accountId: input.accountId, type: input.type, attachments: input.attachments }), 'input'), ctx.clock)
    }),
    transitionServiceRequest: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) =>
      transitionRequest(ctx.db, p, id(a.id, 'id'), parse(transitionInput, withoutNulls(a.input), 'input'), ctx.clock, 'input')),
    addServiceRequestNote: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) =>
      addNote(ctx.db, p, id(a.id, 'id'), parse(noteInput, { body: a.body, visibility: a.visibility }, 'args'))),
  }
  return { Query, Mutation }
}
