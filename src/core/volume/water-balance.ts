// Water balance (004 §23.1–23.3): where a wastewater meter is technically
// impossible, an approved balance gives the average daily wastewater volume
// and this outlet's share. Valid at most 5 years (policy).
import { dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import type { DayNumber } from '../shared/dates.ts'
import type { Trace } from '../shared/trace.ts'
import { addMonths, toDayNumber } from './day-math.ts'
import type { DayRange } from './day-math.ts'
import type { WaterBalance } from './facts.ts'
import type { VolumePolicy } from './policy.ts'

/** The balance in force on a day: approved, not past its validity nor the policy's maximum. */
export function balanceOn(balances: readonly WaterBalance[] | undefined, day: DayNumber, policy: VolumePolicy): WaterBalance | undefined {
  for (const b of balances ?? []) {
    const from = toDayNumber(b.approvedOn)
    const until = Math.min(toDayNumber(b.validUntil), addMonths(from, 12 * policy.waterBalanceMaxYears))
    if (day >= from && day < until) return b
  }
  return undefined
}

export function volumeByWaterBalance(b: WaterBalance, range: DayRange): { volume: Fx; trace: Trace } {
  const days = range.to - range.from
  const share = b.outletPercent ?? '100'
  // multiply first, divide last (issue 9 §3): the one division cannot be cut to 20 places before × days
  const volume = dec(b.averageDailyVolume).times(share).times(days).div(100)
  return {
    volume,
    trace: {
      rule: 'water_balance: Decree 776 §23.1',
      inputs: { approvedOn: b.approvedOn, averageDailyVolume: b.averageDailyVolume, outletPercent: share, days },
      formula: `${b.averageDailyVolume} × ${share}% × ${days} = ${volume.toFixed()}`,
    },
  }
}
