// Settles every service point of a chunk with the pure core and groups the
// results per account: one bill per account holds the lines of all its
// points. An account with any error on any point gets no bill in this run
// (volume-methods.md: a day no rule covers "is not guessed … the bill run
// lists it for a person to resolve"); the other accounts go on.
import { settleServicePoint } from '../../core/settle.ts'
import type { SettledLine } from '../../core/settle.ts'
import type { PointFacts, VolumeFacts } from '../../core/volume/facts.ts'
import { dec } from '../../core/shared/decimal.ts'
import type { Fx } from '../../core/shared/decimal.ts'
import type { LoadedPoint } from './load-facts.ts'
import type { TenantData } from './tenant-data.ts'
import { iranBillSettingsFor, iranPointLines, withReadings } from './bill-forms.ts'
import type { IranBillSettings } from '../../core/bill/iran-bill-lines.ts'
import { termSegments, type PointTerms } from '../../core/settle/term-segments.ts'
import { daysBetween } from '../../core/shared/dates.ts'
import { isUtilityResource, settleUtilityPoint } from './settle-utility.ts'

export interface PointError {
  servicePointId: string
  code: string
  message: string
  details: Record<string, unknown>
}

export interface BillLineOut extends SettledLine {
  servicePointId: string
  /** a volume line over days estimated after the last reading: reversed when the actual reading arrives (conventions.md) */
  estimated?: true
}

export interface AccountSettlement {
  accountId: string
  lines: BillLineOut[]
  /** Σ volume, fixed fee, surcharge and tax lines of all points (exact decimal) */
  charges: Fx
  errors: PointError[]
}

const WATER = new Set(['cold_water', 'hot_water', 'wastewater'])

export function settleAccounts(points: LoadedPoint[], network: Map<string, LoadedPoint>, t: TenantData, period: { from: string; to: string }, today: string): AccountSettlement[] {
  const out: AccountSettlement[] = []
  let current: AccountSettlement | undefined
  // the market's bill form (bill-forms.ts): readings on metered lines everywhere, the Iranian bill in rials
  const iran = iranBillSettingsFor(t.currency)
  for (const p of points) {
    if (!current || current.accountId !== p.accountId) {
      current = { accountId: p.accountId, lines: [], charges: dec(0), errors: [] }
      out.push(current)
    }
    const interval = openDays(period, p.open)
    if (!p.terms && !p.suspensions) {
      settlePart(current, p, p, interval, t, period, period, today, network, iran)
      continue
    }
    // issue 12 §4: terms changed inside the period or disconnected days: each part with the terms valid on its days
    const current_: PointTerms = { usage: p.usage, dwellings: p.dwellings, diameterMm: p.facts.point.diameterMm, contractCapacityM3: p.contractCapacityM3 ?? null }
    const seg = termSegments(interval, current_, p.terms ?? [], p.suspensions ?? [])
    // fixed fees: spread over the open days, so disconnected days bear none; a fee charged once goes on the last part
    const openDays_ = daysBetween(interval.from, interval.to)
    seg.parts.forEach((part, i) => {
      const q: LoadedPoint = { ...p, usage: part.terms.usage, dwellings: part.terms.dwellings, contractCapacityM3: part.terms.contractCapacityM3,
        facts: { ...p.facts, point: { ...p.facts.point, diameterMm: part.terms.diameterMm ?? '0' } } }
      settlePart(current!, q, p, part.interval, t, period, part.interval, today, network, iran, { days: openDays_, last: i === seg.parts.length - 1 })
    })
    for (const s of seg.suspended) current.lines.push(suspendedLine(p, s))
  }
  return out
}

/** Settles one point over `interval` with the terms `p` carries, adding its lines (or errors) to the account's. */
function settlePart(current: AccountSettlement, p: LoadedPoint, stored: LoadedPoint, interval: { from: string; to: string }, t: TenantData,
  period: { from: string; to: string }, iranPeriod: { from: string; to: string }, today: string, network: Map<string, LoadedPoint>, iran: IranBillSettings | null,
  feeShare?: { days: number; last: boolean }): void {
  const id = p.facts.point.id
  if (isUtilityResource(p.resource)) {
    // electricity, district heating, solar production, waste: core/utility (issue 12 §1); Decree 776 stays water-only
    const u = settleUtilityPoint(p, t, period, interval)
    for (const e of u.errors) current.errors.push({ servicePointId: id, ...e })
    if (u.errors.length) return
    for (const line of u.lines) current.lines.push(Object.assign(line, { servicePointId: id }))
    current.charges = current.charges.plus(u.charges)
    return
  }
  if (!WATER.has(p.resource)) {
    current.errors.push({ servicePointId: id, code: 'unsupported_resource', message: `service point ${id}: ${p.resource} is not settled by the water volume methods`, details: { resource: p.resource } })
    return
  }
  const facts: VolumeFacts = { ...withShared(p.facts, t), interval }
  if (p.needs.length) facts.network = Object.fromEntries(p.needs.flatMap((n) => { const q = network.get(n); return q ? [[n, withShared(q.facts, t)]] : [] }))
  try {
    const s = settleServicePoint({ facts, policy: t.policy, billing: { usage: p.usage, dwellings: Math.max(1, p.dwellings) }, tariffs: t.tariffs, money: t.money, today,
      ...(feeShare ? { feeShare } : {}) })
    if (s.errors.length) {
      for (const e of s.errors) {
        const { code, message, servicePointId: _s, ...details } = e as { code: string; message?: string; servicePointId?: string } & Record<string, unknown>
        current.errors.push({ servicePointId: id, code, message: message ?? `${code} at service point ${id}`, details })
      }
      return
    }
    const estimates = s.volumes.some((v) => v.estimated) ? s.volumes.filter((v) => v.estimated) : undefined
    let lines = s.lines
    let charges: string | Fx = s.totals.charges
    if (iran && p.resource === 'cold_water') {
      // seed 002 item 18: a non-residential branch's allowed consumption is its contract capacity (per month, one unit)
      const byCapacity = p.contractCapacityM3 && p.usage !== 'residential'
      ;({ lines, charges } = byCapacity ? iranPointLines(s.lines, { ...iran, allowedPerUnitMonth: p.contractCapacityM3! }, p.usage, 1, iranPeriod)
        : iranPointLines(s.lines, iran, p.usage, p.dwellings, iranPeriod))
      if (byCapacity) for (const l of lines) if (l.line === 'allowed' || l.line === 'excess') capacityNote(l, p.contractCapacityM3!)
    }
    for (const line of lines) {
      // payable rounding is the bill's, over all its points (seed 002 item 27): not per point
      if (line.kind === 'rounding') continue
      const out: BillLineOut = Object.assign(withReadings(line, stored.facts, t.policy), { servicePointId: id })
      if (estimates && line.kind === 'volume' && estimates.some((v) => v.interval.from < line.interval.to && v.interval.to > line.interval.from)) out.estimated = true
      current.lines.push(out)
    }
    current.charges = current.charges.plus(charges)
  } catch (err) {
    // the core signals facts it cannot settle with RangeError (e.g. an impossible meter timeline)
    if (!(err instanceof RangeError)) throw err
    current.errors.push({ servicePointId: id, code: 'invalid_facts', message: `service point ${id}: ${err.message}`, details: {} })
  }
}

/** The allowed consumption (item 18) and the excess over it (item 19) rest on the contract capacity: the trace says so. */
function capacityNote(l: SettledLine, capacity: string): void {
  l.trace = { ...l.trace, inputs: { ...l.trace.inputs, contractCapacityM3: capacity },
    notes: [...(l.trace.notes ?? []), `allowed = the contract capacity of ${capacity} m³ per month (seed 002 items 8, 18), one unit: consumption above it is above the contract capacity`] }
}

/** The days a point was temporarily disconnected: shown, not billed (assumption in README: no fixed fee either). */
function suspendedLine(p: LoadedPoint, s: { from: string; to: string; requestId: string }): BillLineOut {
  return {
    service: p.resource, kind: 'info', line: 'disconnected', interval: { from: s.from, to: s.to }, amount: '0', servicePointId: p.facts.point.id,
    trace: { rule: 'temporary disconnection: the point is not billed while disconnected (seed 002 item 6)',
      inputs: { from: s.from, to: s.to, serviceRequestId: s.requestId },
      formula: `no volume, fixed fee or tax for ${s.from} … ${s.to} (exclusive): disconnected by service request ${s.requestId}` },
  }
}

/** An account opened or closed inside the period is billed for its open days only (closed_on: the first day it is closed). */
function openDays(period: { from: string; to: string }, open: LoadedPoint['open']): { from: string; to: string } {
  const from = open.from > period.from ? open.from : period.from
  const to = open.to !== null && open.to < period.to ? open.to : period.to
  return from === period.from && to === period.to ? period : { from, to }
}

function withShared(f: PointFacts, t: TenantData): PointFacts {
  return { ...f, norms: t.norms, coefficients: t.coefficients, ...(t.extraNorms.length ? { extraNorms: t.extraNorms } : {}) }
}
