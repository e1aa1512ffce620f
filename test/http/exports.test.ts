// Exports of bills, bill lines, payments and balances as CSV and XLSX over
// real data: a real bill run (lines with traces), bills inserted directly
// with awkward decimals, payments posted over REST, another tenant's data
// that must never appear, and a few thousand rows streamed in batches.
import t from 'tap'
import ExcelJS from 'exceljs'
import { v7 as uuidv7 } from 'uuid'
import { bearer } from '../helpers/app.ts'
import { addAccounts, addSettlementData, billingTest } from '../app/billing/fixture.ts'
import { insertBill, monthBill, newAccount } from './ledger-fixtures.ts'

const { app, db, tenant, other, drain } = await billingTest(t)
await addSettlementData(db, tenant.id)
const acc = await addAccounts(db, tenant.id)
const accounting = bearer(tenant.keys.accounting)

const run = await app.inject({ method: 'POST', url: '/v1/bill-runs', headers: bearer(tenant.keys.admin), payload: { periodStart: '2026-10-01' } })
if (run.statusCode !== 202) throw new Error(run.body)
const billRunId: string = run.json().id
await drain()

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let i = 0
  let quoted = false
  while (i < text.length) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue }
      if (ch === '"') { quoted = false; i++; continue }
      field += ch; i++; continue
    }
    if (ch === '"') { quoted = true; i++; continue }
    if (ch === ',') { row.push(field); field = ''; i++; continue }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue }
    if (ch === '\n') throw new Error(`a bare LF outside quotes at ${i}`)
    field += ch; i++
  }
  if (field !== '' || row.length > 0) throw new Error('the last record does not end with CRLF')
  return rows
}

/** CSV rows as objects keyed by the header. */
function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text)
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])))
}

const get = (url: string, key = tenant.keys.accounting) => app.inject({ method: 'GET', url, headers: bearer(key) })

async function csv(url: string, key?: string) {
  const r = await get(url, key)
  if (r.statusCode !== 200) throw new Error(r.body)
  return { res: r, rows: records(r.body) }
}

async function xlsx(url: string) {
  const r = await get(url)
  if (r.statusCode !== 200) throw new Error(r.body)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(r.rawPayload as any)
  return { res: r, sheet: wb.worksheets[0]! }
}

t.test('bills of a bill run as CSV: header, exact decimals, filters, file name', async (t) => {
  const { res, rows } = await csv(`/v1/exports/bills?period=2026-10-01&billRunId=${billRunId}`)
  t.equal(res.headers['content-type'], 'text/csv; charset=utf-8; header=present')
  t.equal(res.headers['content-disposition'], 'attachment; filename="bills-2026-10-01.csv"')
  t.ok(res.body.startsWith('Bill number,Kind,Account number,Period start,'), 'a header row, no BOM')
  t.equal(rows.length, 3)
  const byAccount = new Map(rows.map((r) => [r['Account id'], r]))
  t.match(byAccount.get(acc.metered), { Charges: '162.24', 'Period start': '2026-10-01', 'Period end (excl.)': '2026-11-01', Currency: 'RUB', 'Bill run id': billRunId })
  t.equal(byAccount.get(acc.normative)!['Charges'], '773.88', 'memo 003: 515.92 + 257.96')
  t.same(rows.map((r) => r['Bill number']).sort(), ['00000001', '00000002', '00000003'])

  const one = await csv(`/v1/exports/bills?accountId=${acc.metered}`)
  t.same(one.rows.map((r) => r['Account id']), [acc.metered], 'one account')
  t.same((await csv('/v1/exports/bills?period=2026-09-01')).rows, [], 'another period: the header alone')
  const bom = await get('/v1/exports/bills?period=2026-10-01&bom=true')
  t.ok(bom.body.startsWith('\uFEFFBill number'), 'a byte order mark on request')
})

t.test('bill lines: method, volume, rate, amount and the rule', async (t) => {
  const { res, rows } = await csv(`/v1/exports/bill-lines?billRunId=${billRunId}`)
  t.match(res.headers['content-disposition'], /^attachment; filename="bill-lines-\d{4}-\d{2}-\d{2}\.csv"$/, 'no period: named by today')
  const metered = rows.filter((r) => r['Account number'] === 'A-1')
  t.equal(metered.length, 1)
  t.match(metered[0], { Line: '1', Method: 'metered', Volume: '8', Rate: '20.28', Amount: '162.24', From: '2026-10-01', 'To (excl.)': '2026-11-01' })
  t.ok(metered[0]!['Rule']!.length > 0, 'the rule that fired')
  const normative = rows.filter((r) => r['Account number'] === 'A-2')
  t.same(normative.map((r) => r['Amount']), ['515.92', '257.96'], 'base and surcharge, in line order')
  const lines = await db.selectFrom('billLines').select('lineNo').where('tenantId', '=', tenant.id).execute()
  t.equal(rows.length, lines.length, 'every line of the run')

  const { sheet } = await xlsx(`/v1/exports/bill-lines?billRunId=${billRunId}&format=xlsx`)
  const header = (sheet.getRow(1).values as unknown[]).slice(1)
  const col = (name: string) => header.indexOf(name) + 1
  const row = [...Array(sheet.rowCount - 1).keys()].map((i) => sheet.getRow(i + 2)).find((r) => r.getCell(col('Account number')).value === 'A-1')!
  t.equal(row.getCell(col('Volume')).value, 8)
  t.equal(row.getCell(col('Rate')).value, 20.28)
  t.equal(row.getCell(col('Rate')).numFmt, '#,##0.00')
  t.equal(row.getCell(col('Line')).value, 1)
})

t.test('decimals survive exactly: CSV as stored; XLSX money always number cells', async (t) => {
  const a = await newAccount(app, tenant.keys.accounting, 'X-1')
  await insertBill(db, tenant.id, a, monthBill('X-0001', '2026-01', '12345678901234567.89'))
  await insertBill(db, tenant.id, a, monthBill('X-0002', '2026-02', '0.10'))
  await insertBill(db, tenant.id, a, monthBill('X-0003', '2026-03', '100.005'))
  await insertBill(db, tenant.id, a, monthBill('X-0004', '2026-04', '1234567890123.45'))

  const { rows } = await csv(`/v1/exports/bills?accountId=${a}`)
  // bill-id order; these ids are random (insertBill), so compare by number
  t.same(rows.map((r) => [r['Bill number'], r['Charges'], r['Payable'], r['Paid']]).sort((x, y) => x[0]!.localeCompare(y[0]!)), [
    ['X-0001', '12345678901234567.89', '12345678901234567.89', '0'],
    ['X-0002', '0.10', '0.10', '0'],
    ['X-0003', '100.005', '100.005', '0'],
    ['X-0004', '1234567890123.45', '1234567890123.45', '0'],
  ])

  const { res, sheet } = await xlsx(`/v1/exports/bills?accountId=${a}&format=xlsx`)
  t.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  t.match(res.headers['content-disposition'], /^attachment; filename="bills-\d{4}-\d{2}-\d{2}\.xlsx"$/)
  t.equal(sheet.name, 'bills')
  t.equal(sheet.getRow(1).getCell(1).value, 'Bill number')
  t.equal(sheet.getRow(1).font?.bold ?? sheet.getRow(1).getCell(1).font?.bold, true, 'bold header')
  t.match(sheet.views[0], { state: 'frozen', ySplit: 1 }, 'the header stays in view')
  t.equal(sheet.getColumn(1).width, 14)
  const header = (sheet.getRow(1).values as unknown[]).slice(1)
  const rowOf = new Map([...Array(sheet.rowCount - 1).keys()].map((i) => [sheet.getRow(i + 2).getCell(1).value as string, i + 2]))
  const cell = (bill: number, name: string) => sheet.getRow(rowOf.get(`X-000${bill - 1}`)!).getCell(header.indexOf(name) + 1)
  t.equal(cell(2, 'Charges').value, 12345678901234567.89, '19 significant digits: still a number cell (the nearest double), so SUM counts it; the CSV keeps every digit (issue 9 §3)')
  t.equal(cell(3, 'Charges').value, 0.1)
  t.equal(cell(3, 'Charges').numFmt, '#,##0.00', 'two places as stored')
  t.equal(cell(4, 'Charges').value, 100.005)
  t.equal(cell(4, 'Charges').numFmt, '#,##0.000', 'the third place is shown, not hidden by the currency format')
  t.equal(cell(5, 'Charges').value, 1234567890123.45, '15 significant digits: a number')
  t.equal(cell(2, 'Paid').value, 0)
  const issued = cell(2, 'Issued on')
  t.ok(issued.value instanceof Date, 'dates are dates')
  t.equal((issued.value as Date).toISOString(), '2026-02-01T00:00:00.000Z')
  t.equal(issued.numFmt, 'yyyy-mm-dd')
  t.equal(cell(2, 'Bill run id').value, null, 'empty cells stay empty')
})

t.test('payments: amounts as posted, period and date filters, reversals', async (t) => {
  const a = await newAccount(app, tenant.keys.accounting, 'PAY-1')
  await insertBill(db, tenant.id, a, monthBill('PAY-B1', '2026-01', '100.00'))
  const post = (externalId: string, amount: string, paidOn: string, extra: Record<string, unknown> = {}) =>
    app.inject({ method: 'POST', url: '/v1/payments', headers: accounting, payload: { externalId, accountId: a, amount, paidOn, source: 'bank', ...extra } })
  const p1 = await post('bank,"1"', '150.00', '2026-02-10')
  t.equal(p1.statusCode, 201, p1.body)
  await post('bank-2', '0.1', '2026-02-28')
  await post('bank-3', '99.99', '2026-03-01') // finer than the currency's minor unit is refused (amount_precision)
  const rev = await app.inject({ method: 'POST', url: `/v1/payments/${p1.json().id}/reverse`, headers: accounting, payload: { reason: 'recall, "bank"\nline 2' } })
  t.equal(rev.statusCode, 200, rev.body)

  const { res, rows } = await csv(`/v1/exports/payments?accountId=${a}&period=2026-02-01`)
  t.equal(res.headers['content-disposition'], 'attachment; filename="payments-2026-02-01.csv"')
  t.same(rows.map((r) => [r['External id'], r['Amount'], r['Paid on'], r['Status']]), [['bank,"1"', '150.00', '2026-02-10', 'reversed'], ['bank-2', '0.1', '2026-02-28', 'posted']],
    'February only; quotes, commas and line breaks survive the round trip')
  t.equal(rows[0]!['Reversal reason'], 'recall, "bank"\nline 2')
  t.match(rows[0]!['Reversed at (UTC)'], /^\d{4}-\d{2}-\d{2}T/)

  const march = await csv(`/v1/exports/payments?accountId=${a}&from=2026-02-28&to=2026-03-01`)
  t.same(march.rows.map((r) => r['Amount']), ['0.1', '99.99'], 'from and to both included')
  t.equal(march.res.headers['content-disposition'], 'attachment; filename="payments-2026-02-28_2026-03-01.csv"')

  const { sheet } = await xlsx(`/v1/exports/payments?accountId=${a}&format=xlsx`)
  t.equal(sheet.rowCount, 4)
  const header = (sheet.getRow(1).values as unknown[]).slice(1)
  const amount = (row: number) => sheet.getRow(row).getCell(header.indexOf('Amount') + 1)
  t.same([amount(2).value, amount(3).value, amount(4).value], [150, 0.1, 99.99])
  t.same([amount(2).numFmt, amount(3).numFmt, amount(4).numFmt], ['#,##0.00', '#,##0.00', '#,##0.00'])
  t.ok(sheet.getRow(2).getCell(header.indexOf('Reversed at (UTC)') + 1).value instanceof Date)
})

t.test('balances as of now: account number, customer, exact balance', async (t) => {
  const a = await newAccount(app, tenant.keys.accounting, 'BAL-1')
  await insertBill(db, tenant.id, a, monthBill('BAL-B1', '2026-01', '100.50'))
  await app.inject({ method: 'POST', url: '/v1/payments', headers: accounting, payload: { externalId: 'bal-p', accountId: a, amount: '30.25', paidOn: '2026-02-01', source: 'bank' } })
  const fresh = await newAccount(app, tenant.keys.accounting, 'BAL-2')

  const { res, rows } = await csv('/v1/exports/balances', tenant.keys.readonly)
  t.match(res.headers['content-disposition'], /^attachment; filename="balances-\d{4}-\d{2}-\d{2}\.csv"$/)
  const numbers = rows.map((r) => r['Account number'])
  t.same(numbers, [...numbers].sort(), 'in account-number order')
  const byNumber = new Map(rows.map((r) => [r['Account number'], r]))
  t.match(byNumber.get('BAL-1'), { Customer: 'Ivan Petrov', 'Balance: debt (+) / credit (−)': '70.25', Position: 'debt', Currency: 'RUB', 'Last bill number': 'BAL-B1', 'Account id': a })
  t.match(byNumber.get('BAL-2'), { 'Balance: debt (+) / credit (−)': '0', Position: 'settled', 'Account id': fresh })
  const allAccounts = await db.selectFrom('accounts').select('accountId').where('tenantId', '=', tenant.id).execute()
  t.equal(rows.length, allAccounts.length, 'every account of the tenant')

  const only = await csv(`/v1/exports/balances?accountId=${a}`)
  t.same(only.rows.map((r) => r['Account number']), ['BAL-1'])
})

t.test('tenant isolation: another tenant\'s rows never appear', async (t) => {
  const theirs = await newAccount(app, other.keys.accounting, 'OTHER-1')
  await insertBill(db, other.id, theirs, monthBill('OTHER-B1', '2026-10', '555.55'))
  await app.inject({ method: 'POST', url: '/v1/payments', headers: bearer(other.keys.accounting),
    payload: { externalId: 'other-p', accountId: theirs, amount: '5', paidOn: '2026-11-02', source: 'bank' } })
  for (const dataset of ['bills', 'bill-lines', 'payments', 'balances']) {
    const mine = await get(`/v1/exports/${dataset}`)
    t.equal(mine.statusCode, 200)
    t.notOk(/OTHER|other-p|555\.55/.test(mine.body), `${dataset}: none of the other tenant's rows`)
    const filtered = await csv(`/v1/exports/${dataset}?accountId=${theirs}`)
    t.same(filtered.rows, [], `${dataset}: the other tenant's account filters to nothing`)
  }
  const theirsOnly = await csv('/v1/exports/bills', other.keys.accounting)
  t.same(theirsOnly.rows.map((r) => r['Bill number']), ['OTHER-B1'], 'and they see only their own')
})

t.test('bad requests answer problem+json; portal keys may not export', async (t) => {
  const cases: [string, string][] = [
    ['/v1/exports/bills?format=pdf', 'query.format'],
    ['/v1/exports/bills?period=2026-10-01&from=2026-10-01', 'query.period'],
    ['/v1/exports/bills?from=2026-10-02&to=2026-10-01', 'query.to'],
    ['/v1/exports/bills?period=2026-13-01', 'query.period'],
    ['/v1/exports/payments?billRunId=' + billRunId, 'query'],
    ['/v1/exports/balances?period=2026-10-01', 'query'],
    ['/v1/exports/bills?accountId=nope', 'query.accountId'],
  ]
  for (const [url, path] of cases) {
    const r = await get(url)
    t.equal(r.statusCode, 400, url)
    t.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8', url)
    t.equal(r.json().code, 'validation_error')
    t.ok(r.json().errors.some((e: { path: string }) => e.path.startsWith(path)), `${url}: ${JSON.stringify(r.json().errors)}`)
  }
  t.equal((await get('/v1/exports/bills', tenant.keys.portal)).statusCode, 403, 'a portal key cannot export the whole tenant')
  t.equal((await app.inject({ method: 'GET', url: '/v1/exports/bills' })).statusCode, 401)
  t.equal((await get('/v1/exports/balances', tenant.keys.admin)).statusCode, 200, 'admin may')
})

t.test('thousands of rows stream in batches, in order, every one exact', async (t) => {
  const a = await newAccount(app, tenant.keys.accounting, 'BULK-1')
  const N = 3500
  const rows = Array.from({ length: N }, (_, i) => ({ tenantId: tenant.id, paymentId: uuidv7(), accountId: a, externalId: `bulk-${String(i).padStart(5, '0')}`,
    source: 'bank' as const, amount: `${i + 1}.${String(i % 100).padStart(2, '0')}`, currency: 'RUB', paidOn: '2026-05-05', billId: null, status: 'posted' as const,
    reversedAt: null, reversalReason: null }))
  for (let i = 0; i < N; i += 1000) await db.insertInto('payments').values(rows.slice(i, i + 1000)).execute()

  const { rows: out } = await csv(`/v1/exports/payments?accountId=${a}`)
  t.equal(out.length, N, 'every row, across several batches')
  t.same(out.map((r) => r['External id']), rows.map((r) => r.externalId), 'in posting order, none twice')
  t.same(out.map((r) => r['Amount']), rows.map((r) => r.amount), 'amounts as stored')

  const { sheet } = await xlsx(`/v1/exports/payments?accountId=${a}&format=xlsx`)
  t.equal(sheet.rowCount, N + 1)
  const header = (sheet.getRow(1).values as unknown[]).slice(1)
  const last = sheet.getRow(N + 1)
  t.equal(last.getCell(header.indexOf('External id') + 1).value, rows[N - 1]!.externalId)
  t.equal(last.getCell(header.indexOf('Amount') + 1).value, Number(rows[N - 1]!.amount))
})

t.test('CSV: free text that a spreadsheet would run as a formula stays text; numbers do not change', async (t) => {
  const c = await app.inject({ method: 'POST', url: '/v1/customers', headers: accounting, payload: { kind: 'organization', name: '=HYPERLINK("http://x","y")' } })
  const a = await app.inject({ method: 'POST', url: '/v1/accounts', headers: accounting,
    payload: { customerId: c.json().id, kind: 'non_residential', number: 'INJ-1', contractInn: '1234567894', openedOn: '2020-01-01' } })
  if (a.statusCode !== 201) throw new Error(a.body)
  await app.inject({ method: 'POST', url: '/v1/payments', headers: accounting, payload: { externalId: 'inj-p', accountId: a.json().id, amount: '12.50', paidOn: '2026-02-01', source: 'bank' } })
  const { rows } = await csv(`/v1/exports/balances?accountId=${a.json().id}`)
  t.equal(rows[0]!.Customer, `'=HYPERLINK("http://x","y")`, 'a leading quote keeps the cell text')
  t.match(rows[0]!['Balance: debt (+) / credit (−)'], /^-12\.50?$/, 'a negative amount keeps its sign, no quote')
})
