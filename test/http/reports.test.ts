// Seed 001 "Rapportcenter": report definitions (dataset, columns, filters,
// grouping by month or utility with exact sums) checked against the declared
// datasets (a bad column is a 422), saved by a customer user or the tenant,
// run as JSON and exported as CSV and XLSX (opened with exceljs: numbers
// and dates, not text). A customer's reports read its own accounts only.
import t from 'tap'
import ExcelJS from 'exceljs'
import { randomUUID } from 'node:crypto'
import { bearer, testApp } from '../helpers/app.ts'
import { linkResidential, registeredCustomer } from '../helpers/customers.ts'
import { insertBill, monthBill, newAccount } from './ledger-fixtures.ts'

const { app, db, tenant } = await testApp(t)
const acc = bearer(tenant.keys.accounting)
const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string> = acc, payload?: unknown) =>
  app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
async function created(url: string, payload: Record<string, unknown>, headers = acc) {
  const r = await req('POST', url, headers, payload)
  if (r.statusCode !== 201) throw new Error(`${url}: ${r.body}`)
  return r.json().id as string
}

// Two accounts: RP-1 with water and electricity, RP-2 (another customer's) with water.
const a1 = await newAccount(app, tenant.keys.accounting, 'RP-1')
const a2 = await newAccount(app, tenant.keys.accounting, 'RP-2')
const water1 = await created('/v1/service-points', { accountId: a1, resource: 'cold_water' })
const el1 = await created('/v1/service-points', { accountId: a1, resource: 'electricity', unit: 'kWh' })
const water2 = await created('/v1/service-points', { accountId: a2, resource: 'cold_water' })
async function billWithLines(account: string, number: string, month: string, lines: Array<[string | null, string, string, string]>) {
  const total = lines.reduce((s, l) => s + Math.round(Number(l[3]) * 100), 0) / 100
  const billId = await insertBill(db, tenant.id, account, monthBill(number, month, total.toFixed(2)))
  await db.insertInto('billLines').values(lines.map(([sp, service, volume, amount], i) => ({ tenantId: tenant.id, billId, lineNo: i + 1, servicePointId: sp,
    service, kind: 'volume', line: service, method: 'metered', intervalFrom: `${month}-01`, intervalTo: monthBill('x', month, '0').periodEnd,
    volume, rate: '1.1', amount, correctsPeriodStart: null, trace: JSON.stringify({ rule: 'test' }) as any }))).execute()
  return billId
}
await billWithLines(a1, 'RB-1', '2026-08', [[water1, 'cold_water', '3.141', '10.10'], [el1, 'electricity', '120', '200.20']])
await billWithLines(a1, 'RB-2', '2026-09', [[water1, 'cold_water', '2.859', '0.10'], [water1, 'wastewater', '2.859', '0.20'], [el1, 'electricity', '80', '99.99']])
await billWithLines(a2, 'RB-9', '2026-09', [[water2, 'cold_water', '7', '70.00']])
for (const [id, account, amount, paidOn] of [['rp-pay-1', a1, '100.05', '2026-09-10'], ['rp-pay-2', a1, '0.25', '2026-10-02'], ['rp-pay-9', a2, '5', '2026-10-03']] as const) {
  const r = await req('POST', '/v1/payments', acc, { externalId: id, accountId: account, amount, paidOn, source: 'bank' })
  if (r.statusCode !== 201) throw new Error(r.body)
}
// a water meter read monthly: consumption is each reading's difference from the previous one
const meter = await created('/v1/meters', { servicePointId: water1, serial: 'RP-M1', digits: 5, decimals: 3 })
for (const [day, index] of [['2026-07-31', '100.000'], ['2026-08-31', '103.141'], ['2026-09-30', '106.000']]) {
  const r = await req('POST', '/v1/readings', acc, { meterId: meter, readAt: day, index, source: 'inspector' })
  if (r.statusCode !== 201) throw new Error(r.body)
}

const byMonthAndUtility = { dataset: 'bill_lines', columns: ['amount', 'volume'], groupBy: ['month', 'utility'] }

t.test('the datasets and their columns are declared', async (t) => {
  const r = await req('GET', '/v1/report-datasets')
  t.equal(r.statusCode, 200, r.body)
  const ds = r.json().datasets
  t.same(ds.map((d: any) => d.name), ['bills', 'bill_lines', 'payments', 'readings', 'balances'])
  t.match(ds.find((d: any) => d.name === 'bill_lines'), { groupBy: ['month', 'utility'], columns: [{ key: 'billNumber', kind: 'text', summable: false }] })
})

t.test('save, run grouped by month and utility with exact sums, change, list, delete', async (t) => {
  const id = await created('/v1/reports', { name: 'Charges by month and utility', definition: byMonthAndUtility })
  const got = (await req('GET', `/v1/reports/${id}`)).json()
  t.match(got, { name: 'Charges by month and utility', owner: 'tenant', definition: { ...byMonthAndUtility, filters: {} }, createdAt: '2026-11-25T12:00:00.000Z' })
  const run = await req('GET', `/v1/reports/${id}/result`)
  t.equal(run.statusCode, 200, run.body)
  t.same(run.json().columns.map((c: any) => [c.key, c.kind]), [['month', 'date'], ['utility', 'text'], ['count', 'integer'], ['amount', 'money'], ['volume', 'volume']])
  // issue dates: August's bill on 2026-09-01, September's on 2026-10-01; both accounts (an API key reads the tenant)
  t.same(run.json().rows, [
    { month: '2026-09-01', utility: 'electricity', count: '1', amount: '200.20', volume: '120' },
    { month: '2026-09-01', utility: 'water', count: '1', amount: '10.10', volume: '3.141' },
    { month: '2026-10-01', utility: 'electricity', count: '1', amount: '99.99', volume: '80' },
    { month: '2026-10-01', utility: 'water', count: '3', amount: '70.30', volume: '12.718' },
  ], 'sums as exact decimals (0.10 + 0.20 + 70.00)')
  t.equal(run.json().truncated, false)

  const put = await req('PUT', `/v1/reports/${id}`, acc, { name: 'Water by month', definition: { ...byMonthAndUtility, groupBy: ['month'], filters: { utility: ['water'], accountId: [a1] } } })
  t.equal(put.statusCode, 200, put.body)
  t.same((await req('GET', `/v1/reports/${id}/result`)).json().rows, [
    { month: '2026-09-01', count: '1', amount: '10.10', volume: '3.141' }, { month: '2026-10-01', count: '2', amount: '0.30', volume: '5.718' }])
  t.same((await req('GET', '/v1/reports')).json().items.map((r: any) => r.name), ['Water by month'])
  t.equal((await req('DELETE', `/v1/reports/${id}`)).statusCode, 200)
  t.equal((await req('GET', `/v1/reports/${id}`)).statusCode, 404)
  t.equal((await req('DELETE', `/v1/reports/${id}`)).statusCode, 404)
})

t.test('a definition that does not fit its dataset is refused with 422, naming each problem', async (t) => {
  const bad = async (definition: unknown) => {
    const r = await req('POST', '/v1/reports', acc, { name: 'bad', definition })
    t.equal(r.statusCode, 422, r.body)
    t.equal(r.json().code, 'invalid_report_definition')
    return r.json().errors.map((e: any) => e.path)
  }
  t.same(await bad({ dataset: 'bills', columns: ['billNumber', 'colour'] }), ['body.definition.columns.1'], 'an unknown column')
  t.same(await bad({ dataset: 'bills', columns: ['payable'], groupBy: ['utility'] }), ['body.definition.groupBy'], 'bills have no utility')
  t.same(await bad({ dataset: 'payments', columns: ['externalId', 'amount'], groupBy: ['month'] }), ['body.definition.columns.0'], 'text cannot be summed')
  t.same(await bad({ dataset: 'weather', columns: ['x'] }), ['body.definition.dataset'])
  t.same(await bad({ dataset: 'payments', columns: ['amount'], filters: { status: ['lost'] } }), ['body.definition.filters.status.0'])
  t.same(await bad({ dataset: 'payments', columns: [] }), ['body.definition.columns'])
  t.same((await req('GET', '/v1/reports')).json().items, [], 'nothing saved')
  const preview = await req('POST', '/v1/report-results', acc, { definition: { dataset: 'bills', columns: ['nope'] } })
  t.equal(preview.statusCode, 422)
})

t.test('ungrouped rows, filters; consumption by month from readings', async (t) => {
  const r = await req('POST', '/v1/report-results', acc, { definition: { dataset: 'payments', columns: ['paidOn', 'accountNumber', 'amount'], filters: { from: '2026-10-01' } } })
  t.equal(r.statusCode, 200, r.body)
  t.same(r.json().rows, [{ paidOn: '2026-10-02', accountNumber: 'RP-1', amount: '0.25' }, { paidOn: '2026-10-03', accountNumber: 'RP-2', amount: '5' }])
  const limited = await req('POST', '/v1/report-results?limit=1', acc, { definition: { dataset: 'payments', columns: ['amount'] } })
  t.equal(limited.json().rows.length, 1)
  t.equal(limited.json().truncated, true)
  const usage = await req('POST', '/v1/report-results', acc, { definition: { dataset: 'readings', columns: ['consumption'], groupBy: ['month', 'utility'], filters: { from: '2026-08-01' } } })
  t.equal(usage.statusCode, 200, usage.body)
  t.same(usage.json().rows, [{ month: '2026-08-01', utility: 'water', count: '1', consumption: '3.141' }, { month: '2026-09-01', utility: 'water', count: '1', consumption: '2.859' }],
    'August\'s figure counts from the July reading before the range')
})

t.test('export as CSV and as XLSX: numbers and dates, not text', async (t) => {
  const id = await created('/v1/reports', { name: 'Charges by month', definition: byMonthAndUtility })
  const csv = await req('GET', `/v1/reports/${id}/export?format=csv`)
  t.equal(csv.statusCode, 200, csv.body)
  t.match(csv.headers['content-type'], /^text\/csv/)
  t.match(csv.headers['content-disposition'], /filename="Charges-by-month-2026-11-25\.csv"/)
  t.equal(csv.body.split('\r\n')[0], 'Month,Utility,Rows,Amount (sum),Volume (sum)')
  t.equal(csv.body.split('\r\n')[4], '2026-10-01,water,3,70.30,12.718')

  const x = await req('GET', `/v1/reports/${id}/export?format=xlsx`)
  t.equal(x.statusCode, 200)
  t.match(x.headers['content-disposition'], /\.xlsx"/)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(x.rawPayload as any)
  const sheet = wb.worksheets[0]!
  t.same((sheet.getRow(1).values as unknown[]).slice(1), ['Month', 'Utility', 'Rows', 'Amount (sum)', 'Volume (sum)'])
  const row = sheet.getRow(5)
  t.ok(row.getCell(1).value instanceof Date, 'the month is a date cell')
  t.equal((row.getCell(1).value as Date).toISOString().slice(0, 10), '2026-10-01')
  t.equal(row.getCell(3).value, 3, 'the count is a number')
  t.equal(row.getCell(4).value, 70.3, 'the amount is a number')
  t.equal(row.getCell(4).numFmt, '#,##0.00')
  t.equal(row.getCell(5).value, 12.718, 'the volume is a number')

  const rows = await created('/v1/reports', { name: 'Bills', definition: { dataset: 'bills', columns: ['billNumber', 'issuedOn', 'payable'] } })
  const bx = await req('GET', `/v1/reports/${rows}/export?format=xlsx`)
  const wb2 = new ExcelJS.Workbook()
  await wb2.xlsx.load(bx.rawPayload as any)
  const s2 = wb2.worksheets[0]!
  t.equal(s2.rowCount, 4, 'a header and three bills')
  t.equal(typeof s2.getRow(2).getCell(1).value, 'string')
  t.ok(s2.getRow(2).getCell(2).value instanceof Date)
  t.equal(typeof s2.getRow(2).getCell(3).value, 'number')
  t.equal((await req('GET', `/v1/reports/${rows}/export?format=pdf`)).statusCode, 400)
})

t.test('a customer\'s reports are its own and read its own accounts only', async (t) => {
  const c = await registeredCustomer(app, tenant)
  t.equal((await linkResidential(app, c, 'RP-1', 'Petrov')).statusCode, 201)
  const me = bearer(c.access)
  const id = await created('/v1/reports', { name: 'My bills', definition: { dataset: 'bills', columns: ['billNumber', 'accountNumber', 'payable'] } }, me)
  const mine = await req('GET', `/v1/reports/${id}/result`, me)
  t.equal(mine.statusCode, 200, mine.body)
  t.same(mine.json().rows.map((r: any) => r.accountNumber), ['RP-1', 'RP-1'], 'not RP-2\'s bill')
  t.match((await req('GET', `/v1/reports/${id}`, me)).json(), { owner: 'customer' })
  // naming another's account in a filter adds nothing
  const sneaky = await req('POST', '/v1/report-results', me, { definition: { dataset: 'payments', columns: ['accountNumber', 'amount'], filters: { accountId: [a2] } } })
  t.same(sneaky.json().rows, [])
  const grouped = await req('POST', '/v1/report-results', me, { definition: byMonthAndUtility })
  t.same(grouped.json().rows.find((r: any) => r.month === '2026-10-01' && r.utility === 'water'), { month: '2026-10-01', utility: 'water', count: '2', amount: '0.30', volume: '5.718' })
  const csv = await req('GET', `/v1/reports/${id}/export?format=csv`, me)
  t.equal(csv.statusCode, 200)
  t.notMatch(csv.body, /RP-2/)
  // the tenant's reports and the customer's are apart: each answers the other's as missing
  t.equal((await req('GET', `/v1/reports/${id}`)).statusCode, 404, 'an API key does not see a customer\'s report')
  t.notOk((await req('GET', '/v1/reports')).json().items.some((r: any) => r.id === id))
  const tenantReport = (await req('GET', '/v1/reports')).json().items[0].id
  t.equal((await req('GET', `/v1/reports/${tenantReport}`, me)).statusCode, 404)
  t.equal((await req('GET', `/v1/reports/${tenantReport}/export`, me)).statusCode, 404)
  t.equal((await req('DELETE', `/v1/reports/${tenantReport}`, me)).statusCode, 404)
  t.same((await req('GET', '/v1/reports', me)).json().items.map((r: any) => r.id), [id])
  const other = await registeredCustomer(app, tenant)
  t.equal((await req('GET', `/v1/reports/${id}/result`, bearer(other.access))).statusCode, 404, 'another customer\'s report is missing')
  t.equal((await req('GET', `/v1/reports/${randomUUID()}`, me)).statusCode, 404)
})

t.test('readonly keys run reports but do not save them', async (t) => {
  t.equal((await req('POST', '/v1/reports', bearer(tenant.keys.readonly), { name: 'x', definition: byMonthAndUtility })).statusCode, 403)
  t.equal((await req('POST', '/v1/report-results', bearer(tenant.keys.readonly), { definition: byMonthAndUtility })).statusCode, 200)
  t.equal((await req('GET', '/v1/report-datasets', bearer(tenant.keys.portal))).statusCode, 403, 'a portal key reads no tenant-wide ledger')
})

t.test('GraphQL: save, run and preview reports with an API key; customers use REST', async (t) => {
  const gql = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = acc) => app.inject({ method: 'POST', url: '/graphql', headers, payload: { query, variables } })
  const saved = await gql('mutation($n: String!, $d: JSON!) { createReport(name: $n, definition: $d) { id owner definition } }', { n: 'GQL by month', d: { dataset: 'bill_lines', columns: ['amount'], groupBy: ['month'] } })
  t.equal(saved.statusCode, 200, saved.body)
  const id = saved.json().data.createReport.id
  const run = await gql('query($id: ID!) { reportResult(id: $id) { columns { key kind } rows truncated } }', { id })
  t.same(run.json().data.reportResult.rows, [{ month: '2026-09-01', count: '2', amount: '210.30' }, { month: '2026-10-01', count: '4', amount: '170.29' }])
  const bad = await gql('query($d: JSON!) { reportPreview(definition: $d) { rows } }', { d: { dataset: 'bills', columns: ['colour'] } })
  t.equal(bad.json().errors[0].extensions.code, 'invalid_report_definition')
  t.same(bad.json().errors[0].extensions.errors.map((e: any) => e.path), ['definition.columns.0'])
  t.ok((await gql('{ reports { items { id name } } }', {})).json().data.reports.items.some((r: any) => r.id === id))
  t.equal((await gql('query($id: ID!) { reportResult(id: $id) { rows } }', { id: randomUUID() })).json().data.reportResult, null)
})
