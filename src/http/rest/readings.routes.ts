// Readings: one at a time, in bulk (JSON array or NDJSON, streamed), a
// meter's or an account's history, and a person's decision on a flagged one.
import { accountOfMeter, accountOfReading } from '../../app/customer-auth/account-of.ts'
import { z } from 'zod'
import { loadConfig } from '../../config.ts'
import { idParams, pageOf, uuid } from '../../app/schemas.ts'
import { readingInput } from '../../app/readings/reading-input.ts'
import { submitReading, submitResult } from '../../app/readings/submit-reading.ts'
import { submitReadings } from '../../app/readings/bulk-submit.ts'
import { bulkValues } from '../../app/readings/bulk-body.ts'
import { readingDto } from '../../app/readings/reading-dto.ts'
import { accountReadings, getReading, historyQuery, listReadings, meterReadings, readingIdParams } from '../../app/readings/reading-queries.ts'
import { acceptInput, acceptReading, rejectInput, rejectReading } from '../../app/readings/decide-reading.ts'
import { route } from '../route.ts'
import { READ_SCOPES, WRITE_SCOPES } from '../../app/auth/principal.ts'
import { SUBMIT_READING_SCOPES as SUBMIT_SCOPES } from '../../app/readings/scopes.ts'

const tags = ['Readings']
const BULK_LIMIT = loadConfig().BULK_BODY_LIMIT_BYTES

const rowVerdict = z.object({
  row: z.number().int().describe('1-based position of the row in the upload (blank NDJSON lines are not counted)'),
  status: z.enum(['accepted', 'flagged', 'rejected', 'duplicate']),
  readingId: z.string().nullable().describe('the stored reading (for a duplicate: the one stored before); null when nothing could be stored'),
  reasons: z.array(z.string()).describe('stable reason codes'),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('field issues of a row that broke the schema'),
}).meta({ id: 'ReadingRowVerdict' })
const bulkResult = z.object({
  counts: z.object({ received: z.number().int(), accepted: z.number().int(), flagged: z.number().int(), rejected: z.number().int(), duplicate: z.number().int() }),
  rows: z.array(rowVerdict),
}).meta({ id: 'ReadingsBulkResult' })

export const readingRoutes = [
  route({ method: 'POST', url: '/v1/readings', operationId: 'submitReading', summary: 'Submit one reading and get its verdict', tags,
    // Issue 10 §4: a customer submits for the meters of its own accounts (a delegate needs submit_readings).
    customer: { account: ({ db, tenantId, body }) => accountOfMeter(db, tenantId, { id: body.meterId, serial: body.meterSerial }), role: 'submit_readings' },
    scopes: SUBMIT_SCOPES, body: readingInput, idempotent: true, errors: [422],
    response: { status: 201, schema: submitResult, description: 'the stored reading and its verdict (accepted, flagged, rejected or duplicate)' },
    handler: ({ db, clock, principal, body }) => submitReading(db, principal.tenantId, body, { now: clock.now() }) }),
  route({ method: 'POST', url: '/v1/readings/bulk', operationId: 'submitReadingsBulk', summary: 'Submit readings in bulk (JSON array or NDJSON)', tags,
    description: 'Up to hundreds of thousands of rows a request, read as a stream and stored in one transaction. Every row gets a verdict; '
      + 'a row that breaks the schema is rejected alone. A retry adds nothing (its rows come back as duplicate).',
    scopes: WRITE_SCOPES, idempotent: true, bodyLimit: BULK_LIMIT, errors: [413],
    rawBody: { contentTypes: ['application/json', 'application/x-ndjson'], description: 'a JSON array of ReadingInput, or one ReadingInput per line (NDJSON)' },
    response: { status: 200, schema: bulkResult, description: 'counts and a verdict per row, in upload order' },
    handler: ({ db, clock, principal, body, request }) => submitReadings(db, principal.tenantId,
      bulkValues(body, request.headers['content-type'], request.routeOptions.bodyLimit ?? BULK_LIMIT), { now: clock.now() }) }),
  route({ method: 'GET', url: '/v1/readings', operationId: 'listReadings', summary: 'The tenant\'s readings, newest first (e.g. status=flagged)', tags,
    scopes: READ_SCOPES, query: historyQuery.extend({ meterId: uuid.optional() }),
    response: { status: 200, schema: pageOf(readingDto), description: 'a page; pass nextCursor as cursor for the next' },
    handler: ({ db, principal, query }) => listReadings(db, principal.tenantId, query) }),
  route({ method: 'GET', url: '/v1/readings/:id', operationId: 'getReading', summary: 'Read one reading', tags,
    customer: { account: ({ db, tenantId, params }) => accountOfReading(db, tenantId, params.id) },
    scopes: READ_SCOPES, params: readingIdParams, errors: [404], response: { status: 200, schema: readingDto, description: 'the reading' },
    handler: ({ db, principal, params }) => getReading(db, principal.tenantId, params.id) }),
  route({ method: 'POST', url: '/v1/readings/:id/accept', operationId: 'acceptReading', summary: 'Accept a flagged reading', tags,
    scopes: WRITE_SCOPES, params: readingIdParams, body: acceptInput, idempotent: true, errors: [404, 409],
    response: { status: 200, schema: readingDto, description: 'the reading, now accepted: it drives billing' },
    handler: ({ db, principal, params, body }) => acceptReading(db, principal.tenantId, params.id, body) }),
  route({ method: 'POST', url: '/v1/readings/:id/reject', operationId: 'rejectReading', summary: 'Reject a flagged reading', tags,
    scopes: WRITE_SCOPES, params: readingIdParams, body: rejectInput, idempotent: true, errors: [404, 409],
    response: { status: 200, schema: readingDto, description: 'the reading, now rejected, with the reason' },
    handler: ({ db, principal, params, body }) => rejectReading(db, principal.tenantId, params.id, body) }),
  route({ method: 'GET', url: '/v1/meters/:id/readings', operationId: 'listMeterReadings', summary: 'A meter\'s readings, newest first', tags,
    customer: { account: ({ db, tenantId, params }) => accountOfMeter(db, tenantId, { id: params.id }) },
    scopes: READ_SCOPES, params: idParams, query: historyQuery, errors: [404],
    response: { status: 200, schema: pageOf(readingDto), description: 'a page; pass nextCursor as cursor for the next' },
    handler: ({ db, principal, params, query }) => meterReadings(db, principal.tenantId, params.id, query) }),
  route({ method: 'GET', url: '/v1/accounts/:id/readings', operationId: 'listAccountReadings', summary: 'Readings of every meter of an account, newest first', tags,
    customer: { account: ({ params }) => params.id }, scopes: READ_SCOPES, params: idParams, query: historyQuery, errors: [404],
    response: { status: 200, schema: pageOf(readingDto), description: 'a page; pass nextCursor as cursor for the next' },
    handler: ({ db, principal, params, query }) => accountReadings(db, principal.tenantId, params.id, query) }),
]
