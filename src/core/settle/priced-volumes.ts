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

export function tagOf(segment: number, part: VolumePart): string {
  return `#${segment}${part}`
}

export interface Tag {
  segment: number
  part: VolumePart
}

/** '#0v', the tag of most lines (one segment, priced whole): read once */
const FIRST_WHOLE: readonly Tag[] = Object.freeze([Object.freeze({ segment: 0, part: 'v' as const })])

/** The tags of a line's method ('#0v', or '#0v+#1v' for a stepped line over several segments); null if not ours. */
export function parseTags(method: string | undefined): readonly Tag[] | null {
  if (method === undefined) return null
  if (method === '#0v') return FIRST_WHOLE
  // '#<digits><v|b|s>' joined by '+': read by hand (a bill run parses one per volume line)
  const out: Tag[] = []
  const n = method.length
  let i = 0
  for (;;) {
    if (i >= n || method.charCodeAt(i) !== 35) return null // '#'
    i++
    const start = i
    let segment = 0
    while (i < n) {
      const c = method.charCodeAt(i)
      if (c < 48 || c > 57) break
      segment = segment * 10 + (c - 48)
      i++
    }
    if (i === start || i >= n) return null
    const part = method[i]
    if (part !== 'v' && part !== 'b' && part !== 's') return null
    i++
    out.push({ segment: i - start > 17 ? Number(method.slice(start, i - 1)) : segment, part })
    if (i === n) return out
    if (method.charCodeAt(i) !== 43) return null // '+'
    i++
  }
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

/** pricedVolumes(…).map((t) => t.priced), without the tagged wrappers. */
export function pricedVolumeList(segments: readonly VolumeSegment[], service: string): PricedVolume[] {
  // the usual settlement: one segment priced whole (a one-element array)
  if (segments.length === 1 && !(segments[0]!.method === 'normative' && segments[0]!.normative)) return [priced(service, segments[0]!, '#0v', segments[0]!.volume)]
  const out: PricedVolume[] = []
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!
    if (s.method === 'normative' && s.normative) {
      out.push(priced(service, s, tagOf(i, 'b'), s.normative.baseVolume))
      out.push(priced(service, s, tagOf(i, 's'), s.normative.surchargeVolume))
    } else {
      out.push(priced(service, s, i === 0 ? '#0v' : tagOf(i, 'v'), s.volume))
    }
  }
  return out
}

function priced(service: string, s: VolumeSegment, method: string, volume: string): PricedVolume {
  return s.meterId
    ? { service, interval: s.interval, meterId: s.meterId, trace: s.trace, method, volume }
    : { service, interval: s.interval, trace: s.trace, method, volume }
}
