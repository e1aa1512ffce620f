// Electricity, district heating and solar production of one service point
// over a billing period (multi-utility.md): the quantity from the point's own
// meters (kWh or MWh as the point declares), priced per tariff unit with a
// rate that may differ by season or month, per-unit taxes (energy tax), fees
// per period or year, then VAT per rate. Solar production fed into the grid
// is a credit at the tenant's compensation price. Days after the last
// reading are estimated (energy-index.ts) and their lines flagged.
import { money, roundLine } from '../bill/money-policy.ts'
import type { MoneyPolicy } from '../bill/money-policy.ts'
import { dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import { fromDayNumber, toDayNumber } from '../shared/dates.ts'
import type { DayInterval } from '../shared/dates.ts'
import { MeterIndex } from './energy-index.ts'
import type { EnergyMeter, IndexAt } from './energy-index.ts'
import { periodFeeLine, rounding, vatLines, versionPieces } from './fee-lines.ts'
import type { UtilityError, UtilityLine } from './fee-lines.ts'
import type { EnergyService, EnergyTariffVersion, EnergyUnit, UnitPrice } from './types.ts'

export interface EnergyPointInput {
  servicePointId: string
  service: EnergyService
  usage: string
  /** the unit the point's meters count in */
  unit: EnergyUnit
  /** the billing period (fees per period are shared out by its days) */
  period: DayInterval
  /** the days billed: the period, or the account's open days inside it */
  interval: DayInterval
  meters: EnergyMeter[]
  versions: readonly EnergyTariffVersion[]
  money: MoneyPolicy
  /** 1: a reading dated D is the index at the end of D (default) */
  readingShift?: 0 | 1
}

export interface UtilitySettlement {
  lines: UtilityLine[]
  /** Σ line amounts (credits negative) */
  charges: Fx
  errors: UtilityError[]
}

/** kWh ↔ MWh: the factor a quantity in the meter's unit is multiplied by to be in the tariff's unit. */
export function unitFactor(from: EnergyUnit, to: EnergyUnit): Fx {
  return from === to ? dec(1) : from === 'kWh' ? dec('0.001') : dec(1000)
}

/** The rate of a unit price in a month (1–12): the season that names the month, else the base rate. */
export function rateInMonth(p: UnitPrice, month: number): { rate: string; season: string | null } {
  const s = p.seasons?.find((x) => x.months.includes(month))
  return s ? { rate: s.rate, season: s.name } : { rate: p.rate, season: null }
}

export function settleEnergyPoint(input: EnergyPointInput): UtilitySettlement {
  const { service, interval, money: mp } = input
  const errors: UtilityError[] = []
  const fail = (code: string, message: string, details: Record<string, unknown> = {}): UtilitySettlement =>
    ({ lines: [], charges: dec(0), errors: [...errors, { code, message: `service point ${input.servicePointId}: ${message}`, details }] })

  const { pieces, uncovered } = versionPieces(input.versions, service, input.usage, interval)
  if (uncovered) return fail('tariff_not_found', `no ${service} tariff for usage ${input.usage} on [${uncovered.from}, ${uncovered.to})`, { service, usage: input.usage, days: uncovered })
  if (!input.meters.length) return fail('no_meter', `the ${service} point has no meter to read its quantity from`, { service })
  const meters = input.meters.map((m) => new MeterIndex(m, input.readingShift ?? 1))

  // The days after the earliest "last reading" of the meters are estimated: a boundary there splits the lines.
  const lastKnown = Math.min(...meters.map((m) => m.lastKnown() ?? Number.NEGATIVE_INFINITY))
  const from = toDayNumber(interval.from)
  const to = toDayNumber(interval.to)
  const seasonal = input.versions.some((v) => v.unitPrices.some((p) => p.seasons?.length))

  const lines: UtilityLine[] = []
  const vatRates: { versionId: string; percent: string | null; piece: DayInterval }[] = []
  for (const vp of pieces) {
    const v = vp.version
    const cuts = new Set<number>([toDayNumber(vp.interval.from), toDayNumber(vp.interval.to)])
    if (lastKnown > from && lastKnown < to) cuts.add(lastKnown)
    if (seasonal) {
      // a seasonal or monthly price splits the lines at each month's first day
      for (let d = toDayNumber(vp.interval.from) + 1; d < toDayNumber(vp.interval.to); d++) if (fromDayNumber(d).endsWith('-01')) cuts.add(d)
    }
    const bounds = [...cuts].filter((d) => d >= toDayNumber(vp.interval.from) && d <= toDayNumber(vp.interval.to)).sort((a, b) => a - b)
    for (let i = 0; i + 1 < bounds.length; i++) {
      const piece = { from: fromDayNumber(bounds[i]!), to: fromDayNumber(bounds[i + 1]!) }
      const q = quantity(meters, piece)
      if ('error' in q) return fail(q.error, q.message, { interval: piece })
      const factor = unitFactor(input.unit, v.unit)
      const priced = q.quantity.times(factor)
      const month = Number(piece.from.slice(5, 7))
      for (const p of v.unitPrices) lines.push(unitLine(input, v, p, piece, month, q, priced, factor, mp))
    }
    for (const fee of v.fixedFees) lines.push(periodFeeLine(service, fee, vp.interval, input.period, v.id, mp))
    vatRates.push({ versionId: v.id, percent: v.vatPercent, piece: vp.interval })
  }
  lines.push(...vatLines(service, lines, vatRates, interval, mp))
  let charges = dec(0)
  for (const l of lines) charges = charges.plus(l.amount)
  return { lines, charges, errors }
}

interface Quantity { quantity: Fx; estimated: boolean; explain: string[]; meters: { serial: string; from: IndexAt; to: IndexAt }[] }

/** Σ over the meters of index(to) − index(from), in the point's unit. */
function quantity(meters: MeterIndex[], piece: DayInterval): Quantity | { error: string; message: string } {
  let total = dec(0)
  let estimated = false
  const explain: string[] = []
  const used: Quantity['meters'] = []
  for (const m of meters) {
    const a = m.at(piece.from)
    if ('error' in a) return a
    const b = m.at(piece.to)
    if ('error' in b) return b
    const q = b.index.minus(a.index)
    if (q.lt(0)) return { error: 'invalid_facts', message: `meter ${m.meter.serial}: the index falls from ${a.index.toFixed()} to ${b.index.toFixed()} over [${piece.from}, ${piece.to})` }
    if (a.how === 'estimated' || b.how === 'estimated') estimated = true
    total = total.plus(q)
    used.push({ serial: m.meter.serial, from: a, to: b })
    explain.push(`meter ${m.meter.serial}: index at the start of ${piece.to} (${b.explain}) − at the start of ${piece.from} (${a.explain}) = ${q.toFixed()}`)
  }
  return { quantity: total, estimated, explain, meters: used }
}

function unitLine(input: EnergyPointInput, v: EnergyTariffVersion, p: UnitPrice, piece: DayInterval, month: number, q: Quantity, priced: Fx, factor: Fx, mp: MoneyPolicy): UtilityLine {
  const { rate, season } = rateInMonth(p, month)
  const exact = priced.times(rate)
  const rounded = roundLine(mp, exact)
  const amount = money(mp, p.kind === 'credit' ? rounded.neg() : rounded)
  const converted = factor.eq(1) ? '' : ` × ${factor.toFixed()} (${input.unit} → ${v.unit})`
  const only = q.meters.length === 1 ? q.meters[0]! : undefined
  return {
    service: input.service,
    kind: p.kind === 'tax' ? 'tax' : 'volume',
    line: p.line,
    method: q.estimated ? 'estimated' : 'metered',
    interval: piece,
    volume: priced.toFixed(),
    rate,
    amount,
    tariffVersion: v.id,
    ...(q.estimated ? { estimated: true as const } : {}),
    trace: {
      rule: `${p.kind === 'credit' ? 'credit for production fed into the grid' : p.kind === 'tax' ? 'per-unit tax' : 'price per unit'} ${p.line}: tariff ${v.id}${season ? `, season ${season}` : ''}${q.estimated ? ' (ESTIMATE after the last reading)' : ''}`,
      inputs: {
        unit: v.unit, meterUnit: input.unit, quantity: q.quantity.toFixed(), pricedQuantity: priced.toFixed(), rate, season, kind: p.kind,
        ...(only ? { meterSerial: only.serial, indexFrom: only.from.index.toFixed(), indexTo: only.to.index.toFixed() } : {}),
      },
      formula: `${q.explain.join('; ')}; ${q.quantity.toFixed()} ${input.unit}${converted} × ${rate} per ${v.unit} = ${exact.toFixed()} → ${money(mp, rounded)} ${rounding(mp)}${p.kind === 'credit' ? `, credited: ${amount}` : ''}`,
      ...(q.estimated ? { notes: ['estimated: days after the last reading, by the average daily quantity of the year before it; reversed and recomputed when the actual reading arrives'] } : {}),
    },
  }
}
