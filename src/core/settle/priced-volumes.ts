// Volume segments → the pricer's PricedVolume. A normative segment becomes two
// priced volumes: the base n×N and the surcharge n×N×(K−1), both at the same
// tariff T (Decree 354 formula 4(1); memo 003: 515.92 + 257.96 = 773.88).
// Each priced volume keeps its segment's method and carries a typed `ref`
// (segment and part as one number) that composeBill hands back with the line
// pricing it (ComposeBillInput.onVolumeLine), so the line can be joined back
// to its segment (join-lines.ts).
import type { PricedVolume } from '../tariff/types.ts'
import type { VolumeSegment } from '../volume/index.ts'

/** v: the whole segment; b/s: normative base / surcharge */
export type VolumePart = 'v' | 'b' | 's'

export interface Tag {
  segment: number
  part: VolumePart
}

const PARTS: readonly VolumePart[] = ['v', 'b', 's']

/** The ref of a segment's part: segment × 3 + part. */
function refOf(segment: number, part: VolumePart): number {
  return segment * 3 + PARTS.indexOf(part)
}

/** The segment and part a priced volume's ref names. */
export function tagOf(ref: number): Tag {
  const part = ref % 3
  return { segment: (ref - part) / 3, part: PARTS[part]! }
}

export function pricedVolumeList(segments: readonly VolumeSegment[], service: string): PricedVolume[] {
  const out: PricedVolume[] = []
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!
    if (s.method === 'normative' && s.normative) {
      out.push(priced(service, s, refOf(i, 'b'), s.normative.baseVolume))
      out.push(priced(service, s, refOf(i, 's'), s.normative.surchargeVolume))
    } else {
      out.push(priced(service, s, refOf(i, 'v'), s.volume))
    }
  }
  return out
}

function priced(service: string, s: VolumeSegment, ref: number, volume: string): PricedVolume {
  return s.meterId
    ? { service, interval: s.interval, meterId: s.meterId, trace: s.trace, method: s.method, volume, ref }
    : { service, interval: s.interval, trace: s.trace, method: s.method, volume, ref }
}
