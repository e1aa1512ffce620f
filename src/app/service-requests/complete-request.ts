// Completing a request changes the records (issue 12 §4; seed 002 items 3–14):
// in the transaction of the status change, the values of the completion
// (completion-input.ts) become the account's and its points' from the
// effective day, with the history kept so that bills and documents of
// earlier days keep the values valid then. Each completion is audited and
// announced (service_request.completed). A completion is written once: done
// is final (a second one is a 409), and a retry with the Idempotency-Key
// replays the stored answer.
import { sql, type Selectable, type Transaction } from 'kysely'
import { addDays } from '../../core/shared/dates.ts'
import type { Db } from '../../db/database.ts'
import type { DB, ServiceRequestsTable } from '../../db/schema.ts'
import type { Clock } from '../clock.ts'
import { unprocessable, validationError } from '../errors.ts'
import { audit } from '../customer-auth/audit.ts'
import { emitEvents } from '../events/events.ts'
import { isCompletable, parseCompletion, type Completion } from './completion-input.ts'
import { changeTerm, onePoint } from './point-terms.ts'
import { completeDisconnection, completeReconnection } from './complete-disconnection.ts'
import { completeMeterTest } from './complete-meter-test.ts'
import { completeRelocation } from './complete-relocation.ts'

export interface CompletionContext {
  trx: Db
  tenantId: string
  r: Selectable<ServiceRequestsTable>
  account: { accountId: string; customerId: string; openedOn: string; closedOn: string | null }
  actor: string
  where: string
  clock: Clock
}

export type Changes = Record<string, unknown>[]

/**
 * The completion of `r` (its status about to become done): validates, writes
 * the changes and returns the request's outcome; throws (and so rolls the
 * whole transition back) on bad input. Types that change no record return null.
 */
export async function completeRecords(trx: Transaction<DB>, tenantId: string, r: Selectable<ServiceRequestsTable>, given: Record<string, unknown> | undefined,
  actor: string, clock: Clock, where: string): Promise<Record<string, unknown> | null> {
  const type = r.type
  if (!isCompletable(type)) {
    if (given && Object.keys(given).length) throw validationError(`a ${type.replaceAll('_', ' ')} request takes no completion`, [{ path: `${where}.completion`, message: 'not for this request type' }])
    return null
  }
  const details = r.details as Record<string, unknown>
  const c = parseCompletion(type, details, given ?? {}, where)
  const account = await trx.selectFrom('accounts').select(['accountId', 'customerId', 'openedOn', 'closedOn'])
    .where('tenantId', '=', tenantId).where('accountId', '=', r.accountId).forUpdate().executeTakeFirstOrThrow()
  const effectiveOn = 'effectiveOn' in c ? c.effectiveOn : c.testedOn
  if (effectiveOn < account.openedOn) {
    throw unprocessable('before_account_opened', `the change cannot take effect on ${effectiveOn}: the account opened on ${account.openedOn}`, [{ path: `${where}.completion.effectiveOn`, message: `before ${account.openedOn}` }])
  }
  if (account.closedOn !== null && effectiveOn >= account.closedOn) {
    throw unprocessable('account_closed', `the account is closed from ${account.closedOn}: a change from ${effectiveOn} applies to nothing`, [{ path: `${where}.completion.effectiveOn`, message: `on or after ${account.closedOn}` }])
  }
  const ctx: CompletionContext = { trx, tenantId, r, account, actor, where, clock }
  const changes = await apply(ctx, type, c as never)
  const billed = await trx.selectFrom('bills').select('periodStart').where('tenantId', '=', tenantId).where('accountId', '=', r.accountId)
    .where('kind', '=', 'regular').where('periodEnd', '>', effectiveOn).orderBy('periodStart').execute()
  const outcome: Record<string, unknown> = {
    effectiveOn, changes,
    ...(billed.length ? { billedPeriods: billed.map((b) => b.periodStart),
      rebill: `periods already billed from ${billed[0]!.periodStart} keep their posted bills; the next bill run corrects them with the values valid then, or POST /v1/accounts/${r.accountId}/recalculations now` } : {}),
  }
  await audit(trx, tenantId, { actor, action: 'service_request.completed', subject: r.requestId, detail: { accountId: r.accountId, type, effectiveOn, changes } }, clock)
  await emitEvents(trx, tenantId, [{ type: 'service_request.completed', objectType: 'service_request', objectId: r.requestId,
    data: { accountId: r.accountId, type, effectiveOn, changes } }])
  return outcome
}

async function apply(ctx: CompletionContext, type: string, c: Completion<'name_change'> & Completion<'usage_change'> & Completion<'units_change'>
  & Completion<'diameter_change'> & Completion<'capacity_change'> & Completion<'disconnection'> & Completion<'reconnection'> & Completion<'meter_test'> & Completion<'relocation'>): Promise<Changes> {
  const { trx, tenantId, r, where } = ctx
  switch (type) {
    case 'name_change': return [await changeHolder(ctx, c)]
    case 'usage_change': {
      const p = await onePoint(trx, tenantId, r.accountId, c.effectiveOn, c.servicePointId, where)
      await requireTariff(ctx, p.resource, c.usageType, c.effectiveOn)
      const { previous } = await changeTerm(trx, tenantId, p, 'usage_type', c.effectiveOn, c.usageType, r.requestId)
      return [{ servicePointId: p.servicePointId, attribute: 'usageType', from: previous, to: c.usageType }]
    }
    case 'units_change': {
      const p = await onePoint(trx, tenantId, r.accountId, c.effectiveOn, c.servicePointId, where)
      const out: Changes = []
      if (c.dwellingUnits !== undefined) {
        const { previous } = await changeTerm(trx, tenantId, p, 'dwelling_units', c.effectiveOn, String(c.dwellingUnits), r.requestId)
        out.push({ servicePointId: p.servicePointId, attribute: 'dwellingUnits', from: previous === null ? null : Number(previous), to: c.dwellingUnits })
      }
      if (c.residents !== undefined) {
        // residents keep their own history (Decree 354 norms): one row per effective day
        const before = await trx.selectFrom('residents').select('residents').where('tenantId', '=', tenantId).where('servicePointId', '=', p.servicePointId)
          .where('effectiveFrom', '<', c.effectiveOn).orderBy('effectiveFrom', 'desc').limit(1).executeTakeFirst()
        await trx.insertInto('residents').values({ tenantId, servicePointId: p.servicePointId, effectiveFrom: c.effectiveOn, residents: c.residents })
          .onConflict((oc) => oc.columns(['tenantId', 'servicePointId', 'effectiveFrom']).doUpdateSet({ residents: c.residents!, recordedAt: sql<Date>`now()` })).execute()
        out.push({ servicePointId: p.servicePointId, attribute: 'residents', from: before?.residents ?? null, to: c.residents })
      }
      return out
    }
    case 'diameter_change': {
      const p = await onePoint(trx, tenantId, r.accountId, c.effectiveOn, c.servicePointId, where)
      const { previous } = await changeTerm(trx, tenantId, p, 'diameter_mm', c.effectiveOn, c.diameterMm, r.requestId)
      return [{ servicePointId: p.servicePointId, attribute: 'diameterMm', from: previous, to: c.diameterMm }]
    }
    case 'capacity_change': {
      const p = await onePoint(trx, tenantId, r.accountId, c.effectiveOn, c.servicePointId, where)
      const { previous } = await changeTerm(trx, tenantId, p, 'contract_capacity_m3', c.effectiveOn, c.contractCapacityM3, r.requestId)
      return [{ servicePointId: p.servicePointId, attribute: 'contractCapacityM3', from: previous, to: c.contractCapacityM3 }]
    }
    case 'disconnection': return completeDisconnection(ctx, c)
    case 'reconnection': return completeReconnection(ctx, c)
    case 'meter_test': return completeMeterTest(ctx, c)
    case 'relocation': return completeRelocation(ctx, c)
    default: return []
  }
}

/** A usage type the bill run can price: a tariff of the point's service for it on the effective day (water; other utilities have their own tariffs). */
async function requireTariff(ctx: CompletionContext, resource: string, usage: string, on: string): Promise<void> {
  if (!['cold_water', 'hot_water', 'wastewater'].includes(resource)) return
  const found = await ctx.trx.selectFrom('tariffVersions').select('tariffVersionId').where('tenantId', '=', ctx.tenantId).where('service', '=', resource)
    .where('usageType', '=', usage).where('validFrom', '<=', on).where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>', on)])).executeTakeFirst()
  if (found) return
  const known = await ctx.trx.selectFrom('tariffVersions').select('usageType').distinct().where('tenantId', '=', ctx.tenantId).where('service', '=', resource).execute()
  throw unprocessable('tariff_not_found', `no ${resource} tariff for usage "${usage}" on ${on}: the bill run could not price it (tariffs exist for ${known.map((k) => k.usageType).join(', ') || 'no usage'})`,
    [{ path: `${ctx.where}.completion.usageType`, message: 'no tariff for this usage' }])
}

/** The account holder's name from the effective day; the name it replaces stays on what was issued before. */
async function changeHolder(ctx: CompletionContext, c: Completion<'name_change'>): Promise<Record<string, unknown>> {
  const { trx, tenantId, r } = ctx
  const rows = await trx.selectFrom('accountHolderNames').selectAll().where('tenantId', '=', tenantId).where('accountId', '=', r.accountId).orderBy('effectiveFrom').execute()
  const customer = await trx.selectFrom('customers').select(['name', 'surname']).where('tenantId', '=', tenantId).where('customerId', '=', ctx.account.customerId).executeTakeFirstOrThrow()
  const dayBefore = addDays(c.effectiveOn, -1)
  const prior = rows.filter((x) => x.effectiveFrom <= dayBefore).at(-1)
  const before = prior ? { name: prior.name, surname: prior.surname } : rows.length ? { name: rows[0]!.previousName, surname: rows[0]!.previousSurname } : customer
  const surname = c.newHolderSurname ?? null
  await trx.insertInto('accountHolderNames').values({ tenantId, accountId: r.accountId, effectiveFrom: c.effectiveOn, name: c.newHolderName, surname,
    previousName: before.name, previousSurname: before.surname, requestId: r.requestId })
    .onConflict((oc) => oc.columns(['tenantId', 'accountId', 'effectiveFrom']).doUpdateSet({ name: c.newHolderName, surname, requestId: r.requestId })).execute()
  // the surname a new holder links the account with (POST /v1/me/accounts): the newest change's
  if (surname && !rows.some((x) => x.effectiveFrom > c.effectiveOn)) {
    await trx.updateTable('accounts').set({ ownerSurname: surname }).where('tenantId', '=', tenantId).where('accountId', '=', r.accountId).execute()
  }
  return { attribute: 'holderName', from: [before.name, before.surname].filter(Boolean).join(' '), to: [c.newHolderName, surname].filter(Boolean).join(' ') }
}
