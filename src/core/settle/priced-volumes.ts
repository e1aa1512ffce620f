// Volume segments → the pricer's PricedVolume. A normative segment becomes two
// priced volumes: the base n×N and the surcharge n×N×(K−1), both at the same
// tariff T (Decree 354 formula 4(1); memo 003: 515.92 + 257.96 = 773.88).
// Each priced volume carries a tag in `method` ('#<segment><part>') so the
// charge line composeBill makes from it can be joined back to its segment;
// the tag never leaves src/core/settle (join-lines.ts restores the method).
import type { PricedVolume } from '../tariff/types.ts'
import type { VolumeSegment } from '../volume/index.ts'

/** v: the whole segment; b/s: normative base / surcharge */
export type VolumePart = 'v' | 'b' | 's'

export interface TaggedVolume {
  segment: number
  part: VolumePart
  priced: PricedVolume
}

const TAG = /^#(\d+)([vbs])$/

export function tagOf(segment: number, part: VolumePart): string {
  return `#${segment}${part}`
}

/** The tags of a line's method ('#0v', or '#0v+#1v' for a stepped line over several segments); null if not ours. */
export function parseTags(method: string | undefined): { segment: number; part: VolumePart }[] | null {
  if (method === undefined) return null
  const out: { segment: number; part: VolumePart }[] = []
  for (const t of method.split('+')) {
    const m = TAG.exec(t)
    if (!m) return null
    out.push({ segment: Number(m[1]), part: m[2] as VolumePart })
  }
  return out
}

export function pricedVolumes(segments: readonly VolumeSegment[], service: string): TaggedVolume[] {
  const out: TaggedVolume[] = []
  segments.forEach((s, i) => {
    const base = { service, interval: s.interval, ...(s.meterId ? { meterId: s.meterId } : {}), trace: s.trace }
    if (s.method === 'normative' && s.normative) {
      out.push({ segment: i, part: 'b', priced: { ...base, method: tagOf(i, 'b'), volume: s.normative.baseVolume } })
      out.push({ segment: i, part: 's', priced: { ...base, method: tagOf(i, 's'), volume: s.normative.surchargeVolume } })
      return
    }
    out.push({ segment: i, part: 'v', priced: { ...base, method: tagOf(i, 'v'), volume: s.volume } })
  })
  return out
}
