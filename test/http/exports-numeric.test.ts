// Issue 9 §3: every money and volume column of every XLSX export is numeric,
// so a spreadsheet's SUM (which skips text cells) gives the API's totals; the
// Volume column of bill lines showed 62 number cells and 178 text cells and
// summed to 2,123 of 9,563 m³. Volumes reach clients at the tenant's scale
// (policy volumePlaces, default 6, half-up) with the exact figure in the trace;
// CSV holds plain decimal text, never an exponent.
import t from 'tap'
import ExcelJS from 'exceljs'
import { Big } from '../helpers/big.ts'
import { billLinesExport } from '../../src/app/exports/bill-lines-export.ts'
import { billsExport } from '../../src/app/exports/bills-export.ts'
import { paymentsExport } from '../../src/app/exports/payments-export.ts'
import { balancesExport } from '../../src/app/exports/balances-export.ts'
import type { Dataset } from '../../src/app/exports/dataset.ts'
import type { ExportFilter } from '../../src/app/exports/export-query.ts'
import { bearer } from '../helpers/app.ts'
import { addAccounts, addSettlementData, billingTest } from '../app/billing/fixture.ts'
import { insertBill, monthBill, newAccount } from './ledger-fixtures.ts'

const { app, db, tenant, drain } = await billingTest(t)
await addSettlementData(db, tenant.id)
const acc = await addAccounts(db, tenant.id)
const accounting = bearer(tenant.keys.accounting)
const get = async (url: string) => {
  const r = await app.inject({ method: 'GET', url, headers: accounting })
  if (r.statusCode !== 200) throw new Error(`${url}: ${r.body}`)
  return r
}

const run = await app.inject({ method: 'POST', url: '/v1/bill-runs', headers: bearer(tenant.keys.admin), payload: { periodStart: '2026-10-01' } })
if (run.statusCode !== 202) throw new Error(run.body)
await drain()

// awkward amounts beside the run's bills: three places, a tenth, fifteen significant digits (payments carry at most the currency's 2 decimals)
const x = await newAccount(app, tenant.keys.accounting, 'X-1')
await insertBill(db, tenant.id, x, monthBill('X-0001', '2026-01', '0.10'))
await insertBill(db, tenant.id, x, monthBill('X-0002', '2026-02', '100.005'))
await insertBill(db, tenant.id, x, monthBill('X-0003', '2026-03', '1234567890123.45'))
for (const [id, amount] of [['p-1', '150.00'], ['p-2', '0.1'], ['p-3', '99.99']]) {
  const p = await app.inject({ method: 'POST', url: '/v1/payments', headers: accounting, payload: { externalId: id, accountId: x, amount, paidOn: '2026-02-10', source: 'bank' } })
  if (p.statusCode !== 201) throw new Error(p.body)
}

async function sheetOf(name: string) {
  const r = await get(`/v1/exports/${name}?format=xlsx`)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(r.rawPayload as any)
  return wb.worksheets[0]!
}

interface ColumnSum { numbers: number; texts: number; sum: number; formats: Set<string> }

/** Σ of a column as a spreadsheet's SUM takes it: number cells only; the others counted apart. */
function columnSums(sheet: ExcelJS.Worksheet, dataset: Dataset<ExportFilter>): Map<string, ColumnSum> {
  const header = (sheet.getRow(1).values as unknown[]).slice(1)
  const out = new Map<string, ColumnSum>()
  for (const c of dataset.columns) {
    if (c.kind !== 'money' && c.kind !== 'volume') continue
    const col = header.indexOf(c.header) + 1
    const s: ColumnSum = { numbers: 0, texts: 0, sum: 0, formats: new Set() }
    for (let r = 2; r <= sheet.rowCount; r++) {
      const cell = sheet.getRow(r).getCell(col)
      if (cell.value === null || cell.value === undefined) continue
      if (typeof cell.value === 'number') {
        s.numbers++
        s.sum += cell.value
        s.formats.add(cell.numFmt)
      } else s.texts++
    }
    out.set(c.key, s)
  }
  return out
}

async function allBills(): Promise<any[]> {
  const out: any[] = []
  let cursor: string | null = null
  do {
    const page: any = (await get(`/v1/bills?limit=500${cursor ? `&cursor=${cursor}` : ''}`)).json()
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return out
}

/** One column of an RFC 4180 CSV (quoted fields may hold commas, doubled quotes and line breaks). */
function csvColumn(text: string, name: string): string[] {
  const rows: string[][] = [[]]
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++ } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { rows[rows.length - 1]!.push(field); field = '' } else if (ch === '\r' && text[i + 1] === '\n') { rows[rows.length - 1]!.push(field); field = ''; rows.push([]); i++ } else field += ch
  }
  const [header, ...body] = rows.filter((r) => r.length > 0)
  const k = header!.indexOf(name)
  return body.map((r) => r[k]!)
}

const sumOf = (values: (string | null)[]) => values.reduce((a, v) => (v === null ? a : a.plus(v)), new Big(0))
/** a spreadsheet sums doubles: equal to the exact sum within a few units of the 15th significant digit */
const close = (sum: number, exact: Big) => Math.abs(sum - Number(exact)) <= Math.max(1e-9, Math.abs(Number(exact)) * 1e-13)

t.test('bill lines: Volume and Amount all number cells; their sums are the API\'s', async (t) => {
  const bills = await allBills()
  const lines = (await Promise.all(bills.map(async (b) => (await get(`/v1/bills/${b.id}`)).json().lines))).flat()
  t.ok(lines.length > 0)
  for (const l of lines) if (l.volume !== null) t.ok(/^\d+(\.\d{1,6})?$/.test(l.volume), `volume ${l.volume}: at most 6 places, no exponent`)
  const fractional = lines.filter((l) => l.trace.volumeRounding)
  t.ok(fractional.length > 0, 'the averaged line of a failed meter has a volume of 20 places, shown at 6')
  for (const l of fractional) {
    t.equal(l.trace.volumeRounding.shown, l.volume)
    t.equal(l.trace.volumeRounding.places, 6)
    t.equal(l.trace.volumeRounding.mode, 'half_up')
    t.equal(new Big(l.trace.volumeRounding.exact).round(6).toFixed(), l.volume, 'the exact figure rounds to the shown one')
    t.ok(l.trace.volumeRounding.exact.split('.')[1].length > 6, 'the trace keeps every place')
  }

  const sums = columnSums(await sheetOf('bill-lines'), billLinesExport)
  const volume = sums.get('volume')!
  const amount = sums.get('amount')!
  t.equal(volume.texts, 0, 'no volume as text')
  t.equal(amount.texts, 0, 'no amount as text')
  t.equal(volume.numbers, lines.filter((l) => l.volume !== null).length)
  t.same([...volume.formats], ['#,##0.000000'], 'volumes show the tenant\'s scale')
  t.ok(close(volume.sum, sumOf(lines.map((l) => l.volume))), `Σ volume ${volume.sum} = the API's ${sumOf(lines.map((l) => l.volume)).toFixed()}`)
  t.ok(close(amount.sum, sumOf(lines.map((l) => l.amount))), `Σ amount ${amount.sum} = the API's ${sumOf(lines.map((l) => l.amount)).toFixed()}`)

  // CSV: the volume column is plain decimal text at the scale; the lines' order is the export's (bill id, line number)
  const csvVolumes = csvColumn((await get('/v1/exports/bill-lines')).body, 'Volume').filter((v) => v !== '')
  t.equal(csvVolumes.length, volume.numbers)
  for (const v of csvVolumes) t.ok(/^-?\d+(\.\d{1,6})?$/.test(v), `CSV volume ${v}: plain decimal, no exponent, at most 6 places`)
  t.same(csvVolumes.map((v) => new Big(v).toFixed()).sort(), lines.filter((l) => l.volume !== null).map((l) => new Big(l.volume).toFixed()).sort(), 'the API\'s volumes')
})

t.test('bills, payments, balances: every money column numeric, sums as the API gives them', async (t) => {
  const bills = await allBills()
  const billSums = columnSums(await sheetOf('bills'), billsExport)
  const apiKey: Record<string, string> = { charges: 'charges', rounding: 'rounding', debt: 'debt', payable: 'payable', carry: 'carry', paid: 'paid' }
  for (const [key, s] of billSums) {
    t.equal(s.texts, 0, `bills.${key}: no text cells`)
    if (apiKey[key]) t.ok(close(s.sum, sumOf(bills.map((b) => b[apiKey[key]!]))), `bills.${key}: Σ ${s.sum}`)
  }
  t.ok(close(billSums.get('amountDue')!.sum, sumOf(bills.map((b) => b.payable))), 'amount due: Σ payable')

  const payments = (await get(`/v1/payments?accountId=${x}&limit=500`)).json().items
  const paymentSums = columnSums(await sheetOf('payments'), paymentsExport)
  t.equal(paymentSums.get('amount')!.texts, 0)
  t.ok(close(paymentSums.get('amount')!.sum, sumOf(payments.map((p: any) => p.amount))), `payments: Σ ${paymentSums.get('amount')!.sum}`)

  const accounts = await db.selectFrom('accounts').select('accountId').where('tenantId', '=', tenant.id).execute()
  const balances = await Promise.all(accounts.map(async (a) => (await get(`/v1/accounts/${a.accountId}/balance`)).json().balance as string))
  const balanceSums = columnSums(await sheetOf('balances'), balancesExport)
  t.equal(balanceSums.get('balance')!.texts, 0)
  t.ok(close(balanceSums.get('balance')!.sum, sumOf(balances)), `balances: Σ ${balanceSums.get('balance')!.sum} = ${sumOf(balances).toFixed()}`)
})

t.test('the tenant\'s scale: volumePlaces 2 shows bill-line volumes at 2 places everywhere', async (t) => {
  const patch = await app.inject({ method: 'PATCH', url: '/v1/tenant', headers: bearer(tenant.keys.admin), payload: { policy: { volumePlaces: 2 } } })
  t.equal(patch.statusCode, 200, patch.body)
  t.match(patch.json().effectivePolicy, { volumePlaces: 2, volumeRounding: 'half_up', volumePlacesOfMeter: false })
  const bills = await allBills()
  const failed = bills.find((b) => b.accountId === acc.failed)
  const lines = (await get(`/v1/bills/${failed.id}`)).json().lines.filter((l: any) => l.volume !== null)
  t.ok(lines.length > 0)
  for (const l of lines) t.ok(/^\d+(\.\d{1,2})?$/.test(l.volume), `volume ${l.volume} at 2 places`)
  const sums = columnSums(await sheetOf('bill-lines'), billLinesExport)
  t.same([...sums.get('volume')!.formats], ['#,##0.00'])
  const bad = await app.inject({ method: 'PATCH', url: '/v1/tenant', headers: bearer(tenant.keys.admin), payload: { policy: { volumeRounding: 'sideways' } } })
  t.equal(bad.statusCode, 400, 'an unknown rounding mode is refused')
  const reset = await app.inject({ method: 'PATCH', url: '/v1/tenant', headers: bearer(tenant.keys.admin), payload: { policy: {} } })
  t.equal(reset.statusCode, 200)
})
