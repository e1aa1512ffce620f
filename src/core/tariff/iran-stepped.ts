// The published stepped water price of an Iranian provincial water company,
// per housing unit per 30-day month, as multiples of a base price C
// (conventions.md "Iran", marked verify; seed 002 item 17 names the stepped
// pricing without figures). Two tables: one while the consumption stays
// within the pattern, one once it exceeds it.
// ASSUMPTION: a consumer above the pattern is priced by the second table from
// its first m³ (each m³ at its band's rate); the source lists the bands only.
import { dec } from '../shared/decimal.ts'
import type { VolumePrice } from './types.ts'

const WITHIN: Array<[string, string | null, string]> = [['0', '5', '0.25'], ['5', '10', '0.4'], ['10', 'pattern', '0.7']]
const ABOVE: Array<[string, string | null, string]> = [
  ['0', '5', '0.7'], ['5', '10', '0.8'], ['10', '15', '1'], ['15', '22', '2'],
  ['22', '30', '3'], ['30', '45', '3.5'], ['45', '60', '4'], ['60', null, '5'],
]

/** `basePrice` = C in rials per m³; `pattern` = the top of the within-pattern table (15 m³ in the published structure;
 * a county pattern of 16 m³, seed 002 item 1, stretches the last within-pattern band to 16). */
export function iranSteppedWaterPrice(basePrice: string, pattern = '15'): VolumePrice {
  const c = dec(basePrice)
  const bands = (rows: Array<[string, string | null, string]>) =>
    rows.map(([from, to, k]) => ({ from, to: to === 'pattern' ? pattern : to, rate: c.times(k).toFixed() }))
  return {
    shape: 'stepped',
    monthDays: 30,
    mode: 'progressive',
    tables: [
      { appliesUpTo: pattern, bands: bands(WITHIN) },
      { appliesUpTo: null, bands: bands(ABOVE) },
    ],
  }
}
