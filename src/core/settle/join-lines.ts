// Join each charge line of composeBill back to the volume segments it prices,
// so its trace reads end to end: the choice rule that fired, the method, the
// day interval, the volume inputs and formula, then the price formula
// (volume-methods.md: "every result carries its trace … so that anyone can
// redo it by hand"; "a bill run must be able to say, for any line, which rule
// fired and why").
import type { ChargeLine } from '../bill/charge-line.ts'
import { daysBetween } from '../shared/dates.ts'
import type { Trace } from '../shared/trace.ts'
import type { VolumeSegment } from '../volume/index.ts'
import { parseTags } from './priced-volumes.ts'
import type { Tag, VolumePart } from './priced-volumes.ts'
import { plainTrace, deferredTrace, deferredPlain } from './plain-trace.ts'

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

export function joinLines(lines: readonly ChargeLine[], segments: readonly VolumeSegment[]): SettledLine[] {
  const out: SettledLine[] = new Array(lines.length)
  for (let i = 0; i < lines.length; i++) out[i] = joinLine(lines[i]!, segments)
  return out
}

/**
 * joinLines for lines the caller owns and hands over (a bill composed for this
 * settlement only): each line is completed in place instead of copied. The
 * result has the same keys in the same order as joinLines gives.
 */
export function joinOwnLines(lines: ChargeLine[], segments: readonly VolumeSegment[]): SettledLine[] {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as SettledLine
    const tags = line.kind === 'volume' ? parseTags(line.method) : null
    if (tags) completeVolumeLine(line, line, tags, segments)
    else line.trace = deferredPlain(line.trace)
  }
  return lines as SettledLine[]
}

// The line's trace is built on first read (plain-trace.ts deferredTrace): the
// priced line's lazy trace and the segments' traces are only forced then.
function joinLine(line: ChargeLine, segments: readonly VolumeSegment[]): SettledLine {
  const tags = line.kind === 'volume' ? parseTags(line.method) : null
  if (!tags) return { ...line, trace: deferredPlain(line.trace) }
  const out: SettledLine = { ...line }
  completeVolumeLine(out, line, tags, segments)
  return out
}

/** Sets method, trace and normativePart (if any) of `out`, a copy of `line` or `line` itself. */
function completeVolumeLine(
  out: SettledLine, line: ChargeLine, tags: readonly Tag[], segments: readonly VolumeSegment[],
): void {
  const sources: { seg: VolumeSegment; part: VolumePart }[] = new Array(tags.length)
  let methods: string
  let normativePart: NormativePart | undefined
  if (tags.length === 1) {
    // the usual line: one segment, no lists to gather
    const t = tags[0]!
    const seg = segments[t.segment]!
    sources[0] = { seg, part: t.part }
    methods = seg.method
    normativePart = PART[t.part]
  } else {
    const methodList: string[] = []
    const parts: NormativePart[] = []
    for (let k = 0; k < tags.length; k++) {
      const t = tags[k]!
      const seg = segments[t.segment]!
      sources[k] = { seg, part: t.part }
      if (!methodList.includes(seg.method)) methodList.push(seg.method)
      const p = PART[t.part]
      if (p !== undefined && !parts.includes(p)) parts.push(p)
    }
    methods = methodList.length === 1 ? methodList[0]! : methodList.join('+')
    normativePart = parts.length === 1 ? parts[0] : undefined
  }
  const price = line.trace
  // the copy keeps what the trace reads: interval, volume, rate, tariff version
  const { interval, volume, rate, tariffVersion } = line
  out.method = methods
  out.trace = deferredTrace(() => volumeLineTrace({ interval, volume, rate, tariffVersion }, methods, sources, plainTrace(price)))
  if (normativePart) out.normativePart = normativePart
}

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
