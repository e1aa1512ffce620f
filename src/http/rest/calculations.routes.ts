// POST /v1/calculations: settle and price one service point's facts given
// inline, without storing anything (issue 3 §5, "why is my bill this high").
import { READ_SCOPES } from '../../app/auth/principal.ts'
import { calculate } from '../../app/calculations/calculate.ts'
import { calculationInput } from '../../app/calculations/calculation-input.ts'
import { calculationDto } from '../../app/calculations/calculation-output.ts'
import { capacityExampleRequest, exampleResponse, normativeExampleRequest } from '../../app/calculations/examples.ts'
import { route } from '../route.ts'

export const calculationRoutes = [
  route({
    method: 'POST', url: '/v1/calculations', operationId: 'calculate', tags: ['Calculations'],
    summary: 'Calculate a bill from facts given inline, with the trace of every line (stores nothing)',
    description: 'Chooses the volume method day by day (metered, normative, averaged, guaranteed_volume, capacity, summation), ' +
      'computes each volume, prices it with the tariff schedule and rounds each line once. Every line\'s `trace` names the rule that fired, ' +
      'the day interval, the inputs and the formula with the numbers put in, so the amount can be redone by hand. ' +
      'A normative month is two lines: the base n×N×T and the surcharge n×N×(K−1)×T. ' +
      'Days no rule covers are listed in `errors` (code `uncovered_days`) and the other days are still priced. ' +
      'A missing tariff (`tariff_not_found`), a cycle among network points (`summation_cycle`) or an unknown network point answer 422. ' +
      'Worked examples (memo 003): an unauthorized 15 mm connection for 30 days at 19.19 RUB/m³ with π = 3.14 → 549.3744 m³, 10542.49 RUB; ' +
      'a family of four without a meter, norm 6.36 m³, K = 1.5, 20.28 RUB/m³ → 515.92 + 257.96 = 773.88 RUB.',
    scopes: READ_SCOPES, body: calculationInput, errors: [422],
    response: { status: 200, schema: calculationDto, description: 'the lines with their traces, totals, the volume segments, warnings and errors' },
    examples: { named: {
      capacity: { summary: 'Unauthorized connection, 15 mm, 30 days, π = 3.14, 19.19 RUB/m³ → 549.3744 m³, 10542.49 RUB', request: capacityExampleRequest, response: exampleResponse(capacityExampleRequest) },
      normative: { summary: 'Family of four without a meter, K = 1.5 → 515.92 + 257.96 = 773.88 RUB', request: normativeExampleRequest, response: exampleResponse(normativeExampleRequest) },
    } },
    handler: ({ db, clock, principal, body }) => calculate(db, principal.tenantId, body, clock),
  }),
]
