// The scale volumes are shown at (issue 9 §3). Inside the computation a
// volume keeps every place (volume-methods.md: "volumes keep at least 6
// decimals inside the computation; rounding happens once, on money, per
// charge line"), so the amount of a line is priced from the unrounded volume
// and golden figures are unchanged. What reaches a client (API, exports,
// documents) is the volume at the tenant's declared scale, and the trace keeps
// the unrounded figure and the rounding, so the line still explains itself.
import { dec, roundTo } from './decimal.ts'
import type { Fx, RoundingMode } from './decimal.ts'
import type { VolumeRounding } from './trace.ts'

export interface VolumeScale {
  /** decimal places shown (issue 9 §3: 6 by default) */
  places: number
  mode: RoundingMode
}

export const DEFAULT_VOLUME_SCALE: VolumeScale = { places: 6, mode: 'half_up' }

export const ROUNDING_MODES: readonly RoundingMode[] = ['half_up', 'down', 'up', 'half_even']

/** The largest scale a tenant may declare: a division keeps 20 places (DIV_PLACES in decimal.ts). */
export const MAX_VOLUME_PLACES = 20

/**
 * A volume at a scale: rounded by the mode, plain decimal text without an
 * exponent and without trailing zeros ('17.069443', '8', '0.000001').
 */
export function volumeAtScale(value: Fx | string, places: number = DEFAULT_VOLUME_SCALE.places, mode: RoundingMode = DEFAULT_VOLUME_SCALE.mode): string {
  return roundTo(dec(value), places, mode).toFixed()
}

/** The rounding of one volume for the trace, or undefined when the shown value is the exact one. */
export function volumeRounding(exact: string, scale: VolumeScale): VolumeRounding | undefined {
  const shown = volumeAtScale(exact, scale.places, scale.mode)
  if (dec(shown).eq(exact)) return undefined
  return { exact: dec(exact).toFixed(), shown, places: scale.places, mode: scale.mode }
}

/** A trace with the volume rounding added when the shown volume differs from the exact one. */
export function withVolumeRounding<T extends object>(trace: T, exact: string | null | undefined, scale: VolumeScale): T {
  if (exact === null || exact === undefined) return trace
  const r = volumeRounding(exact, scale)
  return r ? { ...trace, volumeRounding: r } : trace
}

/** The scale a volume policy declares (volumePlaces, volumeRounding), checked. */
export function volumeScaleOf(policy: { volumePlaces?: unknown; volumeRounding?: unknown }): VolumeScale {
  const places = policy.volumePlaces ?? DEFAULT_VOLUME_SCALE.places
  const mode = policy.volumeRounding ?? DEFAULT_VOLUME_SCALE.mode
  if (typeof places !== 'number' || !Number.isInteger(places) || places < 0 || places > MAX_VOLUME_PLACES) throw new RangeError(`volumePlaces must be a whole number 0…${MAX_VOLUME_PLACES}`)
  if (!ROUNDING_MODES.includes(mode as RoundingMode)) throw new RangeError(`volumeRounding must be one of ${ROUNDING_MODES.join(', ')}`)
  return { places, mode: mode as RoundingMode }
}
