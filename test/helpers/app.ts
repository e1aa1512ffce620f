// The app over a fresh database, with a tenant and keys of every scope.
import { testClock } from './clock.ts'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { createApiKey } from '../../src/app/auth/api-keys.ts'
import { createTenant } from '../../src/app/tenants/tenants.ts'
import { operatorTokenDigest } from '../../src/app/auth/operator.ts'
import type { Db } from '../../src/db/database.ts'
import { testDatabase } from './database.ts'

export interface TestTenant {
  id: string
  keys: { admin: string; accounting: string; portal: string; readonly: string }
}

export async function addTenant(db: Db, name = 'Test vodokanal', over: Record<string, unknown> = {}): Promise<TestTenant> {
  const tenant = await createTenant(db, { name, currency: 'RUB', minorUnits: 2, timeZone: 'Asia/Irkutsk', calendar: 'gregorian',
    locale: 'ru-RU', billingPeriodMonths: 1, policy: {}, ...over })
  const key = async (scope: 'admin' | 'accounting' | 'portal' | 'readonly') => (await createApiKey(db, tenant.id, scope, [scope])).apiKey
  return { id: tenant.id, keys: { admin: await key('admin'), accounting: await key('accounting'), portal: await key('portal'), readonly: await key('readonly') } }
}

/** The platform operator's token in tests (issue 10 §7); TEST_CONFIG configures its SHA-256, as a deployment would. */
export const TEST_OPERATOR_TOKEN = `aqlop_${'test-operator-token'.padEnd(43, '0')}`

/**
 * What tests build the app with: no rate limits (test/http/edges.test.ts tests them), which hundreds of requests in a second would trip;
 * no consumption answers remembered: tests write readings straight into the database (as another process would) and ask at once,
 * where the product promises "seen once the notice arrives", milliseconds later (test/http/consumption-cache.test.ts and
 * consumption.test.ts run with it on: CACHED_CONSUMPTION).
 */
export const TEST_CONFIG = { LOG_LEVEL: 'silent', BODY_LIMIT_BYTES: 1_048_576, BULK_BODY_LIMIT_BYTES: 256 * 1_048_576, RATE_LIMIT_AUTH_FAILURES: 0, RATE_LIMIT_COSTLY: 0,
  AQUALEDGER_OPERATOR_TOKEN_SHA256: operatorTokenDigest(TEST_OPERATOR_TOKEN), CONSUMPTION_CACHE_ENTRIES: 0 } as const

/** TEST_CONFIG with consumption answers remembered, as production runs. */
export const CACHED_CONSUMPTION = { ...TEST_CONFIG, CONSUMPTION_CACHE_ENTRIES: 5_000 } as const

interface Tap { teardown(fn: () => Promise<void> | void): void }

export async function testApp(t: Tap, config: typeof TEST_CONFIG | typeof CACHED_CONSUMPTION = TEST_CONFIG): Promise<{ app: FastifyInstance; db: Db; tenant: TestTenant; other: TestTenant }> {
  const { db } = await testDatabase(t)
  const app = await buildApp({ db, clock: testClock, config })
  t.teardown(() => app.close())
  const tenant = await addTenant(db)
  const other = await addTenant(db, 'Other utility')
  return { app, db, tenant, other }
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` })
