// A completed moving notice (issue 12 §4, seed 001 "Flyttanmälan"): the
// handover readings enter the readings intake dated the move-out day, the
// account closes that day, and, when the customer moves to an address the
// utility serves (newAddress and moveInOn), a new account opens there for the
// same customer, reachable by the same customer users.
//
// The final bill: accounts.closed_on is the first day the account is closed
// (settle-accounts.ts), so the bill run of the period holding the move-out day
// bills the account for its open days only, up to the handover reading, and
// no later run selects it (bill-runs.ts: closed_on > period start). A run of
// that period already posted is reopened by the correction machinery
// (POST /v1/accounts/{id}/recalculations), which re-settles the period with
// the account's new closed_on.
import type { Db } from '../../db/database.ts'
import type { ServiceRequestsTable } from '../../db/schema.ts'
import type { Selectable } from 'kysely'
import type { Clock } from '../clock.ts'
import { unprocessable } from '../errors.ts'
import { submitReading } from '../readings/submit-reading.ts'
import { v7 as uuidv7 } from 'uuid'
import type { TransitionInput } from './request-input.ts'
import { forgetCustomerAccess } from '../customer-auth/principal-cache.ts'

interface MovingDetails {
  moveOutOn: string
  handoverReadings?: { meterId: string; index: string }[]
  newAddress?: { address: string; city?: string; postalCode?: string; country?: string }
  moveInOn?: string
}

export async function completeMove(trx: Db, tenantId: string, r: Selectable<ServiceRequestsTable>, input: TransitionInput, clock: Clock): Promise<Record<string, unknown>> {
  const d = r.details as unknown as MovingDetails
  const account = await trx.selectFrom('accounts').selectAll().where('tenantId', '=', tenantId).where('accountId', '=', r.accountId).forUpdate().executeTakeFirstOrThrow()
  if (account.closedOn !== null && account.closedOn <= d.moveOutOn) {
    throw unprocessable('account_closed', `the account is already closed from ${account.closedOn}`)
  }
  if (d.moveOutOn < account.openedOn) throw unprocessable('move_before_opening', `moveOutOn ${d.moveOutOn} is before the account opened (${account.openedOn})`)

  // The handover readings: the request's, else the ones staff give on completion; every meter of the account needs one.
  const readings = d.handoverReadings?.length ? d.handoverReadings : input.handoverReadings ?? []
  const meters = await trx.selectFrom('meters as m').innerJoin('servicePoints as s', (j) => j.onRef('s.tenantId', '=', 'm.tenantId').onRef('s.servicePointId', '=', 'm.servicePointId'))
    .select(['m.meterId', 'm.serial']).where('m.tenantId', '=', tenantId).where('s.accountId', '=', r.accountId).execute()
  const foreign = readings.filter((x) => !meters.some((m) => m.meterId === x.meterId))
  if (foreign.length) throw unprocessable('unknown_meter', 'a handover reading names a meter that is not this account\'s', foreign.map((x) => ({ path: 'handoverReadings', message: `meter ${x.meterId} is not on this account` })))
  const unread = meters.filter((m) => !readings.some((x) => x.meterId === m.meterId))
  if (unread.length) {
    throw unprocessable('handover_reading_missing', `the final bill needs the handover reading of every meter: missing ${unread.map((m) => m.serial).join(', ')}`,
      unread.map((m) => ({ path: 'handoverReadings', message: `no reading for meter ${m.serial} (${m.meterId})` })))
  }
  const recorded: { meterId: string; readingId: string; verdict: string; status: string }[] = []
  for (const x of readings) {
    const res = await submitReading(trx, tenantId, { meterId: x.meterId, readAt: d.moveOutOn, index: x.index, source: 'accounting' }, { now: clock.now() })
    // The final bill rests on it: a reading the intake flags or rejects is refused, and nothing of the completion is kept.
    if (res.reading.status !== 'accepted') {
      throw unprocessable('handover_reading_not_accepted', `the handover reading of meter ${x.meterId} was ${res.reading.status} by the readings intake: ${res.reading.reasons.join(', ')}; check the index`,
        [{ path: 'handoverReadings', message: res.reading.reasons.join(', ') }])
    }
    recorded.push({ meterId: x.meterId, readingId: res.reading.id, verdict: res.verdict, status: res.reading.status })
  }
  await trx.updateTable('accounts').set({ closedOn: d.moveOutOn }).where('tenantId', '=', tenantId).where('accountId', '=', r.accountId).execute()

  let opened: { accountId: string; number: string; premisesId: string; openedOn: string } | null = null
  if (d.newAddress && d.moveInOn) {
    const premisesId = uuidv7()
    await trx.insertInto('premises').values({ tenantId, premisesId, customerId: account.customerId, kind: 'other', address: d.newAddress.address,
      city: d.newAddress.city ?? null, region: null, postalCode: d.newAddress.postalCode ?? null, country: d.newAddress.country ?? null, areaM2: null }).execute()
    const accountId = uuidv7()
    const number = input.newAccountNumber ?? `${account.number}-${d.moveInOn.replaceAll('-', '')}`.slice(0, 40)
    await trx.insertInto('accounts').values({ tenantId, accountId, customerId: account.customerId, premisesId, kind: account.kind, number,
      ownerSurname: account.ownerSurname, contractInn: account.contractInn, usageType: account.usageType, openedOn: d.moveInOn, closedOn: null }).execute()
    // The customer users who reached the old account reach the new one with the same role.
    await trx.insertInto('customerAccountLinks')
      .columns(['tenantId', 'customerUserId', 'accountId', 'role', 'via'])
      .expression((eb) => eb.selectFrom('customerAccountLinks').select(['tenantId', 'customerUserId', eb.val(accountId).as('accountId'), 'role', 'via'])
        .where('tenantId', '=', tenantId).where('accountId', '=', r.accountId))
      .returning('customerUserId').execute()
      .then((linked) => { for (const l of linked) forgetCustomerAccess(tenantId, l.customerUserId) })
    opened = { accountId, number, premisesId, openedOn: d.moveInOn }
  }
  return {
    closedAccount: { accountId: r.accountId, closedOn: d.moveOutOn },
    handoverReadings: recorded,
    openedAccount: opened,
    finalBill: `the bill run of the period holding ${d.moveOutOn} bills this account for its open days up to ${d.moveOutOn} (exclusive), ending at the handover reading; a period already billed is re-settled by POST /v1/accounts/${r.accountId}/recalculations`,
  }
}
