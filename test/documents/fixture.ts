// Three tenants with real bill runs behind their documents: a Russian
// vodokanal (RUB, ru), an Iranian rural district (IRR, fa, Solar Hijri,
// two-month periods, tariff in rials) and a Swedish utility (SEK, sv). Each
// has the payee details its payment code needs and a premises address.
import { testClock } from '../helpers/clock.ts'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../../src/db/database.ts'
import { startBillRun } from '../../src/app/billing/bill-runs.ts'
import { createTariffVersion } from '../../src/app/settlement-data/tariffs.ts'
import { createNorm } from '../../src/app/settlement-data/norms.ts'
import { createCoefficient } from '../../src/app/settlement-data/coefficients.ts'
import { addTenant, bearer, type TestTenant } from '../helpers/app.ts'
import { addAccounts, addSettlementData, billingTest, type Accounts } from '../app/billing/fixture.ts'

interface Tap { teardown(fn: () => Promise<void> | void): void }

import { IR_PAYEE, RU_PAYEE, SE_PAYEE } from '../../src/app/demo/payees.ts'
export { IR_PAYEE, RU_PAYEE, SE_PAYEE }

export interface Market { tenant: TestTenant; accounts: Accounts; period: string }

async function premises(db: Db, tenantId: string, accountId: string, address: string, city: string, postalCode: string): Promise<void> {
  const a = await db.selectFrom('accounts').select('customerId').where('tenantId', '=', tenantId).where('accountId', '=', accountId).executeTakeFirstOrThrow()
  const premisesId = uuidv7()
  await db.insertInto('premises').values({ tenantId, premisesId, customerId: a.customerId, kind: 'flat', address, city, region: null, postalCode, country: null, areaM2: null }).execute()
  await db.updateTable('accounts').set({ premisesId }).where('tenantId', '=', tenantId).where('accountId', '=', accountId).execute()
}

export async function documentsTest(t: Tap) {
  const base = await billingTest(t)
  const { app, db, drain } = base
  const put = async (key: string, payload: Record<string, unknown>) => {
    const r = await app.inject({ method: 'PUT', url: '/v1/payee-details', headers: bearer(key), payload })
    if (r.statusCode !== 200) throw new Error(r.body)
  }

  // RUB: the shared fixture (20.28 RUB/m³, norm 6.36, K 1.5), October 2026
  await addSettlementData(db, base.tenant.id)
  const ruAccounts = await addAccounts(db, base.tenant.id, 'A')
  await premises(db, base.tenant.id, ruAccounts.metered, 'ул. Карла Маркса, д. 5, кв. 12', 'Иркутск', '664003')
  await put(base.tenant.keys.admin, RU_PAYEE)

  // IRR: 143,750 rials/m³ so a bill is worth a payment ID; the period 1405-3 (Mordad–Shahrivar, 2026-07-23 – 2026-09-22)
  const ir = await addTenant(db, IR_PAYEE.name, { currency: 'IRR', minorUnits: 0, timeZone: 'Asia/Tehran', calendar: 'solar_hijri', locale: 'fa-IR', billingPeriodMonths: 2 })
  await createTariffVersion(db, ir.id, { service: 'cold_water', usageType: 'residential', validFrom: '2025-01-01', validTo: null,
    definition: { volume: { line: 'water_price', price: { shape: 'flat', rate: '143750' } },
      fixedFees: [{ line: 'subscription', amount: '60000', per: 'connection', proRata: false }],
      taxes: [{ line: 'duties_and_tax', percent: '3', of: ['*'] }], costPricePerM3: '240000' }, source: 'test' })
  await createNorm(db, ir.id, { resource: 'cold_water', kind: 'per_person', validFrom: '2018-01-01', validTo: null, value: '6.36', months: null })
  await createCoefficient(db, ir.id, { resource: 'cold_water', validFrom: '2016-07-01', value: '1.5' })
  const irAccounts = await addAccounts(db, ir.id, '1203170')
  await db.updateTable('customers').set({ name: 'علی', surname: 'احمدی' }).where('tenantId', '=', ir.id).execute()
  await premises(db, ir.id, irAccounts.metered, 'روستای کرکوند، کوچه ۱۲، پلاک ۴', 'مبارکه', '8481712345')
  await put(ir.keys.admin, IR_PAYEE)
  // the metered branch read on the period's eve and last day: 16 m³ over the 62 days
  const irMeter = await db.selectFrom('meters').select('meterId').where('tenantId', '=', ir.id).where('serial', '=', '1203170-M1').executeTakeFirstOrThrow()
  await db.deleteFrom('readings').where('tenantId', '=', ir.id).where('meterId', '=', irMeter.meterId).execute()
  await db.insertInto('readings').values([['2026-07-22', '92'], ['2026-09-22', '108']].map(([day, value]) => ({ tenantId: ir.id, meterId: irMeter.meterId,
    readAt: `${day}T12:00:00+03:30`, kind: 'index' as const, value: value!, source: 'portal' as const, status: 'accepted' as const, reasons: [],
    readerStatus: null, decidedAt: null, decisionNote: null }))).execute()

  // SEK
  const se = await addTenant(db, SE_PAYEE.name, { currency: 'SEK', minorUnits: 2, timeZone: 'Europe/Stockholm', calendar: 'gregorian', locale: 'sv-SE', billingPeriodMonths: 1 })
  // a Swedish VA tariff: per m³ and a fixed fee before moms, 25% moms on its own line
  await createTariffVersion(db, se.id, { service: 'cold_water', usageType: 'residential', validFrom: '2025-01-01', validTo: null,
    definition: { volume: { line: 'water', price: { shape: 'flat', rate: '24.75' } }, fixedFees: [{ line: 'fixed_fee', amount: '310', per: 'connection', proRata: true }],
      taxes: [{ line: 'vat', percent: '25', of: ['*'] }] }, source: 'test VA tariff' })
  await createNorm(db, se.id, { resource: 'cold_water', kind: 'per_person', validFrom: '2018-01-01', validTo: null, value: '6.36', months: null })
  await createCoefficient(db, se.id, { resource: 'cold_water', validFrom: '2016-07-01', value: '1.5' })
  const seAccounts = await addAccounts(db, se.id, 'S')
  await premises(db, se.id, seAccounts.metered, 'Storgatan 5', 'Arvika', '671 31')
  await put(se.keys.admin, SE_PAYEE)

  // each tenant's own period: Gregorian October; the third Solar Hijri two-month period of 1405
  for (const [tenantId, period] of [[base.tenant.id, '2026-10'], [ir.id, '1405-3'], [se.id, '2026-10']] as const) {
    await startBillRun(db, tenantId, { period }, testClock, { chunkSize: 1000 })
  }
  await drain()
  const markets = {
    ru: { tenant: base.tenant, accounts: ruAccounts, period: '2026-10-01' },
    ir: { tenant: ir, accounts: irAccounts, period: '2026-07-23' },
    se: { tenant: se, accounts: seAccounts, period: '2026-10-01' },
  } satisfies Record<string, Market>
  return { ...base, markets }
}

// The documents are read back with poppler-utils and unzip: say so plainly when they are missing.
const missingTools = ['pdftotext', 'pdftoppm', 'pdfimages', 'unzip'].filter((cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0)
if (missingTools.length) {
  throw new Error(`the document tests need ${missingTools.join(', ')}: install poppler-utils and unzip (Debian: apt-get install poppler-utils unzip; .ci/run does)`)
}

const dir = mkdtempSync(join(tmpdir(), 'aql-docs-'))

/** Where the tests leave the files they render (kept for a look). */
export const scratchDir = (): string => dir

export const run = (cmd: string, args: string[]): Buffer => execFileSync(cmd, args, { maxBuffer: 64 * 1024 * 1024 })

/** The PDF saved, its text (layout and raw), bounding boxes, and page 1 as a grayscale image. */
export function inspectPdf(name: string, pdf: Buffer) {
  const file = join(dir, `${name}.pdf`)
  writeFileSync(file, pdf)
  const text = (...flags: string[]) => run('pdftotext', [...flags, '-enc', 'UTF-8', file, '-']).toString('utf8')
  run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', file, join(dir, name)])
  return {
    file, dir,
    png: join(dir, `${name}.png`),
    layout: clean(text('-layout')),
    raw: clean(text('-raw')),
    /** exactly the characters drawn (the QR payload as encoded) */
    rawExact: text('-raw'),
    bbox: text('-bbox'),
    images: run('pdfimages', ['-list', file]).toString('utf8'),
    run,
  }
}

/** What a reader sees as text: compatibility forms folded, bidi marks and no-break spaces dropped. */
export const clean = (s: string): string => s.normalize('NFKC').replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\u00a0/g, ' ')

export const toLatinDigits = (s: string): string => s.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d)))
