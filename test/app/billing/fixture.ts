// A small tenant for bill-run tests: a flat cold-water tariff (20.28 RUB/m³,
// memo 003), a norm 6.36 m³/person with K = 1.5, and five accounts:
// metered (8 m³ → 162.24), normative (4 persons → 515.92 + 257.96 = 773.88),
// a failed meter (averaged), a non-residential point no rule covers
// (uncovered_days) and a point of a usage type without a tariff (tariff_not_found).
import { testClock } from '../../helpers/clock.ts'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { buildApp } from '../../../src/app.ts'
import { createDb, createPool, type Db } from '../../../src/db/database.ts'
import { createTariffVersion } from '../../../src/app/settlement-data/tariffs.ts'
import { createNorm } from '../../../src/app/settlement-data/norms.ts'
import { createCoefficient } from '../../../src/app/settlement-data/coefficients.ts'
import { drainQueue, installQueue } from '../../../src/jobs/queue.ts'
import { addTenant, TEST_CONFIG, type TestTenant } from '../../helpers/app.ts'
import { testDatabase } from '../../helpers/database.ts'

interface Tap { teardown(fn: () => Promise<void> | void): void }

export interface BillingTest {
  app: FastifyInstance
  db: Db
  tenant: TestTenant
  other: TestTenant
  /** runs every due job of the queue once (graphile-worker runOnce) */
  drain(): Promise<void>
}

export async function billingTest(t: Tap): Promise<BillingTest> {
  const { db, url } = await testDatabase(t)
  const pool: pg.Pool = createPool(url, 3)
  const jobsDb = createDb(pool)
  await installQueue(pool)
  const app = await buildApp({ db, clock: testClock, config: TEST_CONFIG })
  t.teardown(async () => { await app.close(); await jobsDb.destroy() })
  const tenant = await addTenant(db)
  const other = await addTenant(db, 'Other utility')
  return { app, db, tenant, other, drain: () => drainQueue(pool, jobsDb) }
}

export async function addSettlementData(db: Db, tenantId: string): Promise<void> {
  await createTariffVersion(db, tenantId, { service: 'cold_water', usageType: 'residential', validFrom: '2025-01-01', validTo: null,
    definition: { volume: { line: 'cold_water', price: { shape: 'flat', rate: '20.28' } } }, source: 'memo 003' })
  await createTariffVersion(db, tenantId, { service: 'cold_water', usageType: 'non_residential', validFrom: '2025-01-01', validTo: null,
    definition: { volume: { line: 'cold_water', price: { shape: 'flat', rate: '19.19' } } }, source: 'memo 003' })
  await createNorm(db, tenantId, { resource: 'cold_water', kind: 'per_person', validFrom: '2018-01-01', validTo: null, value: '6.36', months: null })
  await createCoefficient(db, tenantId, { resource: 'cold_water', validFrom: '2016-07-01', value: '1.5' })
}

export interface Accounts { metered: string; normative: string; failed: string; uncovered: string; noTariff: string }

/** Readings at noon in the tenant's zone (Asia/Irkutsk, +08): a reading dated D is the index at the end of D. */
const at = (day: string) => `${day}T12:00:00+08:00`

export async function addAccounts(db: Db, tenantId: string, prefix = 'A'): Promise<Accounts> {
  const customerId = uuidv7()
  await db.insertInto('customers').values({ tenantId, customerId, kind: 'person', name: 'Ivan', surname: 'Petrov', inn: null, email: null, phone: null }).execute()
  const account = async (n: string, kind: 'residential' | 'non_residential', usage: string) => {
    const accountId = uuidv7()
    await db.insertInto('accounts').values({ tenantId, accountId, customerId, premisesId: null, kind, number: `${prefix}-${n}`,
      ownerSurname: kind === 'residential' ? 'Petrov' : null, contractInn: kind === 'residential' ? null : '7707083893', usageType: usage, openedOn: '2020-01-01', closedOn: null }).execute()
    const servicePointId = uuidv7()
    await db.insertInto('servicePoints').values({ tenantId, servicePointId, accountId, premisesId: null, code: null, resource: 'cold_water', usageType: usage,
      unit: 'm3', diameterMm: '15', lossesVolumeM3: null, lossesPercent: null, transitOrganization: false, hotWaterSystem: null,
      guaranteedVolume: null, guaranteedVolumePer: null, dwellingUnits: 1 }).execute()
    return { accountId, servicePointId }
  }
  const meter = async (servicePointId: string, serial: string, indices: [string, string][], failedOn?: string) => {
    const meterId = uuidv7()
    await db.insertInto('meters').values({ tenantId, meterId, servicePointId, serial: `${prefix}-${serial}`, model: null, digits: 5, decimals: 3, maxFlowM3h: null,
      verificationIntervalMonths: null, verificationDue: null, isControl: false, readingKind: 'index' }).execute()
    await db.insertInto('meterEvents').values({ tenantId, eventId: uuidv7(), meterId, kind: 'commissioned', occurredOn: '2025-01-01', meterIndex: '0',
      seals: [], nextVerificationDue: null, actId: null, note: null }).execute()
    if (failedOn) await db.insertInto('meterEvents').values({ tenantId, eventId: uuidv7(), meterId, kind: 'failed', occurredOn: failedOn, meterIndex: null,
      seals: [], nextVerificationDue: null, actId: null, note: null }).execute()
    await db.insertInto('readings').values(indices.map(([day, value]) => ({ tenantId, meterId, readAt: at(day), kind: 'index' as const, value,
      source: 'portal', status: 'accepted' as const, reasons: [], readerStatus: null, decidedAt: null, decisionNote: null }))).execute()
    return meterId
  }

  const metered = await account('1', 'residential', 'residential')
  await meter(metered.servicePointId, 'M1', [['2026-08-31', '92'], ['2026-09-30', '100'], ['2026-10-31', '108']])

  const normative = await account('2', 'residential', 'residential')
  await db.insertInto('residents').values({ tenantId, servicePointId: normative.servicePointId, effectiveFrom: '2019-01-01', residents: 4 }).execute()

  // 10 m³ a month until the failure on 2026-09-15: October is within the 60 averaging days (Decree 776 §17)
  const failed = await account('3', 'residential', 'residential')
  const monthly: [string, string][] = []
  for (let m = 1; m <= 20; m++) {
    const d = new Date(Date.UTC(2025, m, 0)).toISOString().slice(0, 10)
    monthly.push([d, String(m * 10)])
  }
  await meter(failed.servicePointId, 'M3', monthly, '2026-09-15')

  // an organization without a meter, a guaranteed volume or a notice to install: no rule covers its days
  const uncovered = await account('4', 'non_residential', 'non_residential')

  const noTariff = await account('5', 'residential', 'industrial')
  await meter(noTariff.servicePointId, 'M5', [['2026-09-30', '10'], ['2026-10-31', '20']])

  return { metered: metered.accountId, normative: normative.accountId, failed: failed.accountId, uncovered: uncovered.accountId, noTariff: noTariff.accountId }
}
