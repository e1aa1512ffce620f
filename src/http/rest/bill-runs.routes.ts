// Bill runs: start (or resume), progress, cancel, and the per service point
// error report. The billing itself runs in background jobs (src/jobs).
import { loadConfig } from '../../config.ts'
import { READ_SCOPES, WRITE_SCOPES } from '../../app/auth/principal.ts'
import { idParams, pageOf } from '../../app/schemas.ts'
import { billRunDto, billRunErrorDto, cancelBillRun, errorPageQuery, getBillRun, listBillRunErrors, startBillRun, startBillRunInput } from '../../app/billing/bill-runs.ts'
import { route } from '../route.ts'

const tags = ['Bill runs']
const CHUNK_SIZE = loadConfig().BILL_RUN_CHUNK_SIZE

export const billRunRoutes = [
  route({ method: 'POST', url: '/v1/bill-runs', operationId: 'startBillRun', summary: 'Start a bill run for a period (or resume the one in progress)', tags,
    description: 'Plans the run in chunks of accounts and enqueues one job per chunk; workers bill them in the background. '
      + 'Exactly one bill per account and period: starting again after a run completed adds nothing for the accounts billed already.',
    scopes: WRITE_SCOPES, body: startBillRunInput, errors: [422], examples: { request: { periodStart: '2026-10-01' } },
    response: { status: 202, schema: billRunDto, description: 'the run, queued (or the run in progress, resumed)' },
    handler: async ({ db, clock, principal, body }) => (await startBillRun(db, principal.tenantId, body, clock, { chunkSize: CHUNK_SIZE, requestedBy: principal.kind === 'api_key' ? principal.keyId : null })).run }),
  route({ method: 'GET', url: '/v1/bill-runs/:id', operationId: 'getBillRun', summary: 'A bill run\'s progress: done / total, failed, rate, ETA', tags,
    scopes: READ_SCOPES, params: idParams, errors: [404], response: { status: 200, schema: billRunDto, description: 'the run' },
    handler: ({ db, principal, params }) => getBillRun(db, principal.tenantId, params.id) }),
  route({ method: 'POST', url: '/v1/bill-runs/:id/cancel', operationId: 'cancelBillRun', summary: 'Cancel a bill run: chunks not yet started are not billed', tags,
    scopes: WRITE_SCOPES, params: idParams, errors: [404, 409], response: { status: 200, schema: billRunDto, description: 'the run, cancelled' },
    handler: ({ db, principal, params }) => cancelBillRun(db, principal.tenantId, params.id) }),
  route({ method: 'GET', url: '/v1/bill-runs/:id/errors', operationId: 'listBillRunErrors', summary: 'The run\'s error report, per account and service point', tags,
    scopes: READ_SCOPES, params: idParams, query: errorPageQuery, errors: [404],
    response: { status: 200, schema: pageOf(billRunErrorDto), description: 'a page of errors; those accounts got no bill in this run' },
    handler: ({ db, principal, params, query }) => listBillRunErrors(db, principal.tenantId, params.id, query) }),
]
