// Readings without registration (issue 10 §6, seed 000's video guide): open
// a grant with an account number and a second factor (public, the tenant in
// the path), then list the account's meters and submit their readings with
// it. The grant is good for these two operations alone.
import { z } from 'zod'
import { uuid } from '../../app/schemas.ts'
import { grantDto, grantMeterDto, grantMeters, grantReadingsInput, grantVerdictDto, openGrantInput, openReadingGrant, submitGrantReadings } from '../../app/customer-auth/reading-grant.ts'
import { grantRoute, publicRoute } from '../route.ts'

const tags = ['Readings without registration']

export const readingGrantRoutes = [
  publicRoute({ method: 'POST', url: '/v1/tenants/:tenantId/reading-grants', operationId: 'openReadingGrant',
    summary: 'Open a reading grant: account number + owner\'s surname or a meter\'s serial (no registration)', tags,
    description: 'Issue 10 §6. A wrong pair, an unknown account and a wrong serial answer the same 422 no_match; failed attempts are limited '
      + 'per IP and per account number (429 too_many_attempts), and audited. The grant lives 30 minutes and is good only for '
      + 'GET /v1/reading-grant/meters and POST /v1/reading-grant/readings; every other operation answers 403 to it.',
    params: z.object({ tenantId: uuid }), body: openGrantInput, errors: [404, 422, 429],
    examples: { request: { accountNumber: '380001234', surname: 'Иванова' } },
    response: { status: 201, schema: grantDto, description: 'the grant' },
    handler: ({ db, clock, params, body, request }) => openReadingGrant(db, params.tenantId, body, request.ip, clock) }),
  grantRoute({ method: 'GET', url: '/v1/reading-grant/meters', operationId: 'listReadingGrantMeters', summary: 'The meters of the grant\'s account (serials masked)', tags,
    description: 'Serials show their last 4 characters; each meter has the date of its last reading, never a value.',
    response: { status: 200, schema: z.object({ items: z.array(grantMeterDto) }), description: 'the meters' },
    handler: ({ db, grant }) => grantMeters(db, grant) }),
  grantRoute({ method: 'POST', url: '/v1/reading-grant/readings', operationId: 'submitReadingGrantReadings', summary: 'Submit readings for the grant\'s meters', tags,
    description: 'Through the ordinary intake and its checks (source reading_grant); all or none. A meter of another account answers 404. '
      + 'A retry of the same values answers duplicate and adds nothing.',
    body: grantReadingsInput, errors: [404, 422],
    examples: { request: { readings: [{ meterId: '0193a0c4-8f7e-7b52-9d3e-2f1a5c6b7d80', readAt: '2026-11-25', index: '123.456' }] } },
    response: { status: 201, schema: z.object({ items: z.array(grantVerdictDto) }), description: 'a verdict per reading' },
    handler: ({ db, clock, grant, body }) => submitGrantReadings(db, grant, body, clock) }),
]
