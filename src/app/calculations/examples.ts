// Two worked examples for the API documentation, from the golden cases
// (shared/golden/cases.json, memo 003). The responses are computed by the
// same pure code the route runs, so the documentation cannot drift from it;
// test/http/calculations.test.ts checks the server answers exactly these.
import { calculationInput } from './calculation-input.ts'
import { runCalculation } from './calculate.ts'

const RUB_TENANT = { currency: 'RUB', minorUnits: 2, policy: {} }

/** capacity-unauthorized-15mm-30d: 3.14 × 0.015² / 4 × 1.2 × 2592000 = 549.3744 m³ × 19.19 = 10542.49 RUB. */
export const capacityExampleRequest = {
  servicePoint: { id: 'shop-7', resource: 'cold_water', customerKind: 'organization', diameterMm: '15', usage: 'non_residential' },
  interval: { from: '2026-04-01', to: '2026-05-01' },
  acts: [{ kind: 'unauthorized_connection', from: '2026-04-01', to: '2026-05-01' }],
  tariffs: { versions: [{ id: 'cw-org-2026', service: 'cold_water', usage: 'non_residential', from: '2026-01-01', to: null,
    volume: { line: 'cold_water', price: { shape: 'flat', rate: '19.19' } } }] },
  currency: 'RUB',
  policy: { pi: '3.14' },
  today: '2026-05-02',
}

/** normative-family-of-four-with-coefficient: 4 × 6.36 × 20.28 = 515.92, surcharge × (1.5 − 1) = 257.96; 773.88 RUB. */
export const normativeExampleRequest = {
  servicePoint: { id: 'flat-12', resource: 'cold_water', customerKind: 'residential', diameterMm: '15', usage: 'residential' },
  interval: { from: '2019-03-01', to: '2019-04-01' },
  residents: [{ from: '2018-01-01', count: 4 }],
  norms: [{ resource: 'cold_water', from: '2018-01-01', perPersonPerMonth: '6.36' }],
  coefficients: [{ resource: 'cold_water', from: '2016-07-01', value: '1.5' }],
  tariffs: { versions: [{ id: 'cw-res-2019', service: 'cold_water', usage: 'residential', from: '2019-01-01', to: null,
    volume: { line: 'cold_water', price: { shape: 'flat', rate: '20.28' } } }] },
  currency: 'RUB',
  today: '2019-04-02',
}

export function exampleResponse(request: unknown) {
  const input = calculationInput.parse(request)
  return runCalculation(input, RUB_TENANT, input.today!)
}
