// Disconnection and reconnection (seed 002 item 6; issue 12 §4).
// Temporary: the points are not billed from the disconnection day up to the
// reconnection day (service_point_suspensions; the bill run shows the days as
// an info line, settle-accounts.ts), open-ended until a reconnection request
// is completed. Permanent: the points close from the day (service_points.
// closed_on) and, when no point of the account stays open, the account
// closes too: the bill run of that period bills to the day before, as a
// moving notice's final bill does (move-out.ts).
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import { submitReading } from '../readings/submit-reading.ts'
import { unprocessable } from '../errors.ts'
import type { Changes, CompletionContext } from './complete-request.ts'
import type { Completion } from './completion-input.ts'
import { onePoint, openPointsOf, type OpenPoint } from './point-terms.ts'

async function pointsFor(ctx: CompletionContext, ids: string[] | undefined, day: string): Promise<OpenPoint[]> {
  const open = await openPointsOf(ctx.trx, ctx.tenantId, ctx.r.accountId, day)
  if (!ids) {
    if (!open.length) throw unprocessable('no_open_service_point', `the account has no service point open on ${day}`)
    return open
  }
  const missing = ids.map((id, i) => ({ id, i })).filter((x) => !open.some((p) => p.servicePointId === x.id))
  if (missing.length) {
    throw unprocessable('unknown_service_point', 'a service point is not an open point of this account', missing.map((m) => ({ path: `${ctx.where}.completion.servicePointIds.${m.i}`, message: `not open on ${day}` })))
  }
  return open.filter((p) => ids.includes(p.servicePointId))
}

export async function completeDisconnection(ctx: CompletionContext, c: Completion<'disconnection'>): Promise<Changes> {
  const { trx, tenantId, r } = ctx
  const mode = (r.details as { mode?: string }).mode === 'permanent' ? 'permanent' : 'temporary'
  const points = await pointsFor(ctx, c.servicePointIds, c.effectiveOn)
  if (mode === 'permanent') {
    if (c.untilOn) throw unprocessable('permanent_has_no_end', 'a permanent disconnection has no reconnection day', [{ path: `${ctx.where}.completion.untilOn`, message: 'not for a permanent disconnection' }])
    const readings = await finalReadings(ctx, points, c)
    for (const p of points) {
      await trx.updateTable('servicePoints').set({ closedOn: c.effectiveOn, updatedAt: sql<Date>`now()` }).where('tenantId', '=', tenantId).where('servicePointId', '=', p.servicePointId).execute()
    }
    const stillOpen = await openPointsOf(trx, tenantId, r.accountId, c.effectiveOn)
    const closesAccount = stillOpen.length === 0
    if (closesAccount) await trx.updateTable('accounts').set({ closedOn: c.effectiveOn }).where('tenantId', '=', tenantId).where('accountId', '=', r.accountId).execute()
    return [
      ...points.map((p) => ({ servicePointId: p.servicePointId, attribute: 'closedOn', from: null, to: c.effectiveOn,
        finalReadings: readings.filter((x) => x.servicePointId === p.servicePointId).map(({ servicePointId: _s, ...x }) => x) })),
      ...(closesAccount ? [{ accountId: r.accountId, attribute: 'closedOn', from: null, to: c.effectiveOn,
        finalBill: `the bill run of the period holding ${c.effectiveOn} bills the account up to ${c.effectiveOn} (exclusive); no later run selects it` }] : []),
    ]
  }
  if (c.finalReadings?.length) throw unprocessable('readings_not_taken', 'final readings go with a permanent disconnection', [{ path: `${ctx.where}.completion.finalReadings`, message: 'temporary: the meter stays' }])
  const until = c.untilOn ?? null
  if (until !== null && until <= c.effectiveOn) throw unprocessable('until_before_from', `untilOn ${until} is not after ${c.effectiveOn}`, [{ path: `${ctx.where}.completion.untilOn`, message: 'must be after effectiveOn' }])
  for (const p of points) {
    const overlap = await overlapping(trx, tenantId, p.servicePointId, c.effectiveOn, until)
    if (overlap) {
      throw unprocessable('already_disconnected', `service point ${p.servicePointId} is already disconnected from ${overlap.fromOn}${overlap.untilOn ? ` to ${overlap.untilOn}` : ' (until reconnected)'}`,
        [{ path: `${ctx.where}.completion.effectiveOn`, message: 'overlaps a disconnection' }])
    }
    await trx.insertInto('servicePointSuspensions').values({ tenantId, servicePointId: p.servicePointId, fromOn: c.effectiveOn, untilOn: until, requestId: r.requestId, endedByRequestId: null }).execute()
  }
  return points.map((p) => ({ servicePointId: p.servicePointId, attribute: 'disconnected', from: c.effectiveOn, until }))
}

/** The final readings, through the readings intake like a moving notice's handover (move-out.ts): refused unless accepted. */
async function finalReadings(ctx: CompletionContext, points: OpenPoint[], c: Completion<'disconnection'>) {
  const given = c.finalReadings ?? []
  if (!given.length) return []
  const meters = await ctx.trx.selectFrom('meters').select(['meterId', 'servicePointId']).where('tenantId', '=', ctx.tenantId)
    .where('servicePointId', 'in', points.map((p) => p.servicePointId)).execute()
  const out: { servicePointId: string; meterId: string; readingId: string; status: string }[] = []
  for (const [i, x] of given.entries()) {
    const m = meters.find((y) => y.meterId === x.meterId)
    if (!m) throw unprocessable('unknown_meter', `meter ${x.meterId} is not on a disconnected point`, [{ path: `${ctx.where}.completion.finalReadings.${i}.meterId`, message: 'not on a disconnected point' }])
    const res = await submitReading(ctx.trx, ctx.tenantId, { meterId: x.meterId, readAt: c.effectiveOn, index: x.index, source: 'accounting' }, { now: ctx.clock.now() })
    if (res.reading.status !== 'accepted') {
      throw unprocessable('final_reading_not_accepted', `the final reading of meter ${x.meterId} was ${res.reading.status} by the readings intake: ${res.reading.reasons.join(', ')}`,
        [{ path: `${ctx.where}.completion.finalReadings.${i}.index`, message: res.reading.reasons.join(', ') }])
    }
    out.push({ servicePointId: m.servicePointId, meterId: x.meterId, readingId: res.reading.id, status: res.reading.status })
  }
  return out
}

async function overlapping(trx: Db, tenantId: string, servicePointId: string, from: string, until: string | null) {
  let q = trx.selectFrom('servicePointSuspensions').select(['fromOn', 'untilOn']).where('tenantId', '=', tenantId).where('servicePointId', '=', servicePointId)
    .where((eb) => eb.or([eb('untilOn', 'is', null), eb('untilOn', '>', from)]))
  if (until !== null) q = q.where('fromOn', '<', until)
  return q.executeTakeFirst()
}

/** Ends the disconnection that holds on the reconnection day: billed again from that day. */
export async function completeReconnection(ctx: CompletionContext, c: Completion<'reconnection'>): Promise<Changes> {
  const { trx, tenantId, r } = ctx
  const candidates = c.servicePointId ? [await onePoint(trx, tenantId, r.accountId, c.effectiveOn, c.servicePointId, ctx.where)] : await openPointsOf(trx, tenantId, r.accountId, c.effectiveOn)
  const out: Changes = []
  for (const p of candidates) {
    const s = await trx.selectFrom('servicePointSuspensions').select(['fromOn', 'untilOn']).where('tenantId', '=', tenantId).where('servicePointId', '=', p.servicePointId)
      .where('fromOn', '<', c.effectiveOn).where((eb) => eb.or([eb('untilOn', 'is', null), eb('untilOn', '>=', c.effectiveOn)])).orderBy('fromOn', 'desc').executeTakeFirst()
    if (!s) continue
    await trx.updateTable('servicePointSuspensions').set({ untilOn: c.effectiveOn, endedByRequestId: r.requestId, recordedAt: sql<Date>`now()` })
      .where('tenantId', '=', tenantId).where('servicePointId', '=', p.servicePointId).where('fromOn', '=', s.fromOn).execute()
    out.push({ servicePointId: p.servicePointId, attribute: 'disconnected', from: s.fromOn, until: c.effectiveOn, previousUntil: s.untilOn })
  }
  if (!out.length) {
    throw unprocessable('not_disconnected', `no point of this account is disconnected on ${c.effectiveOn} (a disconnection must start before the reconnection day)`,
      [{ path: `${ctx.where}.completion.effectiveOn`, message: 'no disconnection holds then' }])
  }
  return out
}
