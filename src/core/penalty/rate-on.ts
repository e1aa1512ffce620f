// The rate in percent that applies on a day: the key rate then in force,
// limited by any cap covering the day (Decree 474 caps it at 9.5% while in force).
import { dec } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import type { IsoDate } from '../shared/dates.ts'
import { PenaltyTermsError, type PenaltyTerms } from './terms.ts'

export function rateOn(terms: PenaltyTerms, day: IsoDate): Fx {
  let key: string | undefined
  let keyFrom = ''
  for (const k of terms.keyRates) if (k.from <= day && k.from >= keyFrom) { key = k.rate; keyFrom = k.from }
  if (key === undefined) throw new PenaltyTermsError(day)
  let rate = dec(key)
  for (const c of terms.caps) {
    if (c.from <= day && (c.through == null || day <= c.through) && rate.gt(c.rate)) rate = dec(c.rate)
  }
  return rate
}

export function inMoratorium(terms: PenaltyTerms, day: IsoDate): string | undefined {
  for (const m of terms.moratoria) if (m.from <= day && day <= m.through) return m.source ?? `${m.from}…${m.through}`
  return undefined
}
