// The agreements overview (seed 001 "Mina avtal").
import { READ_SCOPES } from '../../app/auth/principal.ts'
import { agreementListDto, agreementsQuery } from '../../app/agreements/agreement-dto.ts'
import { listAgreements } from '../../app/agreements/agreements.ts'
import { route } from '../route.ts'

export const agreementRoutes = [
  route({ method: 'GET', url: '/v1/agreements', operationId: 'listAgreements', summary: 'Every agreement of a customer per utility, with status and dates', tags: ['Agreements'],
    description: 'Service points (water, electricity, district heating, solar) and subscriptions, each with its utility, status as of the tenant\'s today '
      + '(upcoming, active, ended), first and last day of supply, address and the tariff in force. Filters take several values at once '
      + '(?utility=water&utility=electricity&status=active); counts say how many each value would show. A customer token sees its own accounts\' '
      + 'agreements; an API key names customerId or accountId.',
    customer: { list: true }, scopes: READ_SCOPES, query: agreementsQuery,
    response: { status: 200, schema: agreementListDto, description: 'the agreements' },
    examples: { response: { asOf: '2026-11-25', items: [{ id: '01936f3e-8a00-7000-8000-000000000001', source: 'service_point', utility: 'electricity', resource: 'electricity',
      status: 'active', startsOn: '2020-06-01', endsOn: null, accountId: '01936f3e-8a00-7000-8000-000000000002', accountNumber: '5001234', premisesId: null,
      address: 'Arvikagatan 1, 671 31 Arvika', code: 'EL-1001', usageType: 'residential', unit: 'kWh', tariff: null, details: { dwellingUnits: 1 } }],
    counts: { utility: { water: 0, electricity: 1, district_heating: 0, solar: 0, waste: 0 }, status: { active: 1, upcoming: 0, ended: 0 } } } },
    handler: ({ db, clock, principal, query, accounts }) => listAgreements(db, principal.tenantId, query, accounts, clock) }),
]
