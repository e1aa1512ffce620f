// Lines every utility tariff shares: a fee per period or per year over a
// piece of the billing period, and VAT per rate over the charge lines
// (multi-utility.md "Common to all": amounts excluding VAT per line, a VAT
// total per rate). Exact decimals (shared/decimal.ts), each line rounded once by the
// tenant's money policy, each with a trace a person can redo by hand.
import type { ChargeLine } from '../bill/charge-line.ts'
import { money, roundLine } from '../bill/money-policy.ts'
import type { MoneyPolicy } from '../bill/money-policy.ts'
import { dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import { daysBetween, isLeapYear } from '../shared/dates.ts'
import type { DayInterval } from '../shared/dates.ts'
import type { PeriodFee } from './types.ts'

/** A utility line: a charge line that may rest on an estimate (reversed when the actual reading arrives). */
export interface UtilityLine extends ChargeLine {
  estimated?: true
}

export interface UtilityError {
  code: string
  message: string
  details: Record<string, unknown>
}

export const rounding = (mp: MoneyPolicy) => `(${mp.lineRounding}, ${mp.minorUnits} places)`

/** Days of the year the piece starts in: a yearly fee is shared out by days. */
export function daysOfYear(date: string): number {
  return isLeapYear(Number(date.slice(0, 4))) ? 366 : 365
}

/**
 * A fee over a piece of the period: per period pro rata by days when the
 * piece is shorter than the billing period (a tariff change, an account
 * opened or closed inside it); per year × days / days of the year.
 */
export function periodFeeLine(service: string, fee: PeriodFee, piece: DayInterval, period: DayInterval, versionId: string, mp: MoneyPolicy, extra: Record<string, string | number | null> = {}): UtilityLine {
  const days = daysBetween(piece.from, piece.to)
  const periodDays = daysBetween(period.from, period.to)
  let exact = dec(fee.amount)
  let formula: string
  if (fee.per === 'year') {
    const year = daysOfYear(piece.from)
    exact = exact.times(days).div(year)
    formula = `${fee.amount} per year × ${days} / ${year} days`
  } else if (days !== periodDays) {
    exact = exact.times(days).div(periodDays)
    formula = `${fee.amount} per period × ${days} / ${periodDays} days`
  } else {
    formula = `${fee.amount} per period`
  }
  const amount = money(mp, roundLine(mp, exact))
  return {
    service, kind: 'fixed_fee', line: fee.line, interval: piece, rate: fee.amount, amount, tariffVersion: versionId,
    trace: {
      rule: `fixed fee ${fee.line} per ${fee.per}: tariff ${versionId}`,
      inputs: { amount: fee.amount, per: fee.per, days, periodDays, ...extra },
      formula: `${formula} = ${exact.toFixed()} → ${amount} ${rounding(mp)}`,
    },
  }
}

/**
 * VAT per rate over a point's charge lines (prices, per-unit taxes, fees):
 * credits for production are not supplies by the customer and carry none
 * (ASSUMPTION, README: a private micro-producer is not VAT-registered).
 */
export function vatLines(service: string, lines: readonly UtilityLine[], rates: { versionId: string; percent: string | null; piece: DayInterval }[], interval: DayInterval, mp: MoneyPolicy): UtilityLine[] {
  const byRate = new Map<string, { base: Fx; names: string[]; versions: string[] }>()
  for (const r of rates) {
    if (r.percent === null) continue
    const key = dec(r.percent).toFixed()
    const g = byRate.get(key) ?? { base: dec(0), names: [], versions: [] }
    byRate.set(key, g)
    g.versions.push(r.versionId)
    for (const l of lines) {
      if (l.tariffVersion !== r.versionId || l.interval.from < r.piece.from || l.interval.to > r.piece.to || dec(l.amount).lt(0)) continue
      g.base = g.base.plus(l.amount)
      g.names.push(l.amount)
    }
  }
  const out: UtilityLine[] = []
  for (const [percent, g] of byRate) {
    if (!g.names.length) continue
    const exact = g.base.times(percent).div(100)
    const amount = money(mp, roundLine(mp, exact))
    out.push({
      service, kind: 'tax', line: 'vat', interval, rate: percent, amount, ...(g.versions.length === 1 ? { tariffVersion: g.versions[0]! } : {}),
      trace: {
        rule: `VAT ${percent}% on the charge lines (prices and fees exclude VAT; credits carry none)`,
        inputs: { percent, base: money(mp, g.base), lines: g.names.length, versions: g.versions.join(',') },
        formula: `(${g.names.join(' + ')}) = ${money(mp, g.base)} × ${percent} / 100 = ${exact.toFixed()} → ${amount} ${rounding(mp)}`,
      },
    })
  }
  return out
}

/** The versions of a service and usage covering [from, to), split at their boundaries; the uncovered days as an error. */
export function versionPieces<V extends { id: string; service: string; usage: string; from: string; to: string | null }>(
  versions: readonly V[], service: string, usage: string, interval: DayInterval,
): { pieces: { version: V; interval: DayInterval }[]; uncovered: DayInterval | null } {
  const mine = versions.filter((v) => v.service === service && v.usage === usage).sort((a, b) => (a.from < b.from ? -1 : 1))
  const pieces: { version: V; interval: DayInterval }[] = []
  let at = interval.from
  for (const v of mine) {
    if (at >= interval.to) break
    const vTo = v.to ?? '9999-12-31'
    if (vTo <= at || v.from >= interval.to) continue
    if (v.from > at) return { pieces, uncovered: { from: at, to: v.from } }
    const to = vTo < interval.to ? vTo : interval.to
    pieces.push({ version: v, interval: { from: at, to } })
    at = to
  }
  return { pieces, uncovered: at < interval.to ? { from: at, to: interval.to } : null }
}
