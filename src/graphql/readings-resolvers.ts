// Readings over GraphQL: the same use-cases as /v1/readings. submitReadings
// takes modest batches; large uploads belong on the streamed REST endpoint.
import { z } from 'zod'
import { validationError } from '../app/errors.ts'
import { readingInput } from '../app/readings/reading-input.ts'
import { submitReading } from '../app/readings/submit-reading.ts'
import { submitReadings } from '../app/readings/bulk-submit.ts'
import { accountReadings, getReading, historyQuery, listReadings, meterReadings, readingIdParams } from '../app/readings/reading-queries.ts'
import { acceptInput, acceptReading, rejectInput, rejectReading } from '../app/readings/decide-reading.ts'
import { READ_SCOPES, WRITE_SCOPES } from '../app/auth/principal.ts'
import { SUBMIT_READING_SCOPES as SUBMIT_SCOPES } from '../app/readings/scopes.ts'
import { customerGuard, guard } from './context.ts'
import { GRAPHQL_CUSTOMER_ROLE } from './customer-access.ts'
import { accountOfMeter } from '../app/customer-auth/account-of.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'


/** Above this, use POST /v1/readings/bulk (streamed, NDJSON). */
export const GRAPHQL_BATCH_MAX = 10_000



const history = (a: any) => parse(historyQuery, { ...withoutNulls(a.filter), limit: a.limit ?? 50, cursor: a.cursor ?? undefined }, 'filter')

export function readingResolvers() {
  const Query: Record<string, Resolver> = {
    reading: (_r, a, ctx) => guard(ctx, READ_SCOPES, (p) =>
      getReading(ctx.db, p.tenantId, parse(readingIdParams, { id: a.id }, 'id').id).catch((e) => (e.code === 'not_found' ? null : Promise.reject(e)))),
    readings: (_r, a, ctx) => guard(ctx, READ_SCOPES, (p) => {
      const meterId = a.filter?.meterId ? parse(z.uuid(), a.filter.meterId, 'filter.meterId') : undefined
      const { meterId: _m, ...rest } = a.filter ?? {}
      return listReadings(ctx.db, p.tenantId, { ...history({ ...a, filter: rest }), meterId })
    }),
    meterReadings: (_r, a, ctx) => guard(ctx, READ_SCOPES, (p) => meterReadings(ctx.db, p.tenantId, parse(z.uuid(), a.meterId, 'meterId'), history(a))),
    accountReadings: (_r, a, ctx) => guard(ctx, READ_SCOPES, (p) => accountReadings(ctx.db, p.tenantId, parse(z.uuid(), a.accountId, 'accountId'), history(a))),
  }
  const Mutation: Record<string, Resolver> = {
    // Open to customers like POST /v1/readings: a meter of their own accounts, with submit_readings (another's answers as a missing one).
    submitReading: (_r, a, ctx) => customerGuard(ctx, SUBMIT_SCOPES, async (s) => {
      const input = parse(readingInput, withoutNulls(a.input), 'input')
      if (s.accounts) s.requireAccount(await accountOfMeter(ctx.db, s.tenantId, { id: input.meterId, serial: input.meterSerial }), GRAPHQL_CUSTOMER_ROLE.submitReading)
      return submitReading(ctx.db, s.tenantId, input, { now: ctx.clock.now() })
    }),
    submitReadings: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) => {
      const rows = a.rows as unknown[]
      if (rows.length > GRAPHQL_BATCH_MAX) {
        throw validationError(`at most ${GRAPHQL_BATCH_MAX} rows; use POST /v1/readings/bulk for more`, [{ path: 'rows', message: 'too many rows' }])
      }
      return submitReadings(ctx.db, p.tenantId, rows.map((r) => withoutNulls(r as Record<string, unknown>)), { now: ctx.clock.now() })
    }),
    acceptReading: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) =>
      acceptReading(ctx.db, p.tenantId, parse(readingIdParams, { id: a.id }, 'id').id, parse(acceptInput, withoutNulls({ note: a.note }), 'input'))),
    rejectReading: (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) =>
      rejectReading(ctx.db, p.tenantId, parse(readingIdParams, { id: a.id }, 'id').id, parse(rejectInput, { reason: a.reason }, 'input'))),
  }
  return { Query, Mutation }
}
