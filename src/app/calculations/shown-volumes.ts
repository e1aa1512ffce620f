// Volumes as clients see them (issue 9 §3): at the tenant's declared scale
// (policy volumePlaces / volumeRounding, or a metered volume at its meter's
// resolution with volumePlacesOfMeter), with the unrounded figure and the
// rounding in the trace. The stored ledger and the pricing keep the exact
// volume (volume-methods.md: rounding happens once, on money, per line).
import { volumeAtScale, volumeScaleOf, withVolumeRounding } from '../../core/shared/volume-scale.ts'
import type { VolumeScale } from '../../core/shared/volume-scale.ts'

export interface ShownScale {
  scale: VolumeScale
  /** decimals of a meter by id, when metered volumes are shown at the meter's resolution */
  meterPlaces?: (meterId: string) => number | undefined
}

/** The shown scale of a (tenant's or calculation's) volume policy; `meterPlaces` only when the policy asks for it. */
export function shownScaleOf(policy: Record<string, unknown>, meterPlaces?: (meterId: string) => number | undefined): ShownScale {
  const scale = volumeScaleOf(policy)
  return policy['volumePlacesOfMeter'] === true && meterPlaces ? { scale, meterPlaces } : { scale }
}

/** The scale of one volume: the meter's resolution for a metered volume of a known meter, when asked; else the policy's. */
export function scaleFor(s: ShownScale, method: string | null | undefined, meterId: unknown): VolumeScale {
  if (!s.meterPlaces || method !== 'metered' || typeof meterId !== 'string') return s.scale
  const places = s.meterPlaces(meterId)
  return places === undefined ? s.scale : { places, mode: s.scale.mode }
}

/** A volume and its trace as shown: the volume at its scale, the trace with the exact figure when rounding changed it. */
export function shownVolume<T extends object>(volume: string, trace: T, scale: VolumeScale): { volume: string; trace: T } {
  return { volume: volumeAtScale(volume, scale.places, scale.mode), trace: withVolumeRounding(trace, volume, scale) }
}

/** A volume without a trace of its own (totals, normative parts) at the policy's scale. */
export function shownPlain(volume: string, s: ShownScale): string {
  return volumeAtScale(volume, s.scale.places, s.scale.mode)
}
