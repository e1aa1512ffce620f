// The Iranian bimonthly water bill item by item (seed 002 item 18, items
// 13–31; bills-and-tariffs.md). Readings are whole m³ (seed 002 item 16).
import { roundTo, dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import { addDays, daysBetween } from '../shared/dates.ts'
import type { IsoDate } from '../shared/dates.ts'
import type { CompiledVolumePrice } from '../tariff/compile-schedule.ts'
import { priceVolume } from '../tariff/volume-price.ts'
import type { IranCharges, IranChargesPolicy, IranItem } from './iran-charges.ts'
import { IRAN_CHARGES, iranCharges } from './iran-charges.ts'
import { roundLine, roundPriced } from './money-policy.ts'

export interface IranBillPolicy extends IranChargesPolicy {
  /** the month the pattern is stated for (conventions.md: 30 days) */
  monthDays: number
  /**
   * ASSUMPTION: days from issue to the due date. Seed 002 item 31 names the due
   * date but not the delay; 10 days is a placeholder, set it per tenant.
   */
  dueDays: number
  /** places the average daily consumption and allowed volume are shown to */
  displayPlaces: number
}

export const IRAN_BILL: IranBillPolicy = { ...IRAN_CHARGES, monthDays: 30, dueDays: 10, displayPlaces: 2 }

export interface IranBillInput {
  usage: string
  /** housing units using the water (item 6) */
  units: number
  previous: { date: IsoDate; index: string }
  current: { date: IsoDate; index: string }
  /**
   * Allowed consumption per unit per month (item 18): residential the county
   * pattern (16 or 5 m³, seed 002 item 1); non-residential the contract
   * capacity per month (give units = 1).
   */
  allowedPerUnitMonth: string
  /** subscription fee for the period by usage and branch diameter (item 20) */
  subscriptionFee: string
  /** the stepped water price (item 21), e.g. iranSteppedWaterPrice(C) compiled */
  waterPrice: CompiledVolumePrice
  /** rials per m³ above the allowed consumption (item 23); the source gives no rate */
  excessRatePerM3: string
  waterProjectSubscriber: boolean
  /** full cost of one m³, information only (item 28) */
  costPricePerM3?: string
  previousCarry?: string
  debt?: string
  issueDate: IsoDate
}

export interface IranBill extends IranCharges {
  days: IranItem
  consumption: IranItem
  averageDaily: IranItem
  allowed: IranItem
  excess: IranItem
  subscriptionFee: IranItem
  waterPrice: IranItem
  excessCharge: IranItem
  costPrice: IranItem | null
  subsidy: IranItem | null
  dueDate: { item: 31; value: IsoDate; trace: IranItem['trace'] }
}

function it(item: number, value: Fx, rule: string, formula: string, inputs: IranItem['trace']['inputs'] = {}, notes?: string[]): IranItem {
  return { item, value: value.toFixed(), trace: { rule, inputs, formula, ...(notes ? { notes } : {}) } }
}

export interface IranVolumeInput {
  days: number
  /** m³ over the days */
  consumption: Fx
  units: number
  allowedPerUnitMonth: string
  excessRatePerM3: string
}

export interface IranVolumeItems {
  averageDaily: IranItem
  allowed: IranItem
  excess: IranItem
  excessCharge: IranItem
}

/**
 * Items 17–19 and 23 from the consumption over the days: average daily use,
 * allowed consumption, the excess over it and the excess charge. Shared by
 * the bill from two readings (iranBimonthlyBill) and the bill run's lines
 * (iran-bill-lines.ts), so both print the same figures.
 */
export function iranVolumeItems(input: IranVolumeInput, policy: IranBillPolicy = IRAN_BILL): IranVolumeItems {
  const { days, consumption } = input
  const m = policy.money
  const M = policy.monthDays
  const dp = policy.displayPlaces
  const allowedPerUnit = dec(input.allowedPerUnitMonth)
  // exact comparison: excess = V − a × u × d / M, computed as (V × M − a × u × d) / M
  const allowedScaled = allowedPerUnit.times(input.units * days)
  const excessScaled = consumption.times(M).minus(allowedScaled)
  const excessVolume = excessScaled.gt(0) ? excessScaled.div(M) : dec(0)
  const allowed = allowedScaled.div(M)
  // multiply before dividing: (V × M − a × u × d) × rate / M, so no 20-place quotient is priced
  const excessExact = excessScaled.gt(0) ? excessScaled.times(input.excessRatePerM3).div(M) : dec(0)
  const excessCharge = roundLine(m, excessExact)
  const avg = consumption.div(days)
  return {
    averageDaily: it(17, roundTo(avg, dp), 'consumption ÷ days: Iranian water bill item 17', `${consumption.toFixed()} / ${days} = ${roundTo(avg, dp).toFixed()}`, {}, [`shown to ${dp} places`]),
    allowed: it(18, roundTo(allowed, dp), 'allowed consumption = per unit per month × units × days / month: Iranian water bill item 18',
      `${input.allowedPerUnitMonth} × ${input.units} × ${days} / ${M} = ${roundTo(allowed, dp).toFixed()}`, { perUnitMonth: input.allowedPerUnitMonth, units: input.units, days, monthDays: M },
      [`shown to ${dp} places; the excess uses the exact value`]),
    excess: it(19, roundTo(excessVolume, dp), 'excess over allowed = consumption − allowed (not below 0): Iranian water bill item 19',
      `${consumption.toFixed()} − ${roundTo(allowed, dp).toFixed()} = ${roundTo(excessVolume, dp).toFixed()}`),
    excessCharge: it(23, excessCharge, 'excess-over-pattern charge: Iranian water bill item 23 (rate is tenant data)',
      `${excessVolume.toFixed()} m³ × ${input.excessRatePerM3} = ${excessExact.toFixed()} → ${excessCharge.toFixed()}`, { excessVolume: excessVolume.toFixed(), ratePerM3: input.excessRatePerM3 }),
  }
}

export function iranBimonthlyBill(input: IranBillInput, policy: IranBillPolicy = IRAN_BILL): IranBill {
  const m = policy.money
  const days = daysBetween(input.previous.date, input.current.date)
  if (days <= 0) throw new RangeError('the current reading must be after the previous one')
  if (!Number.isInteger(input.units) || input.units < 1) throw new RangeError('units must be a positive integer')
  const prev = dec(input.previous.index)
  const cur = dec(input.current.index)
  const consumption = cur.minus(prev)
  if (consumption.lt(0)) throw new RangeError('the current index is below the previous one: resolve rollover or replacement first')
  const v = iranVolumeItems({ days, consumption, units: input.units, allowedPerUnitMonth: input.allowedPerUnitMonth, excessRatePerM3: input.excessRatePerM3 }, policy)
  const excessCharge = dec(v.excessCharge.value)
  const priced = priceVolume(input.waterPrice, consumption, { days, units: input.units })
  const waterPrice = roundPriced(m, priced)
  const described = priced.describe()
  const fee = dec(input.subscriptionFee)
  const charges = iranCharges({
    usage: input.usage,
    waterProjectSubscriber: input.waterProjectSubscriber,
    subscriptionFee: fee.toFixed(),
    waterPrice: waterPrice.toFixed(),
    excessCharge: excessCharge.toFixed(),
    ...(input.previousCarry !== undefined ? { previousCarry: input.previousCarry } : {}),
    ...(input.debt !== undefined ? { debt: input.debt } : {}),
  }, policy)
  let costPrice: IranItem | null = null
  let subsidy: IranItem | null = null
  if (input.costPricePerM3 !== undefined) {
    const cost = roundLine(m, consumption.times(input.costPricePerM3))
    costPrice = it(28, cost, 'cost price, information only: Iranian water bill item 28', `${consumption.toFixed()} m³ × ${input.costPricePerM3} = ${cost.toFixed()}`, { perM3: input.costPricePerM3 })
    subsidy = it(29, cost.minus(waterPrice), 'government subsidy = cost price − water price, information only: Iranian water bill item 29', `${cost.toFixed()} − ${waterPrice.toFixed()} = ${cost.minus(waterPrice).toFixed()}`)
  }
  const due = addDays(input.issueDate, policy.dueDays)
  return {
    days: it(15, dec(days), 'days between reading dates: Iranian water bill item 15', `${input.current.date} − ${input.previous.date} = ${days}`),
    consumption: it(16, consumption, 'current − previous index: Iranian water bill item 16', `${cur.toFixed()} − ${prev.toFixed()} = ${consumption.toFixed()}`),
    averageDaily: v.averageDaily,
    allowed: v.allowed,
    excess: v.excess,
    subscriptionFee: it(20, fee, 'subscription fee by usage and branch diameter, per period: Iranian water bill item 20', fee.toFixed()),
    waterPrice: it(21, waterPrice, 'water price, stepped by consumption per unit per 30 days: bill items 17, 21',
      `${described.formula} → ${waterPrice.toFixed()}`, { consumption: consumption.toFixed(), days, units: input.units }, described.notes),
    excessCharge: v.excessCharge,
    ...charges,
    costPrice,
    subsidy,
    dueDate: { item: 31, value: due, trace: { rule: 'due date = issue date + policy days; current bill only, not earlier debt: Iranian water bill item 31', inputs: { issueDate: input.issueDate, dueDays: policy.dueDays }, formula: `${input.issueDate} + ${policy.dueDays} days = ${due}` } },
  }
}
