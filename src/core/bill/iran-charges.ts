// Iranian bill charges after the water price (seed 002 bill items 22–30):
// water-project charge, duties and tax, total, debt/credit, rounding carry,
// payable. Split from iran-bimonthly.ts so a bill whose fee and price are
// already known (the golden case) goes through the same code.
import { dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import type { Trace } from '../shared/trace.ts'
import type { MoneyPolicy } from './money-policy.ts'
import { IRR, roundLine, roundPayable } from './money-policy.ts'

export interface IranChargesPolicy {
  /** seed 002 item 22: 3% of subscription + water price + excess charge + project charge */
  taxPercent: string
  /** seed 002 item 24: 25% of the water price for residential… */
  projectPercentResidential: string
  /** …10% for non-residential */
  projectPercentNonResidential: string
  money: MoneyPolicy
}

export const IRAN_CHARGES: IranChargesPolicy = {
  taxPercent: '3',
  projectPercentResidential: '25',
  projectPercentNonResidential: '10',
  money: IRR,
}

export interface IranChargesInput {
  usage: string
  /** served by a large supply project (seed 002 item 24) */
  waterProjectSubscriber: boolean
  subscriptionFee: string
  waterPrice: string
  excessCharge: string
  /** remainder below 1,000 rials carried from the previous bill */
  previousCarry?: string
  /** debt (+) or credit (−) from earlier periods (item 26) */
  debt?: string
}

export interface IranItem {
  /** the item number on the printed bill (seed 002 item 18) */
  item: number
  value: string
  trace: Trace
}

export interface IranCharges {
  projectCharge: IranItem
  tax: IranItem
  total: IranItem
  debt: IranItem
  rounding: IranItem
  payable: IranItem
  /** remainder carried to the next bill */
  carry: string
}

function item(n: number, value: Fx, rule: string, inputs: Trace['inputs'], formula: string): IranItem {
  return { item: n, value: value.toFixed(), trace: { rule, inputs, formula } }
}

export function iranCharges(input: IranChargesInput, policy: IranChargesPolicy = IRAN_CHARGES): IranCharges {
  const m = policy.money
  const fee = dec(input.subscriptionFee)
  const price = dec(input.waterPrice)
  const excess = dec(input.excessCharge)
  const residential = input.usage === 'residential'
  const pct = input.waterProjectSubscriber ? (residential ? policy.projectPercentResidential : policy.projectPercentNonResidential) : '0'
  const projectExact = price.times(pct).div(100)
  const project = roundLine(m, projectExact)
  const taxBase = fee.plus(price).plus(excess).plus(project)
  const taxExact = taxBase.times(policy.taxPercent).div(100)
  const tax = roundLine(m, taxExact)
  const total = taxBase.plus(tax)
  const previousCarry = dec(input.previousCarry ?? 0)
  const debt = dec(input.debt ?? 0)
  const { gross, payable, carry } = roundPayable(m, total, previousCarry, debt)
  const rounding = previousCarry.minus(carry)
  const r = m.payableRounding
  return {
    projectCharge: item(24, project, `water-project charge: Iranian water bill item 24 (${input.waterProjectSubscriber ? (residential ? 'residential' : 'non-residential') : 'not a project subscriber'})`,
      { waterPrice: input.waterPrice, percent: pct }, `${input.waterPrice} × ${pct}% = ${projectExact.toFixed()} → ${project.toFixed()}`),
    tax: item(22, tax, 'duties and tax: Iranian water bill item 22', { percent: policy.taxPercent },
      `(${fee.toFixed()} + ${price.toFixed()} + ${excess.toFixed()} + ${project.toFixed()}) × ${policy.taxPercent}% = ${taxExact.toFixed()} → ${tax.toFixed()}`),
    total: item(25, total, 'total charges: Iranian water bill item 25', {},
      `${fee.toFixed()} + ${price.toFixed()} + ${tax.toFixed()} + ${excess.toFixed()} + ${project.toFixed()} = ${total.toFixed()}`),
    debt: item(26, debt, 'debt (+) / credit (−) from earlier periods: Iranian water bill item 26', {}, debt.toFixed()),
    rounding: item(27, rounding, 'rounding to whole thousands, the rest carried: Iranian water bill item 27',
      { previousCarry: previousCarry.toFixed(), carry: carry.toFixed() },
      `${total.toFixed()} + ${previousCarry.toFixed()} + ${debt.toFixed()} = ${gross.toFixed()} → ${r ? `${r.mode} to 10^${-r.places}` : 'no rounding'} = ${payable.toFixed()}; carry ${carry.toFixed()}`),
    payable: item(30, payable, 'amount payable = current bill + debt − credit: Iranian water bill item 30', {},
      `${total.toFixed()} + (${rounding.toFixed()}) + ${debt.toFixed()} = ${payable.toFixed()}`),
    carry: carry.toFixed(),
  }
}
