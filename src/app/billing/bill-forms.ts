// What a market's bill needs beyond the settled lines, added where the lines
// are settled (settle-accounts.ts), so that a bill run and the re-settlement
// of a corrected period give the same lines:
// - every metered volume line names the meter and the previous and current
//   readings it rests on (seed 002 items 13–17; Decree 354 §69 "показания
//   приборов учёта"): the stored bill can be checked by hand;
// - an Iranian tenant's lines become the bimonthly bill of seed 002 item 18
//   (src/core/bill/iran-bill-lines.ts).
import { iranBillLines } from '../../core/bill/iran-bill-lines.ts'
import type { IranBillSettings } from '../../core/bill/iran-bill-lines.ts'
import type { SettledLine } from '../../core/settle.ts'
import { addDays } from '../../core/shared/dates.ts'
import type { PointFacts } from '../../core/volume/facts.ts'
import type { VolumePolicy } from '../../core/volume/index.ts'

/**
 * ASSUMPTION (tenant data not stored yet): every Iranian tenant bills like
 * the demo district, Mobarakeh county of Isfahan province: pattern 16 m³ per
 * unit per month (seed 002 item 1), a member of the Greater Isfahan supply
 * project (item 24 names it: 25% / 10% of the water price), and an excess
 * charge of 5,000 rials per m³ above the allowed consumption (item 23 gives
 * no rate: a demo figure). Non-residential branches would use their contract
 * capacity (item 18), which service points do not record yet: the pattern
 * stands in.
 */
export const IRAN_BILL_SETTINGS: IranBillSettings = { allowedPerUnitMonth: '16', excessRatePerM3: '5000', waterProjectSubscriber: true }

/** The Iranian bill form for tenants that bill in rials (seed 002), else none. */
export const iranBillSettingsFor = (currency: string): IranBillSettings | null => (currency === 'IRR' ? IRAN_BILL_SETTINGS : null)

/** The Iranian bill's lines of one point (see iran-bill-lines.ts) and their charges. */
export function iranPointLines(lines: SettledLine[], settings: IranBillSettings, usage: string, units: number, period: { from: string; to: string }): { lines: SettledLine[]; charges: string } {
  return iranBillLines({ usage, units: Math.max(1, units), period, lines: lines.filter((l) => l.kind !== 'rounding'), settings })
}

interface IndexReading { date: string; index: string }

/**
 * The metered volume line with its meter and readings in the trace inputs:
 * `meterSerial`, `previousReadingDate`/`previousReadingIndex` (the last
 * reading at or before the line's start) and `currentReadingDate`/
 * `currentReadingIndex` (the reading that closes the line, else the last one
 * inside it, else the first after it). A reading dated D stands at the end of
 * D by default (policy.readingDateMeans), i.e. at the boundary D + 1.
 */
export function withReadings(line: SettledLine, facts: PointFacts, policy: VolumePolicy): SettledLine {
  if (line.kind !== 'volume' || !line.method?.includes('metered')) return line
  const inputs = line.trace.inputs
  const meterId = Object.entries(inputs).find(([k, v]) => (k === 'meterId' || k.endsWith('.meterId')) && typeof v === 'string')?.[1] as string | undefined
  const meters = facts.meters.filter((m) => !m.control)
  const meter = facts.meters.find((m) => m.id === meterId) ?? (meters.length === 1 ? meters[0] : undefined)
  if (!meter) return line
  const shift = policy.readingDateMeans === 'end_of_day' ? 1 : 0
  const readings: IndexReading[] = []
  for (const r of facts.readings) if (r.meterId === meter.id && 'index' in r) readings.push({ date: r.date, index: r.index })
  readings.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  const at = (r: IndexReading) => addDays(r.date, shift)
  const { from, to } = line.interval
  const previous = readings.filter((r) => at(r) <= from).at(-1)
  const current = readings.find((r) => at(r) === to) ?? readings.filter((r) => at(r) > from && at(r) < to).at(-1) ?? readings.find((r) => at(r) > to)
  const added: Record<string, string> = { meterSerial: meter.serial }
  if (previous) Object.assign(added, { previousReadingDate: previous.date, previousReadingIndex: previous.index })
  if (current) Object.assign(added, { currentReadingDate: current.date, currentReadingIndex: current.index })
  const trace = line.trace
  line.trace = { rule: trace.rule, inputs: { ...trace.inputs, ...added }, formula: trace.formula, ...(trace.notes?.length ? { notes: [...trace.notes] } : {}) }
  return line
}
