// What can stop or hole a settlement, as data with stable codes. Volume errors
// come from settleVolumes; tariff errors from bill composition. Every error
// carries a message a person can act on.
import type { DayInterval } from '../shared/dates.ts'
import type { VolumeError } from '../volume/index.ts'

export type SettleError =
  | (Exclude<VolumeError, { code: 'uncovered_days' }>)
  | (Extract<VolumeError, { code: 'uncovered_days' }> & { message: string })
  | { code: 'tariff_not_found'; servicePointId: string; service: string; usage: string; days: DayInterval; message: string }
  | { code: 'invalid_tariff'; servicePointId: string; message: string }

/** volume-methods.md: a day no rule covers is not guessed; it is reported naming the point and the days. */
export function fromVolumeError(e: VolumeError): SettleError {
  if (e.code !== 'uncovered_days') return e
  return { ...e, message: `service point ${e.servicePointId}: days [${e.days.from}, ${e.days.to}) are not covered by any method rule (${e.reason})` }
}

/** Errors after which the lines do not describe the bill (a part of the network or the tariff is missing). */
export const BLOCKING_CODES: ReadonlySet<SettleError['code']> = new Set(['summation_cycle', 'unknown_point', 'invalid_facts', 'tariff_not_found', 'invalid_tariff'])
