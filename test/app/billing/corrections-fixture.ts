// Accounts for correction tests: a residential cold-water point with an
// index meter (5 digits, 3 decimals) commissioned on 2025-01-01, readings
// added as the test goes, and a helper that bills one period to the end.
import { clockOn } from '../../helpers/clock.ts'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../../../src/db/database.ts'
import { startBillRun } from '../../../src/app/billing/bill-runs.ts'

/** Readings at noon in the tenant's zone (Asia/Irkutsk): a reading dated D is the index at the end of D. */
const at = (day: string) => `${day}T12:00:00+08:00`

export interface MeteredAccount { accountId: string; servicePointId: string; meterId: string }

export async function meteredAccount(db: Db, tenantId: string, number: string): Promise<MeteredAccount> {
  const customerId = uuidv7()
  await db.insertInto('customers').values({ tenantId, customerId, kind: 'person', name: 'Anna', surname: 'Sidorova', inn: null, email: null, phone: null }).execute()
  const accountId = uuidv7()
  await db.insertInto('accounts').values({ tenantId, accountId, customerId, premisesId: null, kind: 'residential', number,
    ownerSurname: 'Sidorova', contractInn: null, usageType: 'residential', openedOn: '2020-01-01', closedOn: null }).execute()
  const servicePointId = uuidv7()
  await db.insertInto('servicePoints').values({ tenantId, servicePointId, accountId, premisesId: null, code: null, resource: 'cold_water', usageType: 'residential',
    unit: 'm3', diameterMm: '15', lossesVolumeM3: null, lossesPercent: null, transitOrganization: false, hotWaterSystem: null,
    guaranteedVolume: null, guaranteedVolumePer: null, dwellingUnits: 1 }).execute()
  const meterId = uuidv7()
  await db.insertInto('meters').values({ tenantId, meterId, servicePointId, serial: `S-${number}`, model: null, digits: 5, decimals: 3, maxFlowM3h: null,
    verificationIntervalMonths: null, verificationDue: null, isControl: false, readingKind: 'index' }).execute()
  await db.insertInto('meterEvents').values({ tenantId, eventId: uuidv7(), meterId, kind: 'commissioned', occurredOn: '2025-01-01', meterIndex: '0',
    seals: [], nextVerificationDue: null, actId: null, note: null }).execute()
  return { accountId, servicePointId, meterId }
}

export async function addReadings(db: Db, tenantId: string, meterId: string, readings: [string, string][], status: 'accepted' | 'flagged' = 'accepted'): Promise<void> {
  await db.insertInto('readings').values(readings.map(([day, value]) => ({ tenantId, meterId, readAt: at(day), kind: 'index' as const, value,
    source: 'portal' as const, status, reasons: [], readerStatus: null, decidedAt: null, decisionNote: null }))).execute()
}

/** Month ends of 2026 from January through `last` with 8 m³ a month (index 8 × month). */
export function monthlyReadings(lastMonth: number): [string, string][] {
  const out: [string, string][] = []
  for (let m = 1; m <= lastMonth; m++) out.push([new Date(Date.UTC(2026, m, 0)).toISOString().slice(0, 10), String(8 * m)])
  return out
}

export async function billPeriod(db: Db, tenantId: string, periodStart: string, today: string, drain: () => Promise<void>): Promise<string> {
  const { run } = await startBillRun(db, tenantId, { periodStart }, clockOn(today))
  await drain()
  return run.id
}

export async function billOf(db: Db, tenantId: string, accountId: string, periodStart: string, kind: 'regular' | 'correction' = 'regular') {
  const bill = await db.selectFrom('bills').selectAll().where('tenantId', '=', tenantId).where('accountId', '=', accountId)
    .where('periodStart', '=', periodStart).where('kind', '=', kind).executeTakeFirst()
  if (!bill) return undefined
  const lines = await db.selectFrom('billLines').selectAll().where('tenantId', '=', tenantId).where('billId', '=', bill.billId).orderBy('lineNo').execute()
  return { bill, lines }
}
