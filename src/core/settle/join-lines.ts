// Join each charge line of composeBill back to the volume segments it prices,
// so its trace reads end to end: the choice rule that fired, the method, the
// day interval, the volume inputs and formula, then the price formula
// (volume-methods.md: "every result carries its trace … so that anyone can
// redo it by hand"; "a bill run must be able to say, for any line, which rule
// fired and why").
import type { ChargeLine } from '../bill/charge-line.ts'
import { daysBetween } from '../shared/dates.ts'
import { deferredTrace } from '../shared/deferred-trace.ts'
import type { Trace } from '../shared/trace.ts'
import type { VolumeSegment } from '../volume/index.ts'
import type { PricedVolume } from '../tariff/types.ts'
import { tagOf } from './priced-volumes.ts'
import type { Tag, VolumePart } from './priced-volumes.ts'

export type NormativePart = 'base' | 'surcharge'

/** A charge line with a plain trace; normative lines say which part they are. */
export interface SettledLine extends ChargeLine {
  normativePart?: NormativePart
}

const PART: Record<VolumePart, NormativePart | undefined> = { v: undefined, b: 'base', s: 'surcharge' }
const PART_FORMULA: Record<VolumePart, string> = {
  v: '',
  b: 'normative base n × N',
  s: 'normative surcharge n × N × (K − 1), priced at the same tariff (memo 003)',
}

/** A volume line and the priced volumes it prices, as composeBill told them (onVolumeLine). */
export interface VolumeLineSource {
  line: ChargeLine
  priced: readonly PricedVolume[]
}

/**
 * The volume lines of a bill composed for this settlement only, completed in
 * place: each gets its method and its end-to-end trace (built on first read);
 * the other lines keep composeBill's traces.
 */
export function joinOwnLines(sources: readonly VolumeLineSource[], segments: readonly VolumeSegment[]): void {
  for (let i = 0; i < sources.length; i++) {
    const { line, priced } = sources[i]!
    completeVolumeLine(line as SettledLine, priced.length === 1 ? [tagOf(priced[0]!.ref!)] : priced.map((p) => tagOf(p.ref!)), segments)
  }
}

/** Sets the line's method, trace and normativePart (if any). */
function completeVolumeLine(line: SettledLine, tags: readonly Tag[], segments: readonly VolumeSegment[]): void {
  let methods: string
  let normativePart: NormativePart | undefined
  if (tags.length === 1) {
    // the usual line: one segment, no lists to gather
    const t = tags[0]!
    methods = segments[t.segment]!.method
    normativePart = PART[t.part]
  } else {
    const methodList: string[] = []
    const parts: NormativePart[] = []
    for (let k = 0; k < tags.length; k++) {
      const t = tags[k]!
      const seg = segments[t.segment]!
      if (!methodList.includes(seg.method)) methodList.push(seg.method)
      const p = PART[t.part]
      if (p !== undefined && !parts.includes(p)) parts.push(p)
    }
    methods = methodList.length === 1 ? methodList[0]! : methodList.join('+')
    normativePart = parts.length === 1 ? parts[0] : undefined
  }
  // what the trace reads, kept now: the line's fields may be changed after
  const { interval, volume, rate, tariffVersion } = line
  const price = line.trace
  line.trace = deferredTrace(() => volumeLineTrace({ interval, volume, rate, tariffVersion }, methods, tags.map((t) => ({ seg: segments[t.segment]!, part: t.part })), price))
  line.method = methods
  if (normativePart) line.normativePart = normativePart
}

/** A volume line's trace, end to end: the segments' rules, inputs and formulas, then the price's. */
function volumeLineTrace(line: Pick<ChargeLine, 'interval' | 'volume' | 'rate' | 'tariffVersion'>, method: string, sources: { seg: VolumeSegment; part: VolumePart }[], price: Trace): Trace {
  const days = daysBetween(line.interval.from, line.interval.to)
  const inputs: Trace['inputs'] = {
    method, from: line.interval.from, to: line.interval.to, days,
    volume: line.volume ?? null, rate: line.rate ?? null, tariffVersion: line.tariffVersion ?? null,
  }
  const formula: string[] = [`${method} [${line.interval.from}, ${line.interval.to}) = ${days} days`]
  const notes: string[] = []
  const many = sources.length > 1
  sources.forEach(({ seg, part }, n) => {
    const prefix = many ? `segment ${n + 1} ` : ''
    for (const [k, v] of Object.entries(seg.trace.inputs)) {
      if (!many && inputs[k] === v) continue
      const key = many ? `segment${n + 1}.${k}` : k in inputs ? `volume.${k}` : k
      inputs[key] = v
    }
    if (part !== 'v') inputs[many ? `segment${n + 1}.part` : 'part'] = PART[part]!
    const seen = seg.interval.from !== line.interval.from || seg.interval.to !== line.interval.to
      ? ` over the segment [${seg.interval.from}, ${seg.interval.to})` : ''
    formula.push(`${prefix}volume (${seg.trace.rule})${seen}: ${seg.trace.formula}`)
    if (part !== 'v') formula.push(`${PART_FORMULA[part]} = ${part === 'b' ? seg.normative!.baseVolume : seg.normative!.surchargeVolume} m³`)
    if (many) notes.push(`${prefix}method chosen by ${seg.rule}`)
    notes.push(...(seg.trace.notes ?? []))
  })
  formula.push(`amount (${price.rule}): ${price.formula}`)
  notes.push(...(price.notes ?? []))
  const rules = [...new Set(sources.map((s) => s.seg.rule))]
  return { rule: rules.join(' + '), inputs, formula: formula.join('; '), ...(notes.length ? { notes } : {}) }
}
