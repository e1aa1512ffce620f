// Waste collection of one address (a waste_collection service point) over a
// billing period (multi-utility.md "Waste collection"): the basic fee per
// household, and the collection fee of the subscription's bin size and
// frequency per period, per year or per emptying; then VAT. Pickups are
// counted as the frequency implies (ASSUMPTION, README "Other utilities
// (Sweden)"): every 7, 14 or 28 days from the subscription's first day —
// the route's actual pickup dates are another module's (issue 12 §3).
import { money, roundLine } from '../bill/money-policy.ts'
import type { MoneyPolicy } from '../bill/money-policy.ts'
import { dec } from '../shared/decimal.ts'
import { daysBetween, toDayNumber } from '../shared/dates.ts'
import type { DayInterval } from '../shared/dates.ts'
import { periodFeeLine, rounding, vatLines, versionPieces } from './fee-lines.ts'
import type { UtilityLine } from './fee-lines.ts'
import type { UtilitySettlement } from './energy-lines.ts'
import { PICKUP_EVERY_DAYS, WASTE_SERVICE } from './types.ts'
import type { CollectionFee, WasteSubscription, WasteTariffVersion } from './types.ts'

export interface WastePointInput {
  servicePointId: string
  usage: string
  period: DayInterval
  interval: DayInterval
  subscriptions: readonly WasteSubscription[]
  versions: readonly WasteTariffVersion[]
  money: MoneyPolicy
}

/** Pickups in [from, to): days d with (d − first day of the subscription) a multiple of the frequency's days. */
export function pickupsIn(s: Pick<WasteSubscription, 'from' | 'frequency'>, piece: DayInterval): { count: number; every: number } {
  const every = PICKUP_EVERY_DAYS[s.frequency]
  const anchor = toDayNumber(s.from)
  const from = toDayNumber(piece.from)
  const to = toDayNumber(piece.to)
  // the first pickup at or after `from`
  const first = from <= anchor ? anchor : anchor + Math.ceil((from - anchor) / every) * every
  return { count: first >= to ? 0 : Math.floor((to - 1 - first) / every) + 1, every }
}

export function settleWastePoint(input: WastePointInput): UtilitySettlement {
  const { interval, money: mp } = input
  const lines: UtilityLine[] = []
  const vatRates: { versionId: string; percent: string | null; piece: DayInterval }[] = []
  const fail = (code: string, message: string, details: Record<string, unknown>): UtilitySettlement =>
    ({ lines: [], charges: dec(0), errors: [{ code, message: `service point ${input.servicePointId}: ${message}`, details }] })
  const subs = [...input.subscriptions].sort((a, b) => (a.from < b.from ? -1 : 1))
  for (const s of subs) {
    const from = s.from > interval.from ? s.from : interval.from
    const sTo = s.to ?? '9999-12-31'
    const to = sTo < interval.to ? sTo : interval.to
    if (from >= to) continue
    const { pieces, uncovered } = versionPieces(input.versions, WASTE_SERVICE, input.usage, { from, to })
    if (uncovered) return fail('tariff_not_found', `no waste_collection tariff for usage ${input.usage} on [${uncovered.from}, ${uncovered.to})`, { service: WASTE_SERVICE, usage: input.usage, days: uncovered })
    const sub = { subscriptionId: s.id, binLitres: s.binLitres, frequency: s.frequency }
    for (const { version: v, interval: piece } of pieces) {
      for (const fee of v.basicFees) lines.push(periodFeeLine(WASTE_SERVICE, fee, piece, input.period, v.id, mp, sub))
      const fee = v.collectionFees.find((f) => f.binLitres === s.binLitres && f.frequency === s.frequency)
      if (!fee) {
        return fail('waste_fee_not_found', `tariff ${v.id} has no collection fee for a ${s.binLitres} l bin emptied ${s.frequency.replace(/_/g, ' ')}`,
          { tariffVersion: v.id, binLitres: s.binLitres, frequency: s.frequency })
      }
      lines.push(fee.per === 'pickup' ? pickupLine(fee, s, piece, v.id, mp) : periodFeeLine(WASTE_SERVICE, { line: fee.line, amount: fee.amount, per: fee.per }, piece, input.period, v.id, mp, sub))
      vatRates.push({ versionId: v.id, percent: v.vatPercent, piece })
    }
  }
  lines.push(...vatLines(WASTE_SERVICE, lines, vatRates, interval, mp))
  let charges = dec(0)
  for (const l of lines) charges = charges.plus(l.amount)
  return { lines, charges, errors: [] }
}

function pickupLine(fee: CollectionFee, s: WasteSubscription, piece: DayInterval, versionId: string, mp: MoneyPolicy): UtilityLine {
  const { count, every } = pickupsIn(s, piece)
  const exact = dec(fee.amount).times(count)
  const amount = money(mp, roundLine(mp, exact))
  return {
    service: WASTE_SERVICE, kind: 'fixed_fee', line: fee.line, method: 'pickups_by_frequency', interval: piece, volume: String(count), rate: fee.amount, amount, tariffVersion: versionId,
    trace: {
      rule: `collection fee per emptying, ${s.binLitres} l ${s.frequency.replace(/_/g, ' ')}: tariff ${versionId}`,
      inputs: { subscriptionId: s.id, binLitres: s.binLitres, frequency: s.frequency, unit: 'pickups', pickups: count, everyDays: every, firstDay: s.from, days: daysBetween(piece.from, piece.to), amount: fee.amount },
      formula: `${count} pickups (every ${every} days from ${s.from}) × ${fee.amount} = ${exact.toFixed()} → ${amount} ${rounding(mp)}`,
      notes: ['pickups counted as the frequency implies, not from the route\'s actual dates'],
    },
  }
}
