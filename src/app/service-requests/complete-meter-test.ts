// A meter check or test (seed 002 item 12; issue 12 §4): the laboratory's
// result is recorded as a meter event. Failed: the meter is unverified from
// the test day (a `failed` event), so the volume methods fall back for the
// days after it (volume-methods.md: averaging, then the norm or capacity;
// meters-and-readings.md: a faulty meter). Passed: a `verified` event, with
// the next verification due date when the laboratory sets one.
import { v7 as uuidv7 } from 'uuid'
import { unprocessable } from '../errors.ts'
import { applyMeterEvent } from '../resources/meter-events.ts'
import type { Changes, CompletionContext } from './complete-request.ts'
import type { Completion } from './completion-input.ts'

export async function completeMeterTest(ctx: CompletionContext, c: Completion<'meter_test'>): Promise<Changes> {
  const { trx, tenantId, r } = ctx
  const meter = await trx.selectFrom('meters as m').innerJoin('servicePoints as s', (j) => j.onRef('s.tenantId', '=', 'm.tenantId').onRef('s.servicePointId', '=', 'm.servicePointId'))
    .select(['m.meterId', 'm.serial', 'm.servicePointId']).where('m.tenantId', '=', tenantId).where('m.meterId', '=', c.meterId).where('s.accountId', '=', r.accountId).executeTakeFirst()
  if (!meter) throw unprocessable('unknown_meter', `meter ${c.meterId} is not on this account`, [{ path: `${ctx.where}.completion.meterId`, message: 'not a meter of this account' }])
  const failedBefore = await trx.selectFrom('meterEvents').select('occurredOn').where('tenantId', '=', tenantId).where('meterId', '=', c.meterId)
    .where('kind', 'in', ['failed', 'dismantled', 'replaced']).where('occurredOn', '<=', c.testedOn).orderBy('occurredOn', 'desc').executeTakeFirst()
  if (c.result === 'failed' && failedBefore) {
    throw unprocessable('meter_already_out', `meter ${meter.serial} is already out of service from ${failedBefore.occurredOn}`, [{ path: `${ctx.where}.completion.testedOn`, message: 'the meter is out already' }])
  }
  const note = `meter test ${c.result}, laboratory act ${c.labActNumber} (service request ${r.requestId})`
  const kind = c.result === 'failed' ? 'failed' : 'verified'
  await trx.insertInto('meterEvents').values({ tenantId, eventId: uuidv7(), meterId: c.meterId, kind, occurredOn: c.testedOn, meterIndex: null, seals: [],
    nextVerificationDue: c.nextVerificationDue ?? null, actId: null, note }).execute()
  await applyMeterEvent(trx, tenantId, { meterId: c.meterId, kind, nextVerificationDue: c.nextVerificationDue ?? null })
  return [{ meterId: c.meterId, serial: meter.serial, servicePointId: meter.servicePointId, result: c.result, testedOn: c.testedOn, labActNumber: c.labActNumber,
    ...(c.result === 'failed' ? { unverifiedFrom: c.testedOn, method: 'the volume methods fall back from this day (averaging, then the norm or the capacity method)' }
      : { nextVerificationDue: c.nextVerificationDue ?? null }) }]
}
