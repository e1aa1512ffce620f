// Recalculations (issue 4 §2): an accounting system recomputes an earlier
// billed period and issues the correction as a separate bill; history is
// never rewritten.
import { WRITE_SCOPES } from '../../app/auth/principal.ts'
import { idParams } from '../../app/schemas.ts'
import { recalculate, recalculationDto, recalculationInput } from '../../app/billing/corrections/recalculate.ts'
import { route } from '../route.ts'

const tags = ['Bills']

export const recalculationRoutes = [
  route({ method: 'POST', url: '/v1/accounts/:id/recalculations', operationId: 'recalculatePeriod', summary: 'Recompute an earlier billed period and issue the correction', tags,
    description: 'Re-settles the period with today\'s facts, tariffs and norms and compares it with what was billed for it (its bill plus every adjustment since). '
      + 'The differences come back as adjustment lines with traces: estimates and changed lines reversed, recomputed lines, differences. '
      + 'Without dryRun they are issued as a bill of kind correction (the next gapless number, correctsBillId = the period\'s bill) with an adjustment ledger entry; '
      + 'later bill runs see the period as corrected. A repeat finds nothing left to correct and issues nothing.',
    scopes: WRITE_SCOPES, params: idParams, body: recalculationInput, idempotent: true, errors: [404, 422],
    examples: { request: { period: '2026-09-01', dryRun: true } },
    response: { status: 200, schema: recalculationDto, description: 'the differences, and the correction bill when one was issued' },
    handler: ({ db, clock, principal, params, body }) => recalculate(db, principal.tenantId, params.id, body, clock) }),
]
