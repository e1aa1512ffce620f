// The adjustment lines of one corrected period: what the period's facts give
// now, against what was billed for it so far (its regular bill plus earlier
// adjustments, so a period is never corrected twice for the same change).
// Lines are matched by identity (point, service, line, method, days, rate,
// normative part):
// - an identity billed as an ESTIMATE, or no longer there, is reversed in
//   full (negative volume and amount), and its recomputed lines follow
//   (conventions.md: "the estimates are reversed and the periods recomputed");
// - an identity only in the recomputation is added as recomputed;
// - an identity in both whose volume or amount changed gets one difference line.
// Pure: stored lines and settled lines in, adjustment lines out.
import { money } from '../../../core/bill/money-policy.ts'
import type { MoneyPolicy } from '../../../core/bill/money-policy.ts'
import { dec } from '../../../core/shared/decimal.ts'
import type { Fx } from '../../../core/shared/decimal.ts'
import type { BillLineOut } from '../settle-accounts.ts'
import type { StoredLine } from './billed-lines.ts'

export interface AdjustmentTrace {
  rule: string
  inputs: Record<string, unknown>
  formula: string
  notes?: string[]
  [k: string]: unknown
}

export interface AdjustmentLine {
  servicePointId: string | null
  service: string
  line: string
  method: string | null
  interval: { from: string; to: string }
  volume: string | null
  rate: string | null
  amount: string
  correctsPeriodStart: string
  trace: AdjustmentTrace
}

export interface DiffInput {
  periodStart: string
  billed: StoredLine[]
  recomputed: BillLineOut[]
  /** why the period is recomputed: the late facts, or who asked */
  reason: string
  money: MoneyPolicy
}

const SUMMED = new Set(['volume', 'fixed_fee', 'surcharge', 'tax'])

interface Side { volume: Fx | null; amount: Fx; estimated: boolean; kind: string; numbers: Set<string>; first: StoredLine | undefined; lines: BillLineOut[] }

const plus = (a: Fx | null, b: string | null | undefined) => (b == null ? a : (a ?? dec(0)).plus(b))
const same = (a: Fx | null, b: Fx | null) => (a ?? dec(0)).eq(b ?? 0)
const vol = (v: Fx | null) => (v === null ? null : v.toFixed())

function key(sp: string | null, service: string, line: string, method: string | null | undefined, from: string, to: string, rate: string | null | undefined, part: unknown): string {
  return `${sp ?? ''}|${service}|${line}|${method ?? ''}|${from}|${to}|${rate == null ? '' : dec(rate).toFixed()}|${part ?? ''}`
}

export function diffPeriod(i: DiffInput): AdjustmentLine[] {
  const billed = new Map<string, Side>()
  const fresh = new Map<string, Side>()
  const side = (m: Map<string, Side>, k: string, kind: string) => {
    let s = m.get(k)
    if (!s) { s = { volume: null, amount: dec(0), estimated: false, kind, numbers: new Set(), first: undefined, lines: [] }; m.set(k, s) }
    return s
  }
  for (const l of i.billed) {
    const kind = l.kind === 'adjustment' ? String(l.trace.correctedKind ?? 'volume') : l.kind
    if (!SUMMED.has(kind)) continue
    const s = side(billed, key(l.servicePointId, l.service, l.line, l.method, l.intervalFrom, l.intervalTo, l.rate, l.trace.normativePart), kind)
    s.volume = plus(s.volume, l.volume)
    s.amount = s.amount.plus(l.amount)
    s.numbers.add(l.billNumber)
    s.first ??= l
    // an estimate billed and not yet reversed (reversal lines carry `reverses`)
    if (!l.trace.reverses && (l.trace.estimated === true || String(l.trace.rule ?? '').includes('ESTIMATE'))) s.estimated = true
  }
  for (const l of i.recomputed) {
    if (!SUMMED.has(l.kind)) continue
    const s = side(fresh, key(l.servicePointId, l.service, l.line, l.method, l.interval.from, l.interval.to, l.rate, l.normativePart), l.kind)
    s.volume = plus(s.volume, l.volume)
    s.amount = s.amount.plus(l.amount)
    s.lines.push(l)
  }

  const reversals: AdjustmentLine[] = []
  const others: AdjustmentLine[] = []
  const note = `${i.reason}; corrects the period starting ${i.periodStart} (corrections, never edits: the issued bills stay as they are)`
  for (const [k, b] of billed) {
    const n = fresh.get(k)
    if (n && same(b.volume, n.volume) && b.amount.eq(n.amount)) continue
    const open = !same(b.volume, null) || !b.amount.eq(0)
    if (!n || b.estimated || !open) {
      if (open) reversals.push(reversal(i, b, note))
      if (n) others.push(...n.lines.map((l) => recomputed(i, l, note)))
    } else {
      others.push(difference(i, b, n, note))
    }
  }
  for (const [k, n] of fresh) {
    if (billed.has(k) || (same(n.volume, null) && n.amount.eq(0))) continue
    others.push(...n.lines.map((l) => recomputed(i, l, note)))
  }
  return [...reversals, ...others]
}

function reversal(i: DiffInput, b: Side, note: string): AdjustmentLine {
  const l = b.first!
  const numbers = [...b.numbers]
  const amount = money(i.money, b.amount.neg())
  const volume = b.volume === null ? null : b.volume.neg()
  const what = b.estimated ? 'the estimate' : 'the line'
  return {
    servicePointId: l.servicePointId, service: l.service, line: l.line, method: l.method, interval: { from: l.intervalFrom, to: l.intervalTo },
    volume: vol(volume), rate: l.rate, amount, correctsPeriodStart: i.periodStart,
    trace: {
      rule: `reversal of ${what} billed for the period starting ${i.periodStart} (bill ${numbers.join(', ')})`,
      inputs: { correctsPeriodStart: i.periodStart, correctedKind: b.kind, reverses: numbers, billedVolume: vol(b.volume), billedAmount: money(i.money, b.amount), estimated: b.estimated },
      formula: `${b.volume === null ? '' : `volume −(${vol(b.volume)}) = ${vol(volume)} m³; `}amount −(${money(i.money, b.amount)}) = ${amount}`,
      notes: [note, ...(b.estimated ? ['the estimate is replaced by the recomputed lines (conventions.md: estimates are reversed when the actual reading arrives)'] : [])],
      reverses: numbers, correctedKind: b.kind,
      ...(l.trace.normativePart ? { normativePart: l.trace.normativePart } : {}),
    },
  }
}

function recomputed(i: DiffInput, l: BillLineOut, note: string): AdjustmentLine {
  const t = l.trace
  return {
    servicePointId: l.servicePointId, service: l.service, line: l.line, method: l.method ?? null, interval: { ...l.interval },
    volume: l.volume ?? null, rate: l.rate ?? null, amount: l.amount, correctsPeriodStart: i.periodStart,
    trace: {
      rule: `recomputed for the period starting ${i.periodStart}: ${t.rule}`,
      inputs: { ...t.inputs, correctsPeriodStart: i.periodStart, correctedKind: l.kind },
      formula: t.formula,
      notes: [note, ...(t.notes ?? [])],
      correctedKind: l.kind,
      ...(l.tariffVersion ? { tariffVersion: l.tariffVersion } : {}), ...(l.normativePart ? { normativePart: l.normativePart } : {}),
      ...(l.estimated ? { estimated: true } : {}),
    },
  }
}

function difference(i: DiffInput, b: Side, n: Side, note: string): AdjustmentLine {
  const l = n.lines[0]!
  const t = l.trace
  const dv = b.volume === null && n.volume === null ? null : (n.volume ?? dec(0)).minus(b.volume ?? 0)
  const da = money(i.money, n.amount.minus(b.amount))
  const numbers = [...b.numbers]
  return {
    servicePointId: l.servicePointId, service: l.service, line: l.line, method: l.method ?? null, interval: { ...l.interval },
    volume: vol(dv), rate: l.rate ?? null, amount: da, correctsPeriodStart: i.periodStart,
    trace: {
      rule: `difference for the period starting ${i.periodStart} (bill ${numbers.join(', ')}): ${t.rule}`,
      inputs: { correctsPeriodStart: i.periodStart, correctedKind: n.kind, billedVolume: vol(b.volume), billedAmount: money(i.money, b.amount),
        volume: vol(n.volume), amount: money(i.money, n.amount), corrects: numbers },
      formula: `${dv === null ? '' : `volume ${vol(n.volume)} − ${vol(b.volume)} = ${vol(dv)} m³; `}amount ${money(i.money, n.amount)} − ${money(i.money, b.amount)} = ${da}; recomputed: ${t.formula}`,
      notes: [note, ...(t.notes ?? [])],
      correctedKind: n.kind, corrects: numbers,
      ...(l.tariffVersion ? { tariffVersion: l.tariffVersion } : {}), ...(l.normativePart ? { normativePart: l.normativePart } : {}),
    },
  }
}
