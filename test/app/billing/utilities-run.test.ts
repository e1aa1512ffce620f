// One bill run bills water, electricity, district heating, solar production
// and waste collection of a Swedish customer (issue 12 §1): the lines by hand,
// VAT per rate, the invoice with a section per utility and its OCR reference,
// the export's lines; an estimate after the last energy reading is reversed
// by the next run once the reading arrives.
import t from 'tap'
import ExcelJS from 'exceljs'
import { testClock } from '../../helpers/clock.ts'
import { bearer } from '../../helpers/app.ts'
import { addTenant } from '../../helpers/app.ts'
import { billingTest } from './fixture.ts'
import { DemoWriter } from '../../../src/app/demo/writer.ts'
import { zoned } from '../../../src/app/demo/time.ts'
import { addDemoSettlementData } from '../../../src/app/demo/settlement-data.ts'
import { createTariffVersion } from '../../../src/app/settlement-data/tariffs.ts'
import { putPayeeDetails } from '../../../src/app/documents/payee-details.ts'
import { SE_PAYEE } from '../../../src/app/demo/payees.ts'
import { getBillRun, listBillRunErrors, startBillRun } from '../../../src/app/billing/bill-runs.ts'
import { getBill } from '../../../src/app/billing/bills.ts'
import { loadPaymentDocument } from '../../../src/app/documents/payment-document.ts'
import { renderPaymentDocument } from '../../../src/app/documents/render/payment-document.ts'
import { vatByRate } from '../../../src/app/documents/render/utility-sections.ts'
import { isValidOcr } from '../../../src/core/ids/swedish-ocr.ts'
import { clean, inspectPdf } from '../../documents/fixture.ts'

const TZ = 'Europe/Stockholm'
const { app, db, drain } = await billingTest(t)
const se = await addTenant(db, 'Arvika Kommunnät', { currency: 'SEK', timeZone: TZ, locale: 'sv-SE' })
await putPayeeDetails(db, se.id, SE_PAYEE)
const w = new DemoWriter(db, se.id)

// The hand-computed tariffs of test/core/utility (residential), and the demo's VA tariff for water (24.75 kr/m³, 310 kr, moms 25%).
const tariff = (service: string, definition: Record<string, unknown>) =>
  createTariffVersion(db, se.id, { service, usageType: 'residential', validFrom: '2026-01-01', validTo: null, definition, source: 'test' })
await createTariffVersion(db, se.id, { service: 'cold_water', usageType: 'residential', validFrom: '2026-01-01', validTo: null, source: 'test',
  definition: { volume: { line: 'water', price: { shape: 'flat', rate: '24.75' } }, fixedFees: [{ line: 'fixed_fee', amount: '310', per: 'connection', proRata: true }],
    taxes: [{ line: 'vat', percent: '25', of: ['*'] }] } })
await tariff('electricity', { unit: 'kWh', fixedFees: [{ line: 'network_fee', amount: '3000', per: 'year' }], unitPrices: [
  { line: 'transfer_fee', kind: 'price', rate: '0.25' }, { line: 'energy_tax', kind: 'tax', rate: '0.439' },
  { line: 'energy_price', kind: 'price', rate: '0.80', seasons: [{ name: 'winter', months: [11, 12, 1, 2, 3], rate: '0.95' }] }], vatPercent: '25' })
await tariff('district_heating', { unit: 'MWh', fixedFees: [{ line: 'power_fee', amount: '450', per: 'period' }],
  unitPrices: [{ line: 'energy_price', rate: '650', seasons: [{ name: 'winter', months: [11, 12, 1, 2, 3], rate: '850' }] }] })
await tariff('solar_production', { unit: 'kWh', unitPrices: [{ line: 'production_compensation', kind: 'credit', rate: '0.60' },
  { line: 'network_benefit', kind: 'credit', rate: '0.05' }], vatPercent: null })
await tariff('waste_collection', { basicFees: [{ line: 'basic_fee', amount: '1200', per: 'year' }],
  collectionFees: [{ binLitres: 190, frequency: 'every_other_week', line: 'collection_fee', amount: '45', per: 'pickup' }] })

const customer = await w.customer({ kind: 'person', name: 'Karin', surname: 'Nilsson' })
const premises = await w.premises({ customerId: customer.id, kind: 'house', address: 'Arvikagatan 1', city: 'Arvika', postalCode: '671 31', country: 'SE' })
const account = async (number: string) => (await w.account({ customerId: customer.id, premisesId: premises.id, kind: 'residential', number, ownerSurname: 'Nilsson',
  usageType: 'residential', openedOn: '2025-01-01' })).id
let serial = 0
/** A point with a meter commissioned on `commissioned` at `initial`, and index readings at noon of the given days. */
async function metered(accountId: string, resource: string, decimals: number, commissioned: string, initial: number, readings: [string, string][], unit?: string) {
  const sp = await w.servicePoint({ accountId, premisesId: premises.id, resource, usageType: 'residential', ...(unit ? { unit } : {}) })
  const meterId = await w.meter({ servicePointId: sp.id, serial: `M${++serial}`, digits: 7, decimals, commissionedOn: commissioned, initialUnits: initial, seals: ['S1'] })
  for (const [day, value] of readings) w.readings.push({ meterId, readAt: zoned(day, 12, 0, TZ), kind: 'index', value, source: 'telemetry' })
  await w.flushReadings()
  return { servicePointId: sp.id, meterId }
}

const home = await account('100200-1')
await metered(home, 'cold_water', 0, '2026-01-01', 0, [['2026-09-30', '100'], ['2026-10-31', '108']])
await metered(home, 'electricity', 0, '2026-01-01', 0, [['2026-09-30', '10000'], ['2026-10-31', '10500']])
await metered(home, 'district_heating', 3, '2026-01-01', 0, [['2026-09-30', '100.000'], ['2026-10-31', '101.234']])
await metered(home, 'solar_production', 0, '2026-01-01', 0, [['2026-09-30', '5000'], ['2026-10-31', '5400']])
const waste = await w.servicePoint({ accountId: home, premisesId: premises.id, resource: 'waste_collection', usageType: 'residential' })
await w.wasteSubscription(waste.id, { binLitres: 190, frequency: 'every_other_week', validFrom: '2026-01-05' })

// a second address: electricity read on 2026-08-31 only (10 kWh a day since the commissioning at 1000 on 2026-06-01)
const cabin = await account('100200-2')
const cabinMeter = await metered(cabin, 'electricity', 0, '2026-06-01', 1000, [['2026-08-31', '1920']])

async function run(period: string) {
  const { run } = await startBillRun(db, se.id, { period }, testClock, { chunkSize: 10 })
  await drain()
  return getBillRun(db, se.id, run.id)
}
const billOf = async (accountId: string, periodStart: string) => {
  const b = await db.selectFrom('bills').select('billId').where('tenantId', '=', se.id).where('accountId', '=', accountId).where('periodStart', '=', periodStart).executeTakeFirstOrThrow()
  return getBill(db, se.id, b.billId)
}
const brief = (lines: { service: string; line: string; kind: string; volume: string | null; amount: string; method: string | null }[]) =>
  lines.map((l) => `${l.service}/${l.line}/${l.kind}/${l.method ?? '-'}/${l.volume ?? '-'}/${l.amount}`)

t.test('September: the cabin\'s electricity estimated after its last reading, flagged', async (t) => {
  const r = await run('2026-09')
  const errors = await listBillRunErrors(db, se.id, (r as { id: string }).id, { limit: 100 })
  t.same(errors.items.filter((e) => e.accountId === cabin), [], 'the cabin is billed')
  const bill = await billOf(cabin, '2026-09-01')
  // 30 days × 10 kWh = 300 kWh: 75.00 + 131.70 + 240.00 (no winter in September), network fee 3000 × 30/365 = 246.58; VAT (693.28) 25% = 173.32
  t.same(brief(bill.lines), [
    'electricity/transfer_fee/volume/estimated/300/75.00',
    'electricity/energy_tax/tax/estimated/300/131.70',
    'electricity/energy_price/volume/estimated/300/240.00',
    'electricity/network_fee/fixed_fee/-/-/246.58',
    'electricity/vat/tax/-/-/173.32',
  ])
  t.equal(bill.lines[0]!.trace['estimated'], true)
  t.match(bill.lines[0]!.trace.rule, /ESTIMATE/)
})

t.test('October: every utility of the home in one bill, VAT per rate, the invoice', async (t) => {
  // the cabin's October reading arrives: 2550 on 2026-10-31
  w.readings.push({ meterId: cabinMeter.meterId, readAt: zoned('2026-10-31', 12, 0, TZ), kind: 'index', value: '2550', source: 'telemetry' })
  await w.flushReadings()
  const r = await run('2026-10')
  t.equal(r.status, 'completed')
  t.equal(r.failed, 0)
  const bill = await billOf(home, '2026-10-01')
  // in service point order; here sorted, with the figures by hand:
  // water 8 m³ × 24.75 = 198.00, fixed 310.00, VAT (508.00) = 127.00; electricity 500 kWh (test/core/utility);
  // district heating 1.234 MWh × 650 = 802.10, power fee 450, VAT 313.03; solar 400 kWh credited at 0.60 and 0.05, no VAT;
  // waste 1200 × 31/365 = 101.92, pickups on 10-12 and 10-26 × 45 = 90.00, VAT 47.98
  t.same(brief(bill.lines).sort(), [
    'cold_water/water/volume/metered/8/198.00', 'cold_water/fixed_fee/fixed_fee/-/-/310.00', 'cold_water/vat/tax/-/-/127.00',
    'electricity/transfer_fee/volume/metered/500/125.00', 'electricity/energy_tax/tax/metered/500/219.50', 'electricity/energy_price/volume/metered/500/400.00',
    'electricity/network_fee/fixed_fee/-/-/254.79', 'electricity/vat/tax/-/-/249.82',
    'district_heating/energy_price/volume/metered/1.234/802.10', 'district_heating/power_fee/fixed_fee/-/-/450.00', 'district_heating/vat/tax/-/-/313.03',
    'solar_production/production_compensation/volume/metered/400/-240.00', 'solar_production/network_benefit/volume/metered/400/-20.00',
    'waste_collection/basic_fee/fixed_fee/-/-/101.92', 'waste_collection/collection_fee/fixed_fee/pickups_by_frequency/2/90.00', 'waste_collection/vat/tax/-/-/47.98',
  ].sort())
  // 635.00 + 1249.11 + 1565.13 − 260.00 + 239.90
  t.equal(bill.charges, '3429.14')
  t.same(vatByRate(bill.lines).map((r) => [r.rate, r.base.toFixed(2), r.vat.toFixed(2)]), [['25', '2951.31', '737.83']], 'VAT 25% on 2951.31 = 737.83')

  const view = await loadPaymentDocument(db, se.id, bill.id, testClock)
  const pdf = inspectPdf('utilities-SE', await renderPaymentDocument(view))
  t.comment(`invoice: ${pdf.png}`)
  const text = pdf.layout
  for (const section of ['vatten', 'el', 'fjärrvärme', 'renhållning', 'solproduktion']) t.match(text, new RegExp(`Summa ${section} exkl\\. moms`), section)
  for (const words of ['Energiskatt', 'Ersättning för såld el', 'Hämtningsavgift', 'Grundavgift', 'kr/kWh', 'kr/MWh', '2 st']) t.match(text, clean(words), words)
  t.match(text, /Summa exkl\. moms\s+2 691,31 kr/, 'charges excluding VAT: 3429.14 − 737.83')
  t.match(text, /Moms 25 % på 2 951,31 kr\s+737,83 kr/)
  t.match(text, /Summa inkl\. moms\s+3 429,14 kr/)
  const ocr = /OCR-nummer\s+(\d+)/.exec(text)?.[1] ?? ''
  t.ok(isValidOcr(ocr, { lengthDigit: true }), `OCR ${ocr}`)
  t.notMatch(text, /ESTIMATE|\.md|Decree/)

  // the export carries the new lines
  const csv = await app.inject({ method: 'GET', url: `/v1/exports/bill-lines?period=2026-10-01&accountId=${home}`, headers: bearer(se.keys.accounting) })
  t.equal(csv.statusCode, 200)
  for (const l of ['energy_tax', 'production_compensation', 'collection_fee', 'district_heating']) t.match(csv.body, l)
  t.match(csv.body, /-240\.00/)
  const xlsx = await app.inject({ method: 'GET', url: `/v1/exports/bill-lines?period=2026-10-01&accountId=${home}&format=xlsx`, headers: bearer(se.keys.accounting) })
  t.equal(xlsx.statusCode, 200)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(xlsx.rawPayload as any)
  const rows = wb.worksheets[0]!.getSheetValues().slice(2) as unknown[][]
  const cells = rows.map((r) => [r[5], r[7], r[13]])
  t.ok(cells.some(([service, line, amount]) => service === 'solar_production' && line === 'production_compensation' && amount === -240), 'the solar credit as a number cell')
  t.ok(cells.some(([service, line, amount]) => service === 'waste_collection' && line === 'collection_fee' && amount === 90), 'the waste pickups')
})

t.test('October: the cabin\'s September estimate reversed now the reading came', async (t) => {
  const bill = await billOf(cabin, '2026-10-01')
  const adj = bill.lines.filter((l) => l.kind === 'adjustment')
  // Sep 1 … Nov 1 = 61 days for 630 kWh: September now 30 × 630/61 = 309.836066 kWh
  const reversed = adj.filter((l) => l.method === 'estimated')
  t.same(reversed.map((l) => [l.line, l.volume, l.amount]), [['transfer_fee', '-300', '-75.00'], ['energy_tax', '-300', '-131.70'], ['energy_price', '-300', '-240.00']])
  for (const l of reversed) t.match(l.trace.rule, /reversal of the estimate/)
  const recomputed = adj.filter((l) => l.method === 'metered')
  t.same(recomputed.map((l) => [l.line, l.volume, l.amount]), [['transfer_fee', '309.836066', '77.46'], ['energy_tax', '309.836066', '136.02'], ['energy_price', '309.836066', '247.87']])
  // VAT difference: (77.46 + 136.02 + 247.87 + 246.58) = 707.93 × 25% = 176.98 − 173.32 = 3.66
  t.same(adj.filter((l) => l.line === 'vat').map((l) => l.amount), ['3.66'])
})
