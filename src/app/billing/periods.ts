// A bill run's period, named the tenant's way or by its first day, checked
// against the tenant's calendar (core/shared/billing-periods.ts). Anything
// else is a 422 that says which periods are valid: a `periodStart` in the
// middle of a period would bill the overlapping days twice (issue 9 §2).
import { z } from 'zod'
import { describeScheme, lastDayOf, periodAfter, periodContaining, periodNamed, periodStartingOn, type BillingPeriod, type PeriodScheme } from '../../core/shared/billing-periods.ts'
import { unprocessable } from '../errors.ts'
import { isoDate } from '../schemas.ts'

export const periodName = z.string().max(16).regex(/^\d{4}-\d{1,2}$/, 'a period name: YYYY-MM (monthly) or YYYY-N (N-th period of the year)')

/** The request names one period: by its name in the tenant's calendar, or by its first day. */
export const periodChoice = z.strictObject({
  period: periodName.optional().describe('the period in the tenant\'s calendar: `2026-10` (monthly tenants), `1405-3` (third two-month period of Solar Hijri 1405)'),
  periodStart: isoDate.optional().describe('or the first day of the period (Gregorian ISO date); accepted only when a period of the tenant\'s calendar starts on it'),
}).refine((v) => (v.period === undefined) !== (v.periodStart === undefined), { message: 'give either period or periodStart', path: ['period'] })
export type PeriodChoice = z.output<typeof periodChoice>

export interface TenantCalendar { calendar: PeriodScheme['calendar']; billingPeriodMonths: number }

export const schemeOf = (t: TenantCalendar): PeriodScheme => ({ calendar: t.calendar, months: t.billingPeriodMonths })

const shown = (p: BillingPeriod) => `${p.name} (${p.start} – ${lastDayOf(p)})`

/** The period the request names, or a 422 `invalid_period` listing the valid ones near it. */
export function resolvePeriod(t: TenantCalendar, choice: PeriodChoice, where = 'body'): BillingPeriod {
  const scheme = schemeOf(t)
  if (choice.period !== undefined) {
    const p = periodNamed(scheme, choice.period)
    if (p) return p
    throw unprocessable('invalid_period', `"${choice.period}" is not a billing period of this tenant (${describeScheme(scheme)})`,
      [{ path: `${where}.period`, message: `use ${describeScheme(scheme)}` }])
  }
  const day = choice.periodStart!
  const p = periodStartingOn(scheme, day)
  if (p) return p
  const inside = periodContaining(scheme, day)
  const next = periodAfter(scheme, inside)
  throw unprocessable('invalid_period',
    `${day} is not the first day of a billing period of this tenant (${describeScheme(scheme)}): it falls in ${shown(inside)}; ` +
    `valid starts near it are ${inside.start} (${inside.name}) and ${next.start} (${next.name})`,
    [{ path: `${where}.periodStart`, message: `a period starts on ${inside.start} or ${next.start}` }])
}
