// What a service request carries, per type (issue 12 §4): one zod schema per
// type in a discriminated union on `type`, so a missing field is named by its
// path (body.subject, body.handoverReadings.0.index). The documents a type
// needs are checked against the uploaded attachments in create-request.ts.
import { z } from 'zod'
import { decimal, isoDate, text, uuid } from '../schemas.ts'
import { DOCUMENT_TYPES, REQUEST_STATUSES, REQUEST_TYPES } from '../../core/requests/request-rules.ts'

/** seed 002 item 9: the figures the connection-fee calculator needs. */
export const connectionFeeInput = z.discriminatedUnion('usage', [
  z.object({ usage: z.literal('residential'), units: z.number().int().min(1).max(10_000).describe('residential units (a change: the added units)') }).strict(),
  z.object({
    usage: z.enum(['non_residential', 'commercial']),
    countyAdjustmentFactor: decimal.describe('the county\'s adjustment factor (ظرفيت تعديل شهرستان)'),
    contractCapacityM3: decimal.describe('contract capacity in m³ (a change: the added capacity)'),
  }).strict(),
]).and(z.object({ wastewater: z.boolean().default(true).describe('also connect to the sewer: adds the wastewater fee (70%)') }))
  .meta({ id: 'ConnectionFeeInput' })
export type ConnectionFeeRequest = z.infer<typeof connectionFeeInput>

const base = {
  accountId: uuid,
  attachments: z.array(uuid).max(20).default([]).describe('ids of documents uploaded with POST /v1/accounts/{id}/request-attachments'),
  comment: text(2000).optional(),
}

const reading = z.object({ meterId: uuid, index: decimal }).strict()
const address = z.object({
  address: text(500), city: text(200).optional(), postalCode: z.string().trim().max(20).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166 alpha-2, e.g. SE').optional(),
}).strict()

const types = [
  z.object({ ...base, type: z.literal('contact'),
    caseType: z.enum(['billing', 'meter', 'readings', 'water_quality', 'waste', 'moving', 'other']).describe('seed 001: the form\'s case type (ärende)'),
    subject: text(200), message: text(5000),
    contactBack: z.boolean().describe('whether the customer wants to be contacted'),
    contactBy: z.enum(['email', 'phone', 'letter']).optional().describe('how, when contactBack'),
    email: z.email().max(320).optional(), phone: z.string().trim().regex(/^\+?[0-9 ()-]{5,30}$/, 'a phone number').optional(),
  }).strict().superRefine((v, ctx) => {
    if (v.contactBack && !v.contactBy) ctx.addIssue({ code: 'custom', path: ['contactBy'], message: 'say how to be contacted (email, phone or letter)' })
    if (v.contactBy === 'email' && !v.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'contactBy email needs the e-mail address' })
    if (v.contactBy === 'phone' && !v.phone) ctx.addIssue({ code: 'custom', path: ['phone'], message: 'contactBy phone needs the phone number' })
  }),
  z.object({ ...base, type: z.literal('moving_notice'),
    moveOutOn: isoDate.describe('the handover day: the account is billed through the day before and closed from this day'),
    handoverReadings: z.array(reading).max(20).default([]).describe('the meters\' indexes at the handover; staff may add them on completion'),
    newAddress: address.optional().describe('where the customer moves; with moveInOn, a new account is opened there'),
    moveInOn: isoDate.optional(),
  }).strict().refine((v) => !v.moveInOn || v.newAddress, { path: ['newAddress'], message: 'moveInOn needs the new address' })
    .refine((v) => !v.moveInOn || v.moveInOn >= v.moveOutOn, { path: ['moveInOn'], message: 'moveInOn is before moveOutOn' }),
  z.object({ ...base, type: z.literal('meter_test'), meterId: uuid.optional(), reason: text(1000) }).strict(),
  z.object({ ...base, type: z.literal('name_change'), newHolderName: text(300), newHolderSurname: text(200).optional() }).strict(),
  z.object({ ...base, type: z.literal('diameter_change'), currentDiameter: text(20), requestedDiameter: text(20).describe('e.g. 3/4" or 25 mm'),
    connection: connectionFeeInput.describe('the figures the fee is computed on') }).strict(),
  z.object({ ...base, type: z.literal('capacity_change'), currentCapacityM3: decimal, requestedCapacityM3: decimal,
    connection: connectionFeeInput.describe('the figures the fee is computed on (the added capacity)') }).strict(),
  z.object({ ...base, type: z.literal('usage_change'), currentUsage: text(60), requestedUsage: text(60), reason: text(1000).optional() }).strict(),
  z.object({ ...base, type: z.literal('units_change'), currentUnits: z.number().int().min(0).max(10_000), requestedUnits: z.number().int().min(1).max(10_000) }).strict(),
  z.object({ ...base, type: z.literal('disconnection'), mode: z.enum(['temporary', 'permanent']), fromDate: isoDate, untilDate: isoDate.optional() }).strict()
    .refine((v) => v.mode === 'permanent' || !!v.untilDate, { path: ['untilDate'], message: 'a temporary disconnection needs untilDate' })
    .refine((v) => !v.untilDate || v.untilDate > v.fromDate, { path: ['untilDate'], message: 'untilDate must be after fromDate' }),
  z.object({ ...base, type: z.literal('reconnection'), reconnectOn: isoDate.describe('the day the supply is back: billed from this day'),
    servicePointId: uuid.optional().describe('the disconnected point; default: every disconnected point of the account') }).strict(),
  z.object({ ...base, type: z.literal('relocation'), scope: z.enum(['same_property', 'other_property']).describe('seed 002 item 11 or item 10'),
    newLocation: text(500) }).strict(),
  z.object({ ...base, type: z.literal('connection_purchase'), propertyAddress: text(500), connection: connectionFeeInput }).strict(),
  z.object({ ...base, type: z.literal('extra_pickup'), premisesId: uuid, fraction: text(60), bins: z.number().int().min(1).max(50).default(1),
    wantedOn: isoDate }).strict(),
] as const

export const createRequestInput = z.discriminatedUnion('type', types).meta({ id: 'ServiceRequestInput' })
export type CreateRequestInput = z.infer<typeof createRequestInput>

export const transitionInput = z.object({
  to: z.enum(REQUEST_STATUSES),
  note: text(2000).optional().describe('why; shown to the customer in the history'),
  handoverReadings: z.array(reading).max(20).optional().describe('moving notice, on done: the handover indexes, if the request has none'),
  newAccountNumber: z.string().trim().regex(/^[0-9A-Za-z/-]{1,40}$/).optional().describe('moving notice, on done: the new account\'s number (default: the old one with the move-in date)'),
  completion: z.record(z.string(), z.unknown()).optional().describe('on done: what the change is, from when (issue 12 §4). By type — name_change: effectiveOn, newHolderName, newHolderSurname; '
    + 'usage_change: effectiveOn, usageType, servicePointId; units_change: effectiveOn, dwellingUnits and/or residents, servicePointId; diameter_change: effectiveOn, diameterMm, servicePointId; '
    + 'capacity_change: effectiveOn, contractCapacityM3, servicePointId; disconnection: effectiveOn, untilOn (temporary; null = until reconnected), servicePointIds; '
    + 'reconnection: effectiveOn, servicePointId; relocation: effectiveOn, newLocation, premisesId, servicePointId; meter_test: meterId, testedOn, result (passed|failed), labActNumber, nextVerificationDue. '
    + 'Values the request carries are the defaults; servicePointId defaults to the account\'s only open point.'),
}).strict().meta({ id: 'ServiceRequestTransition' })
export type TransitionInput = z.infer<typeof transitionInput>

export const noteInput = z.object({
  body: text(5000),
  visibility: z.enum(['customer', 'internal']).describe('customer: shown to the customer; internal: staff only'),
}).strict().meta({ id: 'ServiceRequestNoteInput' })

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  accountId: uuid.optional(),
  status: z.enum(REQUEST_STATUSES).optional(),
  type: z.enum(REQUEST_TYPES).optional(),
})

export const attachmentQuery = z.object({
  documentType: z.enum(DOCUMENT_TYPES),
  fileName: z.string().trim().min(1).max(200).regex(/^[^/\\\0]+$/, 'a file name without slashes').optional(),
})
