// Iranian connection fees (حق انشعاب), seed 002 item 9. Every figure is a
// policy parameter; the defaults are the source's.
import { dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import type { Trace } from '../shared/trace.ts'

export interface ConnectionFeePolicy {
  /** seed 002 item 9 (a-1): 500,000 rials per residential unit */
  residentialPerUnit: string
  /** seed 002 item 9 (a-2): 150,000 rials per m³/day of contract capacity… */
  nonResidentialBase: string
  /** …times 30 days */
  nonResidentialDays: number
  /** seed 002 item 9 (a-2): commercial branches add 600,000 rials "commercial value" */
  commercialValue: string
  /** seed 002 item 9 (b): wastewater = 70% of the water connection fee */
  wastewaterPercent: string
}

export const IRAN_CONNECTION_FEES: ConnectionFeePolicy = {
  residentialPerUnit: '500000',
  nonResidentialBase: '150000',
  nonResidentialDays: 30,
  commercialValue: '600000',
  wastewaterPercent: '70',
}

export type ConnectionFeeInput =
  | { usage: 'residential'; units: number }
  | { usage: 'non_residential' | 'commercial'; countyAdjustmentFactor: string; contractCapacityM3: string }

export interface ConnectionFees {
  /** non-residential only: factor × base × days × capacity */
  capacityFee: string | null
  /** commercial only */
  commercialValue: string | null
  waterFee: string
  wastewaterFee: string
  trace: Trace
}

/** Whole rials: the source's amounts are whole, results are rounded half-up to the rial. */
export function connectionFees(input: ConnectionFeeInput, policy: ConnectionFeePolicy = IRAN_CONNECTION_FEES): ConnectionFees {
  let water: Fx
  let capacityFee: Fx | null = null
  let commercial: Fx | null = null
  let formula: string
  if (input.usage === 'residential') {
    if (!Number.isInteger(input.units) || input.units < 1) throw new RangeError('units must be a positive integer')
    water = dec(policy.residentialPerUnit).times(input.units)
    formula = `${policy.residentialPerUnit} × ${input.units} units = ${water.toFixed()}`
  } else {
    const factor = dec(input.countyAdjustmentFactor)
    const capacity = dec(input.contractCapacityM3)
    if (factor.lt(0) || capacity.lt(0)) throw new RangeError('factor and capacity must be ≥ 0')
    capacityFee = factor.times(policy.nonResidentialBase).times(policy.nonResidentialDays).times(capacity).round(0)
    formula = `${input.countyAdjustmentFactor} × ${policy.nonResidentialBase} × ${policy.nonResidentialDays} × ${input.contractCapacityM3} = ${capacityFee.toFixed()}`
    water = capacityFee
    if (input.usage === 'commercial') {
      commercial = dec(policy.commercialValue)
      water = water.plus(commercial)
      formula += `; + commercial value ${policy.commercialValue} = ${water.toFixed()}`
    }
  }
  const wastewater = water.times(policy.wastewaterPercent).div(100).round(0)
  formula += `; wastewater ${water.toFixed()} × ${policy.wastewaterPercent}% = ${wastewater.toFixed()}`
  return {
    capacityFee: capacityFee?.toFixed() ?? null,
    commercialValue: commercial?.toFixed() ?? null,
    waterFee: water.toFixed(),
    wastewaterFee: wastewater.toFixed(),
    trace: {
      rule: 'connection fee: Iranian water bill item 9',
      inputs: { ...input, ...policy } as Record<string, string | number>,
      formula,
    },
  }
}
