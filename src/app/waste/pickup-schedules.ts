// Waste pickup schedules per address (issue 12 §3, seed 001 "Miljötjänster"):
// staff enter the recurring rules per bin and fraction and the exceptions; a
// customer reads the address's next pickups, each with how sure it is
// (core/waste/pickup-dates.ts), and its extra pickup orders (service requests
// of type extra_pickup) beside them.
import { z } from 'zod'
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { addDays, isIsoDate } from '../../core/shared/dates.ts'
import { isoWeekday, pickupDates, type PickupException, type PickupRule } from '../../core/waste/pickup-dates.ts'
import type { Db } from '../../db/database.ts'
import type { PickupRulesTable } from '../../db/schema.ts'
import type { Selectable } from 'kysely'
import { todayIn, type Clock } from '../clock.ts'
import { notFound, unprocessable, validationError } from '../errors.ts'
import { isoDate, text } from '../schemas.ts'

const BASIS = z.enum(['route', 'plan', 'estimate']).describe('route: the collection route\'s (körtur) own schedule; plan: the scheme\'s plan; estimate: approximate, the route not known')

export const pickupRuleInput = z.object({
  fraction: text(60).describe('residual, food, paper, glass, …'),
  bin: text(60).optional().describe('the bin: size or label, e.g. "190 l"'),
  weekday: z.number().int().min(1).max(7).describe('ISO weekday: 1 Monday … 7 Sunday'),
  everyWeeks: z.number().int().min(1).max(52).default(1).describe('1 weekly, 2 every other week, N every N weeks'),
  anchor: isoDate.optional().describe('a pickup day on the weekday the N-week cycle counts from (default: the first weekday on or after validFrom)'),
  validFrom: isoDate,
  validTo: isoDate.optional(),
  basis: BASIS,
  confirmedThrough: isoDate.optional().describe('a route rule: the route confirms its dates through this day'),
}).strict()
  .refine((r) => !r.anchor || !isIsoDate(r.anchor) || isoWeekday(r.anchor) === r.weekday, { path: ['anchor'], message: 'the anchor is not on the weekday' })
  .refine((r) => !r.validTo || r.validTo >= r.validFrom, { path: ['validTo'], message: 'validTo is before validFrom' })
  .refine((r) => r.basis === 'route' || !r.confirmedThrough, { path: ['confirmedThrough'], message: 'only the route confirms dates (basis route)' })
  .meta({ id: 'PickupRuleInput' })

export const pickupRulePatch = z.object({
  validTo: isoDate.nullable().optional(),
  basis: BASIS.optional(),
  confirmedThrough: isoDate.nullable().optional(),
}).strict().meta({ id: 'PickupRulePatch' })

export const pickupExceptionInput = z.object({
  date: isoDate.describe('the regular pickup date it changes'),
  kind: z.enum(['cancelled', 'moved']),
  movedTo: isoDate.optional(),
  basis: BASIS,
  reason: text(300).optional(),
}).strict()
  .refine((e) => (e.kind === 'moved') === !!e.movedTo, { path: ['movedTo'], message: 'a moved pickup needs movedTo; a cancelled one has none' })
  .meta({ id: 'PickupExceptionInput' })

export const pickupRuleDto = z.object({
  id: z.uuid(), premisesId: z.uuid(), fraction: z.string(), bin: z.string().nullable(), weekday: z.number().int(), everyWeeks: z.number().int(),
  anchor: z.string(), validFrom: z.string(), validTo: z.string().nullable(), basis: BASIS, confirmedThrough: z.string().nullable(),
  exceptions: z.array(z.object({ date: z.string(), kind: z.enum(['cancelled', 'moved']), movedTo: z.string().nullable(), basis: BASIS, reason: z.string().nullable() })),
}).meta({ id: 'PickupRule' })
type PickupRuleDto = z.infer<typeof pickupRuleDto>

const RELIABILITY = z.enum(['confirmed', 'planned', 'estimated'])
export const pickupScheduleDto = z.object({
  premisesId: z.uuid(),
  from: z.string(), to: z.string(),
  pickups: z.array(z.object({
    date: z.string(), fraction: z.string(), bin: z.string().nullable(),
    reliability: RELIABILITY.describe('confirmed by the collection route, planned (the plan, not yet confirmed), or estimated (check with the waste facility)'),
    why: z.string(), movedFrom: z.string().nullable(), ruleId: z.uuid().nullable(),
    extraOrder: z.object({ requestId: z.uuid(), status: z.string(), bins: z.number().int() }).nullable().describe('an extra pickup ordered as a service request'),
  })),
  rules: z.array(pickupRuleDto),
  note: z.string().describe('seed 001: the dates are not right for every address while the routes are entered'),
}).meta({ id: 'PickupSchedule' })
export type PickupScheduleDto = z.infer<typeof pickupScheduleDto>

export const scheduleQuery = z.object({
  from: isoDate.optional().describe('default: today in the tenant\'s zone'),
  to: isoDate.optional().describe('default: 12 weeks after from'),
}).refine((q) => !q.from || !q.to || q.to >= q.from, { path: ['to'], message: 'to is before from' })

function toRule(r: Selectable<PickupRulesTable>): PickupRule {
  return { id: r.ruleId, fraction: r.fraction, bin: r.bin, weekday: r.weekday, everyWeeks: r.everyWeeks, anchor: r.anchor, validFrom: r.validFrom,
    validTo: r.validTo, basis: r.basis, confirmedThrough: r.confirmedThrough }
}

async function rulesOf(db: Db, tenantId: string, where: { premisesId?: string; ruleId?: string }): Promise<PickupRuleDto[]> {
  let q = db.selectFrom('pickupRules').selectAll().where('tenantId', '=', tenantId)
  if (where.premisesId) q = q.where('premisesId', '=', where.premisesId)
  if (where.ruleId) q = q.where('ruleId', '=', where.ruleId)
  const rules = await q.orderBy('ruleId').execute()
  const ex = rules.length ? await db.selectFrom('pickupExceptions').selectAll().where('tenantId', '=', tenantId).where('ruleId', 'in', rules.map((r) => r.ruleId)).orderBy('date').execute() : []
  return rules.map((r) => ({ ...toRule(r), premisesId: r.premisesId,
    exceptions: ex.filter((e) => e.ruleId === r.ruleId).map((e) => ({ date: e.date, kind: e.kind, movedTo: e.movedTo, basis: e.basis, reason: e.reason })) }))
}

export async function createPickupRule(db: Db, tenantId: string, premisesId: string, input: z.infer<typeof pickupRuleInput>): Promise<PickupRuleDto> {
  const p = await db.selectFrom('premises').select('premisesId').where('tenantId', '=', tenantId).where('premisesId', '=', premisesId).executeTakeFirst()
  if (!p) throw notFound('premises')
  // the default anchor: the first day on the weekday on or after validFrom
  const anchor = input.anchor ?? addDays(input.validFrom, (input.weekday - isoWeekday(input.validFrom) + 7) % 7)
  const ruleId = uuidv7()
  await db.insertInto('pickupRules').values({ tenantId, ruleId, premisesId, fraction: input.fraction, bin: input.bin ?? null, weekday: input.weekday,
    everyWeeks: input.everyWeeks, anchor, validFrom: input.validFrom, validTo: input.validTo ?? null, basis: input.basis, confirmedThrough: input.confirmedThrough ?? null }).execute()
  return (await rulesOf(db, tenantId, { ruleId }))[0]!
}

export async function updatePickupRule(db: Db, tenantId: string, ruleId: string, input: z.infer<typeof pickupRulePatch>): Promise<PickupRuleDto> {
  const r = await db.selectFrom('pickupRules').selectAll().where('tenantId', '=', tenantId).where('ruleId', '=', ruleId).executeTakeFirst()
  if (!r) throw notFound('pickup rule')
  const next = { validTo: input.validTo === undefined ? r.validTo : input.validTo, basis: input.basis ?? r.basis,
    confirmedThrough: input.confirmedThrough === undefined ? r.confirmedThrough : input.confirmedThrough }
  if (next.validTo !== null && next.validTo < r.validFrom) throw validationError('validTo is before validFrom', [{ path: 'body.validTo', message: 'before validFrom' }])
  if (next.basis !== 'route' && next.confirmedThrough !== null) throw validationError('only the route confirms dates', [{ path: 'body.confirmedThrough', message: 'needs basis route' }])
  await db.updateTable('pickupRules').set({ ...next, updatedAt: sql<Date>`now()` }).where('tenantId', '=', tenantId).where('ruleId', '=', ruleId).execute()
  return (await rulesOf(db, tenantId, { ruleId }))[0]!
}

/** An exception changes one of the rule's own dates; entered again for the date, it replaces the earlier one. */
export async function putPickupException(db: Db, tenantId: string, ruleId: string, input: z.infer<typeof pickupExceptionInput>): Promise<PickupRuleDto> {
  const r = await db.selectFrom('pickupRules').selectAll().where('tenantId', '=', tenantId).where('ruleId', '=', ruleId).executeTakeFirst()
  if (!r) throw notFound('pickup rule')
  const rule = toRule(r)
  if (isoWeekday(input.date) !== rule.weekday || !pickupDates([rule], [], input.date, input.date).length) {
    throw unprocessable('not_a_pickup_date', `${input.date} is not one of the rule's pickup dates`, [{ path: 'body.date', message: 'not a pickup date of the rule' }])
  }
  const values = { kind: input.kind, movedTo: input.movedTo ?? null, basis: input.basis, reason: input.reason ?? null }
  await db.insertInto('pickupExceptions').values({ tenantId, ruleId, date: input.date, ...values })
    .onConflict((oc) => oc.columns(['tenantId', 'ruleId', 'date']).doUpdateSet(values)).execute()
  return (await rulesOf(db, tenantId, { ruleId }))[0]!
}

const EXTRA_RELIABILITY: Record<string, 'confirmed' | 'planned' | 'estimated'> = {
  submitted: 'estimated', in_review: 'planned', site_visit: 'planned', awaiting_payment: 'planned', done: 'confirmed',
}

export async function pickupSchedule(db: Db, tenantId: string, premisesId: string, q: z.infer<typeof scheduleQuery>, clock: Clock): Promise<PickupScheduleDto> {
  const p = await db.selectFrom('premises').select('premisesId').where('tenantId', '=', tenantId).where('premisesId', '=', premisesId).executeTakeFirst()
  if (!p) throw notFound('premises')
  const tz = (await db.selectFrom('tenants').select('timeZone').where('tenantId', '=', tenantId).executeTakeFirstOrThrow()).timeZone
  const from = q.from ?? todayIn(tz, clock)
  const to = q.to ?? addDays(from, 83)
  if (to > addDays(from, 731)) throw validationError('at most two years at a time', [{ path: 'query.to', message: 'more than 731 days after from' }])
  const rules = await rulesOf(db, tenantId, { premisesId })
  const exceptions: PickupException[] = rules.flatMap((r) => r.exceptions.map((e) => ({ ...e, ruleId: r.id })))
  const regular = pickupDates(rules, exceptions, from, to).map((d) => ({ date: d.date, fraction: d.fraction, bin: d.bin, reliability: d.reliability, why: d.why,
    movedFrom: d.movedFrom, ruleId: d.ruleId, extraOrder: null }))
  // extra pickups ordered as service requests (issue 12 §3), not rejected
  const extras = await db.selectFrom('serviceRequests').select(['requestId', 'status', 'details']).where('tenantId', '=', tenantId).where('type', '=', 'extra_pickup')
    .where('status', '!=', 'rejected').where(sql<boolean>`details->>'premisesId' = ${premisesId}`)
    .where(sql<boolean>`details->>'wantedOn' between ${from} and ${to}`).execute()
  const extra = extras.map((e) => {
    const d = e.details as { wantedOn: string; fraction: string; bins?: number }
    const reliability = EXTRA_RELIABILITY[e.status] ?? 'estimated'
    return { date: d.wantedOn, fraction: d.fraction, bin: null, reliability,
      why: reliability === 'confirmed' ? 'an extra pickup, done' : reliability === 'planned' ? 'an extra pickup, accepted' : 'an extra pickup, ordered and not yet accepted',
      movedFrom: null, ruleId: null, extraOrder: { requestId: e.requestId, status: e.status, bins: d.bins ?? 1 } }
  })
  const pickups = [...regular, ...extra].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.fraction < b.fraction ? -1 : a.fraction > b.fraction ? 1 : 0))
  return { premisesId, from, to, pickups, rules,
    note: 'Dates confirmed by the collection route are reliable; planned dates follow the scheme\'s plan and may move; estimated dates are approximate: check them with the waste facility.' }
}
