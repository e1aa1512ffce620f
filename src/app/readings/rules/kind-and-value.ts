// The submitted value against the meter's register: the right kind of value
// (open hot-water systems submit consumption, 000 / volume-methods.md), no
// more decimals than the meter shows (Iranian meters read whole m³, 002 item
// 16), and no more whole digits than the register has.
import { fractionDigits, integerDigits } from '../decimal-text.ts'
import type { CandidateReading, MeterFacts } from '../facts.ts'

export function kindAndValueReasons(r: CandidateReading, m: MeterFacts, out: string[]): void {
  if (r.value === null || r.kind === null) return
  if (r.kind !== m.readingKind) out.push(r.kind === 'consumption' ? 'consumption_on_index_meter' : 'index_on_consumption_meter')
  if (fractionDigits(r.value) > m.decimals) out.push('too_many_decimals')
  if (r.kind === 'index' && integerDigits(r.value) > m.digits && r.value !== '0') out.push('exceeds_digits')
}
