// Loads the three demo tenants. Idempotent: tenants have fixed ids; one that
// exists is kept (or, with reset, deleted and loaded again). Each tenant is
// loaded in one transaction, so a tenant that exists is complete.
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import { createApiKey } from '../auth/api-keys.ts'
import type { Scope } from '../auth/principal.ts'
import { inTransaction } from '../transaction.ts'
import { createTenant } from '../tenants/tenants.ts'
import { putPayeeDetails } from '../documents/payee-details.ts'
import { DEMO_PAYEES } from './payees.ts'
import { irRural } from './ir-rural.ts'
import { Rng } from './random.ts'
import { ruVodokanal } from './ru-vodokanal.ts'
import { seMunicipal } from './se-municipal.ts'
import type { DemoTenant } from './types.ts'
import { DemoWriter } from './writer.ts'
import { addDemoSettlementData } from './settlement-data.ts'

export const DEMO_TENANTS: DemoTenant[] = [ruVodokanal, irRural, seMunicipal]
export const DEMO_KEY_NAMES = { admin: 'demo admin key', portal: 'demo portal key' } as const

export interface DemoOptions {
  /** 1 ≈ 100–200 service points per tenant; tests use less */
  scale?: number
  /** delete existing demo tenants and load them again */
  reset?: boolean
  /** issue fresh keys (and revoke the previous demo keys); default true */
  keys?: boolean
  log?: (line: string) => void
}

export interface DemoSamples {
  customerId: string
  accountNumber: string
  ownerSurname: string | null
  servicePointId: string
  meterId: string
  meterSerial: string
}

export interface DemoTenantResult {
  code: DemoTenant['code']
  tenantId: string
  name: string
  /** loaded now (false: it was there already) */
  loaded: boolean
  counts: { customers: number; servicePoints: number; meters: number; readings: number }
  keys?: { admin: string; portal: string }
  samples: DemoSamples
}

export async function loadDemo(db: Db, opts: DemoOptions = {}): Promise<DemoTenantResult[]> {
  const scale = opts.scale ?? 1
  const log = opts.log ?? (() => {})
  const results: DemoTenantResult[] = []
  for (const demo of DEMO_TENANTS) {
    const loaded = await inTransaction(db, async (trx) => {
      // One loader at a time per tenant, even from two terminals.
      await sql`select pg_advisory_xact_lock(hashtext(${`demo:${demo.tenantId}`}))`.execute(trx)
      const exists = await trx.selectFrom('tenants').select('tenantId').where('tenantId', '=', demo.tenantId).executeTakeFirst()
      if (exists && !opts.reset) return false
      if (exists) await deleteTenant(trx, demo.tenantId)
      const started = performance.now()
      await createTenant(trx, demo.tenant, demo.tenantId)
      const w = new DemoWriter(trx, demo.tenantId)
      await demo.build(w, new Rng(`aqualedger-demo-${demo.code}`), scale)
      const readings = await w.flushReadings()
      await addDemoSettlementData(trx, demo.code, demo.tenantId)
      await putPayeeDetails(trx, demo.tenantId, DEMO_PAYEES[demo.code])
      log(`${demo.code}: loaded in ${Math.round(performance.now() - started)} ms (${readings} readings)`)
      return true
    })
    if (!loaded) log(`${demo.code}: tenant ${demo.tenantId} exists, kept (use --reset to load it again)`)
    const keys = opts.keys === false ? undefined : await issueDemoKeys(db, demo.tenantId)
    results.push({ code: demo.code, tenantId: demo.tenantId, name: demo.tenant.name, loaded,
      counts: await countsOf(db, demo.tenantId), samples: await samplesOf(db, demo.tenantId), ...(keys ? { keys } : {}) })
  }
  return results
}

/** Fresh admin and portal keys; the previous demo keys are revoked so only the printed ones work. */
export async function issueDemoKeys(db: Db, tenantId: string): Promise<{ admin: string; portal: string }> {
  await db.updateTable('apiKeys').set({ revokedAt: sql<Date>`now()` })
    .where('tenantId', '=', tenantId).where('name', 'in', Object.values(DEMO_KEY_NAMES)).where('revokedAt', 'is', null).execute()
  const key = async (scope: Scope) => (await createApiKey(db, tenantId, DEMO_KEY_NAMES[scope as 'admin' | 'portal'], [scope])).apiKey
  return { admin: await key('admin'), portal: await key('portal') }
}

/**
 * Deletes every row of a tenant: all tables with a tenant_id column (including
 * ones added by later migrations), children before parents — a delete that a
 * foreign key refuses is retried after the others.
 */
export async function deleteTenant(db: Db, tenantId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const found = await sql<{ table: string }>`
      select c.table_name as table from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = current_schema() and c.column_name = 'tenant_id' and c.table_name <> 'tenants'`.execute(trx)
    let pending = found.rows.map((r) => r.table)
    while (pending.length > 0) {
      const refused: string[] = []
      for (const table of pending) {
        await sql`savepoint demo_delete`.execute(trx)
        try {
          await sql`delete from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(trx)
          await sql`release savepoint demo_delete`.execute(trx)
        } catch (err) {
          if ((err as { code?: string }).code !== '23503') throw err
          await sql`rollback to savepoint demo_delete`.execute(trx)
          refused.push(table)
        }
      }
      if (refused.length === pending.length) throw new Error(`cannot delete tenant ${tenantId}: ${pending.join(', ')} still referenced`)
      pending = refused
    }
    await trx.deleteFrom('tenants').where('tenantId', '=', tenantId).execute()
  })
}

async function countsOf(db: Db, tenantId: string) {
  // (one-word aliases: the CamelCasePlugin renames result columns)
  const r = await sql<{ customers: string; points: string; meters: string; readings: string }>`select
    (select count(*) from customers where tenant_id = ${tenantId}) as customers,
    (select count(*) from service_points where tenant_id = ${tenantId}) as points,
    (select count(*) from meters where tenant_id = ${tenantId}) as meters,
    (select count(*) from readings where tenant_id = ${tenantId}) as readings`.execute(db)
  const row = r.rows[0]!
  return { customers: Number(row.customers), servicePoints: Number(row.points), meters: Number(row.meters), readings: Number(row.readings) }
}

/** Ids for the README's examples: the lowest-numbered residential account with a working index meter. */
export async function samplesOf(db: Db, tenantId: string): Promise<DemoSamples> {
  const row = await db.selectFrom('accounts as a')
    .innerJoin('servicePoints as s', (j) => j.onRef('s.tenantId', '=', 'a.tenantId').onRef('s.accountId', '=', 'a.accountId'))
    .innerJoin('meters as m', (j) => j.onRef('m.tenantId', '=', 's.tenantId').onRef('m.servicePointId', '=', 's.servicePointId'))
    .select(['a.customerId', 'a.number', 'a.ownerSurname', 's.servicePointId', 'm.meterId', 'm.serial'])
    .where('a.tenantId', '=', tenantId).where('a.kind', '=', 'residential').where('m.readingKind', '=', 'index')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('meterEvents as e').select('e.eventId')
      .whereRef('e.tenantId', '=', 'm.tenantId').whereRef('e.meterId', '=', 'm.meterId').where('e.kind', '=', 'failed'))))
    .orderBy('a.number').orderBy('s.resource').orderBy('m.serial').limit(1).executeTakeFirstOrThrow()
  return { customerId: row.customerId, accountNumber: row.number, ownerSurname: row.ownerSurname, servicePointId: row.servicePointId,
    meterId: row.meterId, meterSerial: row.serial }
}

const shellQuote = (v: string) => (/^[A-Za-z0-9_./:@-]+$/.test(v) ? v : `'${v.replaceAll("'", `'\\''`)}'`)

/** The results as `export NAME=value` lines, for a terminal and for .data/demo-keys.env. */
export function demoEnv(results: DemoTenantResult[], baseUrl = 'http://127.0.0.1:3000'): string {
  const lines = ['# Aqualedger demo tenants: source this file, then try the README examples.', `export AQL_URL=${shellQuote(baseUrl)}`]
  for (const r of results) {
    lines.push('', `# ${r.name}`, `export AQL_TENANT_${r.code}=${r.tenantId}`)
    if (r.keys) lines.push(`export AQL_KEY_${r.code}=${r.keys.admin}`, `export AQL_PORTAL_KEY_${r.code}=${r.keys.portal}`)
    lines.push(`export AQL_CUSTOMER_${r.code}=${r.samples.customerId}`,
      `export AQL_ACCOUNT_${r.code}=${shellQuote(r.samples.accountNumber)}`,
      ...(r.samples.ownerSurname ? [`export AQL_OWNER_${r.code}=${shellQuote(r.samples.ownerSurname)}`] : []),
      `export AQL_SERVICE_POINT_${r.code}=${r.samples.servicePointId}`,
      `export AQL_METER_${r.code}=${r.samples.meterId}`)
  }
  return `${lines.join('\n')}\n`
}
