// Waste pickup schedules (issue 12 §3): staff enter the rules and exceptions
// of an address; the address's schedule is open to customers holding an
// account there. Extra pickups are service requests of type extra_pickup.
import { z } from 'zod'
import { READ_SCOPES, WRITE_SCOPES } from '../../app/auth/principal.ts'
import { accountsAtPremises } from '../../app/customer-auth/account-of.ts'
import { idParams } from '../../app/schemas.ts'
import { createPickupRule, pickupExceptionInput, pickupRuleDto, pickupRuleInput, pickupRulePatch, pickupSchedule, pickupScheduleDto, putPickupException,
  scheduleQuery, updatePickupRule } from '../../app/waste/pickup-schedules.ts'
import { route } from '../route.ts'

const tags = ['Waste collection']

export const pickupRoutes = [
  route({ method: 'GET', url: '/v1/premises/:id/pickups', operationId: 'getPickupSchedule', summary: 'An address\'s waste pickups between two dates, each with how sure it is', tags,
    description: 'Seed 001: the dates are partly wrong while the routes are entered, so each date is confirmed (by the collection route), planned or estimated, with why. '
      + 'Extra pickups ordered as service requests (type extra_pickup) are listed beside the regular ones.',
    customer: { account: ({ db, tenantId, params }) => accountsAtPremises(db, tenantId, params.id) },
    scopes: READ_SCOPES, params: idParams, query: scheduleQuery, errors: [404],
    response: { status: 200, schema: pickupScheduleDto, description: 'the pickups in date order and the rules they come from' },
    handler: ({ db, clock, principal, params, query }) => pickupSchedule(db, principal.tenantId, params.id, query, clock) }),
  route({ method: 'POST', url: '/v1/premises/:id/pickup-rules', operationId: 'createPickupRule', summary: 'Add a recurring pickup rule to an address (per bin and fraction)', tags,
    scopes: WRITE_SCOPES, params: idParams, body: pickupRuleInput, idempotent: true, errors: [404],
    response: { status: 201, schema: pickupRuleDto, description: 'the rule' },
    handler: ({ db, principal, params, body }) => createPickupRule(db, principal.tenantId, params.id, body) }),
  route({ method: 'PATCH', url: '/v1/pickup-rules/:id', operationId: 'updatePickupRule', summary: 'End a pickup rule, change its basis or how far the route confirmed it', tags,
    scopes: WRITE_SCOPES, params: idParams, body: pickupRulePatch, errors: [404],
    response: { status: 200, schema: pickupRuleDto, description: 'the rule' },
    handler: ({ db, principal, params, body }) => updatePickupRule(db, principal.tenantId, params.id, body) }),
  route({ method: 'PUT', url: '/v1/pickup-rules/:id/exceptions', operationId: 'putPickupException', summary: 'Cancel or move one pickup of a rule', tags,
    description: 'The date must be one of the rule\'s pickup dates (422 not_a_pickup_date); a second exception for the date replaces the first.',
    scopes: WRITE_SCOPES, params: z.object({ id: z.uuid() }), body: pickupExceptionInput, errors: [404, 422],
    response: { status: 200, schema: pickupRuleDto, description: 'the rule with its exceptions' },
    handler: ({ db, principal, params, body }) => putPickupException(db, principal.tenantId, params.id, body) }),
]
