// Writes one demo tenant's records through the same use-cases and input
// schemas as the API (so demo data passes the API's validation), and its
// readings in multi-row inserts.
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import { validationError } from '../errors.ts'
import { accounts, acts, customers, meterEvents, meters, premises, servicePoints } from '../resources/index.ts'
import { createResource, type ResourceSpec } from '../resources/resource.ts'
import { addDownstream } from '../service-points/links.ts'
import { residentsInput, setResidents } from '../service-points/residents.ts'
import { zoned } from './time.ts'
import { addWasteSubscription, wasteSubscriptionInput } from '../waste/subscriptions.ts'

export interface ReadingRow {
  meterId: string
  readAt: string
  kind: 'index' | 'consumption'
  value: string
  source: 'accounting' | 'telemetry'
}

/** A whole number of the meter's smallest unit (10^-decimals) as a decimal string. */
export function scaled(units: number, decimals: number): string {
  if (!Number.isSafeInteger(units) || units < 0) throw new RangeError(`not a non-negative whole number: ${units}`)
  if (decimals === 0) return String(units)
  const s = String(units).padStart(decimals + 1, '0')
  return `${s.slice(0, -decimals)}.${s.slice(-decimals)}`
}

/** Adds months to an ISO date (the day is clamped to the month's length). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7)) - 1 + months
  const year = y + Math.floor(m / 12)
  const month = ((m % 12) + 12) % 12 + 1
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const day = Math.min(Number(date.slice(8, 10)), last)
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

export interface MeterPlan {
  servicePointId: string
  serial: string
  model?: string
  digits: number
  decimals: number
  maxFlowM3h?: string
  verificationIntervalMonths?: number
  readingKind?: 'index' | 'consumption'
  commissionedOn: string
  /** the index at commissioning, in units of 10^-decimals */
  initialUnits: number
  seals: string[]
  /** Russian practice: a commissioning act (Decree 776 §42) records the event; otherwise a plain meter event */
  act?: { number: string; participants: { name: string; role: string }[]; sealPlace: string }
}

export interface SeriesPlan {
  meterId: string
  decimals: number
  kind: 'index' | 'consumption'
  source: 'accounting' | 'telemetry'
  timeZone: string
  /** the index just before the first reading date, in units of 10^-decimals */
  startUnits: number
  /** reading dates with the volume since the previous reading, in units; every volume > 0 */
  points: { date: string; units: number; hour: number; minute: number }[]
}

export class DemoWriter {
  readonly readings: ReadingRow[] = []
  private readonly db: Db
  readonly tenantId: string
  constructor(db: Db, tenantId: string) {
    this.db = db
    this.tenantId = tenantId
  }

  /** Validate with the API's create schema, then run the API's create use-case. */
  async create(spec: ResourceSpec, input: Record<string, unknown>): Promise<{ id: string }> {
    const parsed = spec.create.safeParse(input)
    if (!parsed.success) {
      throw validationError(`demo ${spec.name} is invalid`, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })))
    }
    return createResource(this.db, spec, this.tenantId, parsed.data)
  }

  customer(input: Record<string, unknown>) { return this.create(customers, input) }
  premises(input: Record<string, unknown>) { return this.create(premises, input) }
  account(input: Record<string, unknown>) { return this.create(accounts, input) }
  servicePoint(input: Record<string, unknown>) { return this.create(servicePoints, input) }
  act(input: Record<string, unknown>) { return this.create(acts, input) }

  async residents(servicePointId: string, effectiveFrom: string, residents: number): Promise<void> {
    await setResidents(this.db, this.tenantId, servicePointId, residentsInput.parse({ effectiveFrom, residents }))
  }

  /** A waste-collection subscription of a waste_collection point (issue 12 §1). */
  async wasteSubscription(servicePointId: string, input: { binLitres: number; frequency: 'weekly' | 'every_other_week' | 'every_four_weeks'; validFrom: string }): Promise<void> {
    await addWasteSubscription(this.db, this.tenantId, servicePointId, wasteSubscriptionInput.parse(input))
  }

  async link(upstreamId: string, downstreamId: string): Promise<void> {
    await addDownstream(this.db, this.tenantId, upstreamId, downstreamId)
  }

  /** A meter with its commissioning (initial index and seals), by act or by meter event. */
  async meter(p: MeterPlan): Promise<string> {
    const verificationDue = p.verificationIntervalMonths ? addMonths(p.commissionedOn, p.verificationIntervalMonths) : null
    const m = await this.create(meters, {
      servicePointId: p.servicePointId, serial: p.serial, model: p.model ?? null, digits: p.digits, decimals: p.decimals,
      maxFlowM3h: p.maxFlowM3h ?? null, verificationIntervalMonths: p.verificationIntervalMonths ?? null, verificationDue,
      readingKind: p.readingKind ?? 'index',
    })
    const meterIndex = scaled(p.initialUnits, p.decimals)
    if (p.act) {
      await this.act({
        servicePointId: p.servicePointId, meterId: m.id, number: p.act.number, drawnUpOn: p.commissionedOn,
        details: { kind: 'commissioning', decision: 'admitted', meterIndex, participants: p.act.participants,
          seals: p.seals.map((number) => ({ number, place: p.act!.sealPlace })) },
      })
    } else {
      await this.create(meterEvents, { meterId: m.id, kind: 'commissioned', occurredOn: p.commissionedOn, meterIndex, seals: p.seals })
    }
    return m.id
  }

  /** Queue a meter's readings; returns the last index in units. */
  series(p: SeriesPlan): number {
    let index = p.startUnits
    for (const pt of p.points) {
      if (!(pt.units > 0)) throw new RangeError(`demo volumes must be positive (meter ${p.meterId}, ${pt.date})`)
      index += pt.units
      this.readings.push({
        meterId: p.meterId, readAt: zoned(pt.date, pt.hour, pt.minute, p.timeZone), kind: p.kind,
        value: scaled(p.kind === 'index' ? index : pt.units, p.decimals), source: p.source,
      })
    }
    return index
  }

  /** Write the queued readings: multi-row inserts, accepted, duplicates skipped. */
  async flushReadings(batch = 1000): Promise<number> {
    let written = 0
    for (let i = 0; i < this.readings.length; i += batch) {
      const rows = this.readings.slice(i, i + batch).map((r) => sql`(${this.tenantId}::uuid, ${r.meterId}::uuid, ${r.readAt}::timestamptz, ${r.kind}, ${r.value}::numeric, ${r.source}, 'accepted')`)
      const res = await sql`insert into readings (tenant_id, meter_id, read_at, kind, value, source, status)
        values ${sql.join(rows)} on conflict do nothing`.execute(this.db)
      written += Number(res.numAffectedRows ?? 0n)
    }
    this.readings.length = 0
    return written
  }
}
