// Accounts the utility may disconnect (seed 002, bills-and-tariffs.md
// "Reasons the utility disconnects"): 3 consecutive unpaid periods after a
// written warning (recorded in warnings.ts: without one an account is not a
// candidate), and no reading possible for 3 consecutive periods. The reason
// comes with the periods and the warning behind it.
import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { isoDate } from '../schemas.ts'
import { todayIn, type Clock } from '../clock.ts'
import { warningDto, warningsByAccount, type WarningDto } from './warnings.ts'

export const RUN = 3

export const candidatesQuery = z.object({
  asOf: isoDate.optional().describe('today in the tenant\'s time zone when omitted: bills due before it count, and the 3 periods before its month are checked for readings'),
}).strict()

const period = z.object({ periodStart: z.string(), periodEnd: z.string(), billNumber: z.string().nullable() }).meta({ id: 'CandidatePeriod' })
export const candidateDto = z.object({
  accountId: z.uuid(), accountNumber: z.string(),
  reasons: z.array(z.object({
    code: z.enum(['unpaid_periods', 'no_readings']).describe('unpaid_periods: 3 consecutive overdue bills not fully paid after a written nonpayment warning; no_readings: no accepted reading on any meter of the account in 3 consecutive periods'),
    periods: z.array(period),
    warning: warningDto.nullable().describe('unpaid_periods: the written warning at least 3 of the unpaid periods follow (required); '
      + 'no_readings: the latest missing-readings warning issued since the first silent period, if any (not required)'),
  })),
}).meta({ id: 'DisconnectionCandidate' })
export const candidatesDto = z.object({ asOf: z.string(), items: z.array(candidateDto) }).meta({ id: 'DisconnectionCandidates' })
export type CandidatesDto = z.infer<typeof candidatesDto>
type Candidate = z.infer<typeof candidateDto>

const addMonths = (date: string, months: number) => {
  const [y, m] = date.split('-').map(Number) as [number, number]
  const total = y * 12 + (m - 1) + months
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}-01`
}

/** Runs of ≥ 3 consecutive overdue regular bills with paid < amount_due (gaps and islands), the latest run per account. */
async function unpaidRuns(db: Db, tenantId: string, asOf: string) {
  return (await sql<{ accountId: string; accountNumber: string; periods: { periodStart: string; periodEnd: string; billNumber: string }[] }>`
    with overdue as (
      select b.account_id, b.period_start, b.period_end, b.number, b.paid < b.amount_due as unpaid,
        row_number() over (partition by b.account_id order by b.period_start) as rn
      from bills b where b.tenant_id = ${tenantId} and b.kind = 'regular' and b.due_on < ${asOf}::date
    ), islands as (
      select *, rn - row_number() over (partition by account_id order by period_start) as grp from overdue where unpaid
    ), runs as (
      select account_id, grp, max(period_start) as last_start,
        json_agg(json_build_object('periodStart', period_start, 'periodEnd', period_end, 'billNumber', number) order by period_start) as periods
      from islands group by account_id, grp having count(*) >= ${RUN}
    )
    select distinct on (r.account_id) r.account_id, a.number as account_number, r.periods
    from runs r join accounts a on a.tenant_id = ${tenantId} and a.account_id = r.account_id
    order by r.account_id, r.last_start desc`.execute(db)).rows
}

type Period = z.infer<typeof period>

/**
 * The latest nonpayment warning that at least RUN periods of the unpaid run
 * start on or after ("3 consecutive unpaid periods after a written
 * warning"). A warning issued before the run began answered a debt that has
 * since been paid (the bill before the run is paid): it does not count.
 */
function warningBeforeRun(run: Period[], warnings: WarningDto[]): WarningDto | undefined {
  const first = run[0]?.periodStart
  if (!first) return undefined
  let found: WarningDto | undefined
  for (const w of warnings) {
    if (w.issuedOn < first) continue
    if (run.filter((p) => p.periodStart >= w.issuedOn).length >= RUN && (!found || w.issuedOn >= found.issuedOn)) found = w
  }
  return found
}

/** Accounts with meters and no accepted reading in [start, end) (the tenant's days). */
async function withoutReadings(db: Db, tenantId: string, start: string, end: string, timeZone: string) {
  return (await sql<{ accountId: string; accountNumber: string }>`
    select a.account_id, a.number as account_number from accounts a
    where a.tenant_id = ${tenantId} and a.opened_on <= ${start}::date and (a.closed_on is null or a.closed_on >= ${end}::date)
      and exists (select 1 from service_points sp join meters m on m.tenant_id = sp.tenant_id and m.service_point_id = sp.service_point_id
        where sp.tenant_id = a.tenant_id and sp.account_id = a.account_id and not m.is_control)
      and not exists (select 1 from service_points sp
        join meters m on m.tenant_id = sp.tenant_id and m.service_point_id = sp.service_point_id
        join readings r on r.tenant_id = m.tenant_id and r.meter_id = m.meter_id
        where sp.tenant_id = a.tenant_id and sp.account_id = a.account_id and r.status = 'accepted' and r.value is not null
          and r.read_at >= (${start}::date::timestamp at time zone ${timeZone}) and r.read_at < (${end}::date::timestamp at time zone ${timeZone}))
    order by a.account_id`.execute(db)).rows
}

export async function disconnectionCandidates(db: Db, tenantId: string, q: z.infer<typeof candidatesQuery>, clock: Clock): Promise<CandidatesDto> {
  const tenant = await db.selectFrom('tenants').select(['timeZone', 'billingPeriodMonths']).where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
  const asOf = q.asOf ?? todayIn(tenant.timeZone, clock)
  // The 3 complete billing periods before the month of asOf.
  const end = addMonths(asOf, 0)
  const start = addMonths(end, -RUN * tenant.billingPeriodMonths)
  const periods = Array.from({ length: RUN }, (_, k) => ({ periodStart: addMonths(start, k * tenant.billingPeriodMonths),
    periodEnd: addMonths(start, (k + 1) * tenant.billingPeriodMonths), billNumber: null }))
  const [unpaid, silent] = await Promise.all([unpaidRuns(db, tenantId, asOf), withoutReadings(db, tenantId, start, end, tenant.timeZone)])
  const [nonpayment, missing] = await Promise.all([
    warningsByAccount(db, tenantId, unpaid.map((u) => u.accountId), 'nonpayment', asOf),
    warningsByAccount(db, tenantId, silent.map((s) => s.accountId), 'missing_readings', asOf),
  ])
  const byAccount = new Map<string, Candidate>()
  const entry = (accountId: string, accountNumber: string) => {
    let c = byAccount.get(accountId)
    if (!c) byAccount.set(accountId, c = { accountId, accountNumber, reasons: [] })
    return c
  }
  for (const u of unpaid) {
    const warning = warningBeforeRun(u.periods, nonpayment.get(u.accountId) ?? [])
    if (warning) entry(u.accountId, u.accountNumber).reasons.push({ code: 'unpaid_periods', periods: u.periods, warning })
  }
  for (const s of silent) {
    const warning = (missing.get(s.accountId) ?? []).filter((w) => w.issuedOn >= start).at(-1) ?? null
    entry(s.accountId, s.accountNumber).reasons.push({ code: 'no_readings', periods, warning })
  }
  return { asOf, items: [...byAccount.values()].sort((a, b) => a.accountNumber.localeCompare(b.accountNumber)) }
}
