// Events no write causes, only a date passing: meter.verification_due (a
// meter's verification date has come), account.debt_overdue (a bill is
// open after its due date) and disconnection.candidate (an account joined
// GET /v1/disconnection-candidates for a reason and a run of periods). A periodic job (hourly: tenants' days start at
// different UTC hours) asks each tenant's "today" and tells each once:
// scheduled_notices records what was told in the same transaction as the
// event, so a re-run or a second worker adds nothing.
import { sql, type Transaction } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { DB } from '../../db/schema.ts'
import { todayIn, type Clock } from '../clock.ts'
import { inTransaction } from '../transaction.ts'
import { emitEvents } from './events.ts'
import { disconnectionCandidates } from '../ledger/disconnection-candidates.ts'

export async function emitScheduledNotices(db: Db, clock: Clock): Promise<number> {
  const tenants = await db.selectFrom('tenants').select(['tenantId', 'timeZone']).execute()
  let told = 0
  for (const t of tenants) told += await inTransaction(db, (trx) => noticesOf(trx, t.tenantId, todayIn(t.timeZone, clock), clock))
  return told
}

async function noticesOf(trx: Transaction<DB>, tenantId: string, today: string, clock: Clock): Promise<number> {
  const meters = await sql<{ meterId: string; serial: string; servicePointId: string; verificationDue: string }>`
    with due as (
      select meter_id, serial, service_point_id, verification_due from meters
      where tenant_id = ${tenantId} and verification_due is not null and verification_due <= ${today}::date),
    told as (
      insert into scheduled_notices (tenant_id, kind, object_id, notice_key)
      select ${tenantId}, 'meter.verification_due', meter_id::text, verification_due::text from due
      on conflict do nothing returning object_id, notice_key)
    select due.meter_id, due.serial, due.service_point_id, due.verification_due::text as verification_due
    from due join told on told.object_id = due.meter_id::text and told.notice_key = due.verification_due::text
    order by due.meter_id`.execute(trx)
  const bills = await sql<{ accountId: string; billId: string; number: string; dueOn: string; open: string; currency: string }>`
    with due as (
      select account_id, bill_id, number, due_on, (amount_due - paid)::text as open, currency from bills
      where tenant_id = ${tenantId} and paid < amount_due and due_on < ${today}::date),
    told as (
      insert into scheduled_notices (tenant_id, kind, object_id, notice_key)
      select ${tenantId}, 'account.debt_overdue', account_id::text, bill_id::text from due
      on conflict do nothing returning object_id, notice_key)
    select due.account_id, due.bill_id, due.number, due.due_on::text as due_on, due.open, due.currency
    from due join told on told.notice_key = due.bill_id::text
    order by due.account_id, due.due_on, due.number`.execute(trx)
  // A candidate is told when it joins the list for a reason, and again only
  // after it left (paid, read) and came back: an account silent for months
  // is one event, not one a month. Leaving forgets the notice.
  const candidates = (await disconnectionCandidates(trx, tenantId, { asOf: today }, clock)).items
    .flatMap((c) => c.reasons.map((r) => ({ accountId: c.accountId, accountNumber: c.accountNumber, reason: r, key: r.code })))
  await sql`delete from scheduled_notices where tenant_id = ${tenantId} and kind = 'disconnection.candidate'
    and (object_id, notice_key) not in (select a, k from unnest(${candidates.map((c) => c.accountId)}::text[], ${candidates.map((c) => c.key)}::text[]) as v(a, k))`.execute(trx)
  const newCandidates = candidates.length ? new Set((await sql<{ key: string }>`
    insert into scheduled_notices (tenant_id, kind, object_id, notice_key)
    select ${tenantId}, 'disconnection.candidate', a, k from unnest(${candidates.map((c) => c.accountId)}::text[], ${candidates.map((c) => c.key)}::text[]) as v(a, k)
    on conflict do nothing returning object_id || ' ' || notice_key as key`.execute(trx)).rows.map((r) => r.key)) : new Set<string>()
  const toldCandidates = candidates.filter((c) => newCandidates.has(`${c.accountId} ${c.key}`))
  await emitEvents(trx, tenantId, [
    ...meters.rows.map((m) => ({ type: 'meter.verification_due' as const, objectType: 'meter', objectId: m.meterId,
      data: { meterId: m.meterId, serial: m.serial, servicePointId: m.servicePointId, verificationDue: m.verificationDue, asOf: today } })),
    ...bills.rows.map((b) => ({ type: 'account.debt_overdue' as const, objectType: 'account', objectId: b.accountId,
      data: { accountId: b.accountId, billId: b.billId, billNumber: b.number, dueOn: b.dueOn, open: b.open, currency: b.currency, asOf: today } })),
    ...toldCandidates.map((c) => ({ type: 'disconnection.candidate' as const, objectType: 'account', objectId: c.accountId,
      data: { accountId: c.accountId, accountNumber: c.accountNumber, reason: c.reason.code, periods: c.reason.periods, warningId: c.reason.warning?.id ?? null, asOf: today } })),
  ])
  return meters.rows.length + bills.rows.length + toldCandidates.length
}
