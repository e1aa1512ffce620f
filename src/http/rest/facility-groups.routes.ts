// Facility groups (issue 10 §5, seed 001 "Administration"): a signed-in
// customer's own named groups of premises and service points, and the
// balances and documents per group. Customer access tokens only (`self`): a
// group is the customer's own arrangement, not the utility's record; another
// customer's group answers 404, like a missing one. An admin key reads a
// customer user's groups (support: "why does my group show this total?").
import { z } from 'zod'
import { idParams } from '../../app/schemas.ts'
import type { CustomerPrincipal } from '../../app/auth/principal.ts'
import { createFacilityGroup, deleteFacilityGroup, facilityGroupDto, facilityGroupInput, facilityGroupPatch, getFacilityGroup, listFacilityGroups,
  updateFacilityGroup } from '../../app/customer-auth/facility-groups.ts'
import { groupBalances, groupBalancesDto, groupBillDto, groupBills, groupBillsQuery } from '../../app/customer-auth/facility-group-views.ts'
import { getCustomerUser } from '../../app/customer-auth/register.ts'
import { accountsWith } from '../../app/auth/principal.ts'
import { servicePointsOfGroup } from '../../app/customer-auth/facility-groups.ts'
import { consumption } from '../../app/consumption/consumption.ts'
import { consumptionDto, consumptionQuery } from '../../app/consumption/consumption-dto.ts'
import { route } from '../route.ts'

const tags = ['Facility groups']
const user = (p: unknown) => (p as CustomerPrincipal).customerUserId
const base = '/v1/facility-groups'

export const facilityGroupRoutes = [
  route({ method: 'GET', url: base, operationId: 'listFacilityGroups', summary: 'Your facility groups, by name', tags,
    scopes: [], customer: { self: true },
    response: { status: 200, schema: z.object({ items: z.array(facilityGroupDto) }), description: 'the groups, each with what it covers now' },
    handler: async ({ db, clock, principal }) => ({ items: await listFacilityGroups(db, principal.tenantId, user(principal), clock) }) }),
  route({ method: 'POST', url: base, operationId: 'createFacilityGroup', summary: 'Name a group of your premises and service points', tags,
    description: 'Each premises and service point must belong to an account you hold (else 404, as for a missing one); one name per customer (409).',
    scopes: [], customer: { self: true }, body: facilityGroupInput, errors: [404, 409],
    examples: { request: { name: 'Summer houses', premisesIds: ['0b5f6a52-1c1e-4c8e-9a57-3f3c1f1f0a01'], servicePointIds: [] } },
    response: { status: 201, schema: facilityGroupDto, description: 'the group' },
    handler: ({ db, clock, principal, body }) => createFacilityGroup(db, principal.tenantId, user(principal), body, clock) }),
  route({ method: 'GET', url: `${base}/:id`, operationId: 'getFacilityGroup', summary: 'A facility group and the service points it covers now', tags,
    scopes: [], customer: { self: true }, params: idParams, errors: [404],
    response: { status: 200, schema: facilityGroupDto, description: 'the group' },
    handler: ({ db, clock, principal, params }) => getFacilityGroup(db, principal.tenantId, user(principal), params.id, clock) }),
  route({ method: 'PATCH', url: `${base}/:id`, operationId: 'updateFacilityGroup', summary: 'Rename a group or replace its premises or service points', tags,
    scopes: [], customer: { self: true }, params: idParams, body: facilityGroupPatch, errors: [404, 409],
    response: { status: 200, schema: facilityGroupDto, description: 'the group' },
    handler: ({ db, clock, principal, params, body }) => updateFacilityGroup(db, principal.tenantId, user(principal), params.id, body, clock) }),
  route({ method: 'DELETE', url: `${base}/:id`, operationId: 'deleteFacilityGroup', summary: 'Delete a facility group (the facilities stay as they are)', tags,
    scopes: [], customer: { self: true }, params: idParams, errors: [404],
    response: { status: 200, schema: z.object({ deleted: z.literal(true) }), description: 'deleted' },
    handler: async ({ db, principal, params }) => { await deleteFacilityGroup(db, principal.tenantId, user(principal), params.id); return { deleted: true as const } } }),
  route({ method: 'GET', url: `${base}/:id/balances`, operationId: 'getFacilityGroupBalances', summary: 'The balances of the accounts of a group\'s facilities, and their total', tags,
    scopes: [], customer: { self: true }, params: idParams, errors: [404],
    response: { status: 200, schema: groupBalancesDto, description: 'one balance per account, and the total' },
    handler: ({ db, clock, principal, params }) => groupBalances(db, principal.tenantId, user(principal), params.id, clock) }),
  route({ method: 'GET', url: `${base}/:id/bills`, operationId: 'listFacilityGroupBills', summary: 'The bills (and payment documents) of a group\'s accounts, newest period first', tags,
    description: 'A bill belongs to an account: each one says what the group\'s own service points charged on it (groupCharges). documentUrl is its payment document.',
    scopes: [], customer: { self: true }, params: idParams, query: groupBillsQuery, errors: [404],
    response: { status: 200, schema: z.object({ items: z.array(groupBillDto) }), description: 'the bills' },
    handler: ({ db, clock, principal, params, query }) => groupBills(db, principal.tenantId, user(principal), params.id, query, clock) }),
  route({ method: 'GET', url: `${base}/:id/consumption`, operationId: 'getFacilityGroupConsumption', summary: 'Consumption of a group\'s facilities over time, per utility', tags,
    description: 'Issue 12 §2: the same series as /v1/accounts/{id}/consumption, over the service points the group covers now (those at its premises and those '
      + 'chosen), beside the same days a year earlier.',
    scopes: [], customer: { self: true }, params: idParams, query: consumptionQuery, errors: [404],
    response: { status: 200, schema: consumptionDto, description: 'one series per utility and unit' },
    handler: async ({ db, clock, principal, params, query }) => {
      const points = await servicePointsOfGroup(db, principal.tenantId, user(principal), params.id, clock)
      return consumption(db, clock, principal.tenantId, { kind: 'facility_group', id: params.id, servicePointIds: points.map((p) => p.id) }, query,
        accountsWith(principal as CustomerPrincipal))
    } }),
  route({ method: 'GET', url: '/v1/customer-users/:id/facility-groups', operationId: 'listCustomerUserFacilityGroups', summary: 'A customer user\'s facility groups (admin key)', tags,
    description: 'What the customer sees at GET /v1/facility-groups, resolved against the accounts it holds now.',
    scopes: ['admin'], params: idParams, errors: [404],
    response: { status: 200, schema: z.object({ items: z.array(facilityGroupDto) }), description: 'the groups' },
    handler: async ({ db, clock, principal, params }) => {
      await getCustomerUser(db, principal.tenantId, params.id)
      return { items: await listFacilityGroups(db, principal.tenantId, params.id, clock) }
    } }),
]
