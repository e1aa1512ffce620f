// Wastewater without a working meter (004 §23; seed 000): the water received
// from all sources (cold and hot, including calculated volumes) + surface
// runoff if the contract covers it. Open hot-water systems: the customer's
// reported hot-water consumption (confirmed by the heat supplier's invoice)
// counts here only, spread evenly over its own dates.
import { dec } from '../shared/decimal.ts'
import { fromDayNumber, toDayNumber } from './day-math.ts'
import type { DayRange } from './day-math.ts'
import type { ServicePoint } from './facts.ts'
import { sumOfPoints } from './summation.ts'
import type { SettleOther, SumResult } from './summation.ts'

export function volumeWastewaterBySupply(point: ServicePoint, range: DayRange, settleOther: SettleOther): SumResult {
  const ww = point.wastewater ?? { sourcePointIds: [] }
  const rule = 'wastewater_by_supply: water received from all sources + runoff (Decree 776 §23)'
  const r = sumOfPoints(ww.sourcePointIds, range, settleOther, rule, ww.runoffPerMonth !== undefined ? { label: 'surface runoff', perMonth: ww.runoffPerMonth } : undefined)
  let volume = r.volume
  const notes = [...(r.trace.notes ?? [])]
  for (const h of ww.openHotWater ?? []) {
    const from = toDayNumber(h.from)
    const to = toDayNumber(h.to)
    const a = Math.max(from, range.from)
    const b = Math.min(to, range.to)
    if (b <= a || to <= from) continue
    const part = dec(h.volume).times(b - a).div(to - from)
    volume = volume.plus(part)
    r.trace.inputs[`open hot water ${h.from}…${h.to}`] = part.toFixed()
    notes.push(`open hot-water system: reported ${h.volume} m³ for ${h.from}…${h.to}, ${b - a} of ${to - from} days in [${fromDayNumber(range.from)}, ${fromDayNumber(range.to)}) (seed 000)`)
  }
  if (volume !== r.volume) r.trace.formula = `${r.trace.formula} + open hot water = ${volume.toFixed()}`
  return { volume, errors: r.errors, trace: { ...r.trace, ...(notes.length ? { notes } : {}) } }
}
