// What staff give when they mark a request done (issue 12 §4): the effective
// day and the values the change needs, per request type. A value the request
// already carries (the requested usage, units, capacity, the disconnection
// dates, the new holder's name) is its default; staff may override it with
// what the site visit found. Validated before anything is written: a bad
// completion is a 400 naming the field and changes nothing.
import { z } from 'zod'
import { decimal, isoDate, text, uuid } from '../schemas.ts'
import type { RequestType } from '../../core/requests/request-rules.ts'
import { validationError } from '../errors.ts'
import { zodIssues } from '../errors.ts'

const effectiveOn = isoDate.describe('the first day the change holds: bills from this day use it')
const positive = decimal.refine((v) => Number(v) > 0, 'must be above 0')
const pointRef = { servicePointId: uuid.optional().describe('the service point; default: the account\'s only open point') }

export const COMPLETION_SCHEMAS = {
  name_change: z.object({ effectiveOn, newHolderName: text(300), newHolderSurname: text(200).optional() }).strict(),
  usage_change: z.object({ effectiveOn, ...pointRef,
    usageType: z.string().trim().regex(/^[a-z][a-z0-9_]{0,59}$/, 'a usage type such as residential, non_residential, commercial').describe('the tariff usage type from effectiveOn') }).strict(),
  units_change: z.object({ effectiveOn, ...pointRef,
    dwellingUnits: z.number().int().min(1).max(10_000).optional().describe('housing units (seed 002 item 13): per-unit fees and the allowed consumption'),
    residents: z.number().int().min(0).max(100_000).optional().describe('registered residents: the norm-based methods (Decree 354)') }).strict()
    .refine((v) => v.dwellingUnits !== undefined || v.residents !== undefined, { path: ['dwellingUnits'], message: 'give dwellingUnits, residents or both' }),
  diameter_change: z.object({ effectiveOn, ...pointRef, diameterMm: positive.describe('the new branch diameter in mm (the capacity method, Decree 776 §16)') }).strict(),
  capacity_change: z.object({ effectiveOn, ...pointRef, contractCapacityM3: positive.describe('the contracted capacity, m³ per month (seed 002 items 8, 18)') }).strict(),
  disconnection: z.object({ effectiveOn,
    servicePointIds: z.array(uuid).min(1).max(50).optional().describe('default: every open point of the account'),
    untilOn: isoDate.nullable().optional().describe('temporary: the reconnection day (exclusive); null: until a reconnection request is completed'),
    finalReadings: z.array(z.object({ meterId: uuid, index: decimal }).strict()).max(20).optional()
      .describe('permanent: the meters\' indexes at the disconnection, recorded dated effectiveOn (the final bill ends at them)') }).strict(),
  reconnection: z.object({ effectiveOn, ...pointRef }).strict(),
  relocation: z.object({ effectiveOn, ...pointRef, newLocation: text(500).describe('where the branch is now'),
    premisesId: uuid.optional().describe('other_property: an address of the account\'s customer the branch moves to; default: a new address from newLocation') }).strict(),
  meter_test: z.object({ meterId: uuid, testedOn: isoDate.describe('the day of the test: a failed meter is unverified from this day'),
    result: z.enum(['passed', 'failed']), labActNumber: text(60).describe('the laboratory\'s act number'),
    nextVerificationDue: isoDate.optional().describe('passed: the next verification due date') }).strict()
    .refine((v) => v.result === 'passed' || v.nextVerificationDue === undefined, { path: ['nextVerificationDue'], message: 'only a passed test sets the next verification' }),
} as const

export type CompletableType = keyof typeof COMPLETION_SCHEMAS
export type Completion<T extends CompletableType> = z.output<(typeof COMPLETION_SCHEMAS)[T]>

export const isCompletable = (t: string): t is CompletableType => Object.hasOwn(COMPLETION_SCHEMAS, t)

/** "25 mm", "25", "32mm" → the millimetres; inches (3/4") are left to staff. */
const mm = (s: unknown) => (typeof s === 'string' ? /^\s*(\d{1,4}(?:\.\d{1,3})?)\s*(mm)?\s*$/i.exec(s)?.[1] : undefined)

/** The request's own values, as defaults of its completion. */
function defaults(type: CompletableType, d: Record<string, unknown>): Record<string, unknown> {
  const only = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
  switch (type) {
    case 'name_change': return only({ newHolderName: d['newHolderName'], newHolderSurname: d['newHolderSurname'] })
    case 'usage_change': return only({ usageType: typeof d['requestedUsage'] === 'string' && /^[a-z][a-z0-9_]{0,59}$/.test(d['requestedUsage']) ? d['requestedUsage'] : undefined })
    case 'units_change': return only({ dwellingUnits: d['requestedUnits'] })
    case 'diameter_change': return only({ diameterMm: mm(d['requestedDiameter']) })
    case 'capacity_change': return only({ contractCapacityM3: d['requestedCapacityM3'] })
    case 'disconnection': return only({ effectiveOn: d['fromDate'], untilOn: d['mode'] === 'temporary' ? d['untilDate'] : undefined })
    case 'reconnection': return only({ effectiveOn: d['reconnectOn'], servicePointId: d['servicePointId'] })
    case 'relocation': return only({ newLocation: d['newLocation'] })
    case 'meter_test': return only({ meterId: d['meterId'] })
  }
}

/** The completion of a request of this type: the request's values overridden by the given ones, validated. */
export function parseCompletion<T extends CompletableType>(type: T, details: Record<string, unknown>, given: Record<string, unknown>, where: string): Completion<T> {
  const r = COMPLETION_SCHEMAS[type].safeParse({ ...defaults(type, details), ...given })
  if (!r.success) throw validationError(`the completion of a ${type.replaceAll('_', ' ')} request is not valid`, zodIssues(r.error, `${where}.completion`))
  return r.data as Completion<T>
}
