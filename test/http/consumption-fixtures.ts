// A Swedish multi-utility household (seed 001) for the consumption tests:
// water, electricity, district heating and a solar plant at one address,
// each meter read at the end of every month from November 2024 to October
// 2026 with a known monthly volume, so every figure can be worked by hand.
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { Db } from '../../src/db/database.ts'
import { bearer, type TestTenant } from '../helpers/app.ts'

export interface Household { customer: string; premises: string; account: string; number: string; points: Record<string, string>; meters: Record<string, string> }

/** Monthly volume per utility: [2025 and before, 2026] */
export const MONTHLY: Record<string, { unit: string; decimals: number; volume: [number, number] }> = {
  cold_water: { unit: 'm3', decimals: 1, volume: [10, 12] },
  electricity: { unit: 'kWh', decimals: 0, volume: [300, 330] },
  district_heating: { unit: 'MWh', decimals: 3, volume: [1.5, 1.5] },
  solar_production: { unit: 'kWh', decimals: 0, volume: [200, 200] },
}

/** The last day of each month from Nov 2024 to Oct 2026. */
export function monthEnds(): string[] {
  const out: string[] = []
  for (let y = 2024, m = 11; y < 2026 || m <= 10; m === 12 ? (y++, m = 1) : m++) {
    out.push(new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10))
  }
  return out
}

export async function household(app: FastifyInstance, db: Db, tt: TestTenant, surname: string, n: number): Promise<Household> {
  const h = bearer(tt.keys.admin)
  const post = async (url: string, payload: unknown) => {
    const r = await app.inject({ method: 'POST', url, headers: h, payload: payload as object })
    if (r.statusCode !== 201) throw new Error(`${url}: ${r.body}`)
    return r.json().id as string
  }
  const customer = await post('/v1/customers', { kind: 'person', name: 'Anna', surname })
  const premises = await post('/v1/premises', { customerId: customer, kind: 'house', address: `Arvikagatan ${n}` })
  const number = `SE-${n}`
  const account = await post('/v1/accounts', { customerId: customer, premisesId: premises, kind: 'residential', number, ownerSurname: surname, openedOn: '2024-01-01' })
  const points: Record<string, string> = {}
  const meters: Record<string, string> = {}
  for (const [resource, u] of Object.entries(MONTHLY)) {
    const sp = await post('/v1/service-points', { accountId: account, premisesId: premises, resource, unit: u.unit })
    const meter = await post('/v1/meters', { servicePointId: sp, serial: `${resource.slice(0, 2).toUpperCase()}${n}`, digits: 7, decimals: u.decimals })
    await post('/v1/meter-events', { meterId: meter, kind: 'commissioned', occurredOn: '2024-11-01', meterIndex: '0' })
    points[resource] = sp
    meters[resource] = meter
    let index = 0
    const rows = monthEnds().map((day) => {
      index += u.volume[day < '2026-01-01' ? 0 : 1]
      // noon in Stockholm: the reading's day is `day` (a reading closes its day)
      return { day, value: index.toFixed(u.decimals) }
    })
    await sql`insert into readings (tenant_id, meter_id, read_at, kind, value, source, status, reasons)
      select ${tt.id}, ${meter}, (d || ' 12:00')::timestamp at time zone 'Europe/Stockholm', 'index', v::numeric, 'telemetry', 'accepted', '{}'
      from unnest(${rows.map((r) => r.day)}::text[], ${rows.map((r) => r.value)}::text[]) as x(d, v)`.execute(db)
  }
  return { customer, premises, account, number, points, meters }
}
