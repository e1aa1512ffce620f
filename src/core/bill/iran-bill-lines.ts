// The Iranian bimonthly bill (seed 002 item 18) as charge lines of one
// service point, from the lines its tariff priced: the water price (item 21,
// stepped) and the subscription fee (item 20) stay as priced; added are the
// allowed consumption (18) and the average daily use (17) as information,
// the excess over the allowed consumption with its charge (19, 23), the
// water-project charge (24) and the duties and tax (22) on all of them. The
// tariff's own percent lines are replaced: the seed's 3% is on the fee,
// price, excess charge and project charge, which a tariff's percent lines
// cannot see. The payable rounding (27) is the whole bill's (composeBills).
import { dec } from '../shared/decimal.ts'
import { daysBetween } from '../shared/dates.ts'
import type { DayInterval } from '../shared/dates.ts'
import type { ChargeLine } from './charge-line.ts'
import { iranCharges } from './iran-charges.ts'
import type { IranItem } from './iran-charges.ts'
import { IRAN_BILL, iranVolumeItems } from './iran-bimonthly.ts'
import type { IranBillPolicy } from './iran-bimonthly.ts'

/** What a tenant decides about its Iranian bill (seed 002 items 1, 18, 23, 24). */
export interface IranBillSettings {
  /** allowed m³ per unit per month: residential the county pattern (16 or 5, seed 002 item 1) */
  allowedPerUnitMonth: string
  /** rials per m³ above the allowed consumption (item 23; the source names no rate) */
  excessRatePerM3: string
  /** the tenant's branches are served by a large supply project (item 24) */
  waterProjectSubscriber: boolean
}

export interface IranLinesInput {
  usage: string
  /** housing units (item 6) */
  units: number
  period: DayInterval
  /** the point's lines as its tariff priced them (no rounding line) */
  lines: ChargeLine[]
  settings: IranBillSettings
}

export interface IranLines {
  lines: ChargeLine[]
  /** Σ of the summed lines (volume, fixed fee, surcharge, tax) */
  charges: string
}

const num = (s: string | undefined) => dec(s ?? 0)

export function iranBillLines(input: IranLinesInput, policy: IranBillPolicy = IRAN_BILL): IranLines {
  const volumeLines = input.lines.filter((l) => l.kind === 'volume')
  if (volumeLines.length === 0) {
    let charges = dec(0)
    for (const l of input.lines) if (l.kind !== 'info' && l.kind !== 'rounding') charges = charges.plus(l.amount)
    return { lines: input.lines, charges: charges.toFixed() }
  }
  const feeLines = input.lines.filter((l) => l.kind === 'fixed_fee')
  const infoLines = input.lines.filter((l) => l.kind === 'info')
  const replaced = input.lines.filter((l) => l.kind === 'surcharge' || l.kind === 'tax')
  const service = volumeLines[0]!.service
  const interval = input.period
  let consumption = dec(0)
  let waterPrice = dec(0)
  for (const l of volumeLines) { consumption = consumption.plus(num(l.volume)); waterPrice = waterPrice.plus(l.amount) }
  let fee = dec(0)
  for (const l of feeLines) fee = fee.plus(l.amount)
  // the tariff's duties-and-tax percent when it names one, else the seed's 3% (item 22)
  const taxPercent = replaced.find((l) => l.kind === 'tax' && l.rate)?.rate ?? policy.taxPercent
  const days = daysBetween(interval.from, interval.to)
  const v = iranVolumeItems({ days, consumption, units: input.units, allowedPerUnitMonth: input.settings.allowedPerUnitMonth,
    excessRatePerM3: input.settings.excessRatePerM3 }, policy)
  const c = iranCharges({ usage: input.usage, waterProjectSubscriber: input.settings.waterProjectSubscriber, subscriptionFee: fee.toFixed(),
    waterPrice: waterPrice.toFixed(), excessCharge: v.excessCharge.value }, { ...policy, taxPercent })
  const replacedNote = replaced.length ? [`replaces the tariff's ${replaced.map((l) => l.line).join(', ')}: the seed's percent lines are on the excess and project charges too`] : []
  const line = (kind: ChargeLine['kind'], name: string, it: IranItem, extra: Partial<ChargeLine> = {}, notes: string[] = []): ChargeLine => {
    const allNotes = [...(it.trace.notes ?? []), ...notes]
    return { service, kind, line: name, interval, amount: extra.amount ?? '0', ...extra,
      trace: { rule: it.trace.rule, inputs: { item: it.item, ...it.trace.inputs }, formula: it.trace.formula, ...(allNotes.length ? { notes: allNotes } : {}) } }
  }
  const pct = c.projectCharge.trace.inputs['percent'] as string
  const out: ChargeLine[] = [
    ...volumeLines,
    ...feeLines,
    line('info', 'average_daily', v.averageDaily, { volume: v.averageDaily.value }),
    line('info', 'allowed', v.allowed, { volume: v.allowed.value }),
    line('surcharge', 'excess', v.excessCharge, { volume: v.excess.value, rate: input.settings.excessRatePerM3, amount: v.excessCharge.value },
      [`item 19: ${v.excess.trace.formula}`]),
    ...(input.settings.waterProjectSubscriber ? [line('surcharge', 'water_project', c.projectCharge, { rate: pct, amount: c.projectCharge.value })] : []),
    line('tax', 'duties_and_tax', c.tax, { rate: taxPercent, amount: c.tax.value }, replacedNote),
    ...infoLines,
  ]
  return { lines: out, charges: c.total.value }
}
