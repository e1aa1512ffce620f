// One invoice per Swedish customer (issue 12 §1), through REST: a bill run
// over a customer with two addresses (every utility at home, electricity at
// the cabin) and a neighbour gives one invoice per customer with a section
// per utility and address and VAT per rate; a bank payment carrying the
// invoice's OCR is allocated across both accounts' bills, oldest first, the
// rest credit on the first account; a retry changes nothing; a reversal
// undoes each account's share; another customer's invoice answers 404.
import t from 'tap'
import { Big } from '../../helpers/big.ts'
import { bearer, addTenant } from '../../helpers/app.ts'
import { linkResidential, registeredCustomer } from '../../helpers/customers.ts'
import { delegate } from '../../helpers/delegations.ts'
import { billingTest } from '../billing/fixture.ts'
import { DemoWriter } from '../../../src/app/demo/writer.ts'
import { zoned } from '../../../src/app/demo/time.ts'
import { createTariffVersion } from '../../../src/app/settlement-data/tariffs.ts'
import { putPayeeDetails } from '../../../src/app/documents/payee-details.ts'
import { SE_PAYEE } from '../../../src/app/demo/payees.ts'
import { isValidOcr } from '../../../src/core/ids/swedish-ocr.ts'
import { inspectPdf } from '../../documents/fixture.ts'

const TZ = 'Europe/Stockholm'
const { app, db, drain, tenant: ru } = await billingTest(t)
const se = await addTenant(db, 'Arvika Kommunnät', { currency: 'SEK', timeZone: TZ, locale: 'sv-SE' })
await putPayeeDetails(db, se.id, SE_PAYEE)
const w = new DemoWriter(db, se.id)
const admin = bearer(se.keys.admin)
const accounting = bearer(se.keys.accounting)

const tariff = (service: string, definition: Record<string, unknown>) =>
  createTariffVersion(db, se.id, { service, usageType: 'residential', validFrom: '2026-01-01', validTo: null, definition, source: 'test' })
await tariff('cold_water', { volume: { line: 'water', price: { shape: 'flat', rate: '24.75' } }, fixedFees: [{ line: 'fixed_fee', amount: '310', per: 'connection', proRata: true }],
  taxes: [{ line: 'vat', percent: '25', of: ['*'] }] })
await tariff('electricity', { unit: 'kWh', fixedFees: [{ line: 'network_fee', amount: '3000', per: 'year' }], unitPrices: [
  { line: 'transfer_fee', kind: 'price', rate: '0.25' }, { line: 'energy_tax', kind: 'tax', rate: '0.439' }, { line: 'energy_price', kind: 'price', rate: '0.80' }], vatPercent: '25' })
await tariff('district_heating', { unit: 'MWh', fixedFees: [{ line: 'power_fee', amount: '450', per: 'period' }], unitPrices: [{ line: 'energy_price', rate: '650' }] })
await tariff('solar_production', { unit: 'kWh', unitPrices: [{ line: 'production_compensation', kind: 'credit', rate: '0.60' }], vatPercent: null })
await tariff('waste_collection', { basicFees: [{ line: 'basic_fee', amount: '1200', per: 'year' }],
  collectionFees: [{ binLitres: 190, frequency: 'every_other_week', line: 'collection_fee', amount: '45', per: 'pickup' }] })

let serial = 0
async function household(name: string, surname: string, number: string, addresses: { street: string; resources: string[] }[]) {
  const customer = await w.customer({ kind: 'person', name, surname })
  const accounts: string[] = []
  for (const [k, a] of addresses.entries()) {
    const premises = await w.premises({ customerId: customer.id, kind: 'house', address: a.street, city: 'Arvika', postalCode: '671 31', country: 'SE' })
    const accountId = (await w.account({ customerId: customer.id, premisesId: premises.id, kind: 'residential', number: `${number}-${k + 1}`, ownerSurname: surname,
      usageType: 'residential', openedOn: '2025-01-01' })).id
    accounts.push(accountId)
    for (const resource of a.resources) {
      const sp = await w.servicePoint({ accountId, premisesId: premises.id, resource, usageType: 'residential' })
      if (resource === 'waste_collection') { await w.wasteSubscription(sp.id, { binLitres: 190, frequency: 'every_other_week', validFrom: '2026-01-05' }); continue }
      const decimals = resource === 'district_heating' ? 3 : 0
      const meterId = await w.meter({ servicePointId: sp.id, serial: `M${++serial}`, digits: 7, decimals, commissionedOn: '2026-01-01', initialUnits: 0, seals: ['S1'] })
      const [a0, a1] = resource === 'cold_water' ? ['100', '108'] : resource === 'electricity' ? ['10000', '10500'] : resource === 'district_heating' ? ['100.000', '101.234'] : ['5000', '5400']
      for (const [day, value] of [['2026-09-30', a0], ['2026-10-31', a1]] as const) w.readings.push({ meterId, readAt: zoned(day, 12, 0, TZ), kind: 'index', value, source: 'telemetry' })
    }
  }
  await w.flushReadings()
  return { customerId: customer.id, accounts }
}

const karin = await household('Karin', 'Nilsson', '100200', [
  { street: 'Arvikagatan 1', resources: ['cold_water', 'electricity', 'district_heating', 'solar_production', 'waste_collection'] },
  { street: 'Sågudden 7', resources: ['electricity'] },
])
const per = await household('Per', 'Olsson', '100211', [{ street: 'Storgatan 3', resources: ['cold_water', 'electricity'] }])

// October through REST: the run composes the invoices when it completes
const started = await app.inject({ method: 'POST', url: '/v1/bill-runs', headers: accounting, payload: { period: '2026-10' } })
if (started.statusCode !== 202) throw new Error(started.body)
await drain()
const runId = started.json().id as string
const run = (await app.inject({ method: 'GET', url: `/v1/bill-runs/${runId}`, headers: accounting })).json()

const invoicesOf = async (customerId: string) => (await app.inject({ method: 'GET', url: `/v1/invoices?customerId=${customerId}`, headers: accounting })).json().items
const [invoice] = await invoicesOf(karin.customerId)
const [perInvoice] = await invoicesOf(per.customerId)

t.test('one invoice per customer over all its accounts and utilities', async (t) => {
  t.equal(run.status, 'completed')
  t.equal(run.failed, 0, 'every account billed')
  t.ok(invoice && perInvoice, 'each customer has its invoice')
  t.equal((await invoicesOf(karin.customerId)).length, 1, 'one, not one per account')
  t.same(invoice.accounts.map((a: { number: string }) => a.number), ['100200-1', '100200-2'])
  t.equal(invoice.bills.length, 2)
  t.ok(isValidOcr(invoice.ocr, { lengthDigit: true }), `OCR ${invoice.ocr} (Luhn with the length digit)`)
  t.equal(invoice.ocr.length, 11, 'never the length of a bill\'s OCR (10 digits)')
  t.equal(invoice.number.length, 9)
  t.not(invoice.ocr, perInvoice.ocr)
  const sum = (k: 'charges' | 'payable') => invoice.bills.reduce((s: Big, b: Record<string, string>) => s.plus(b[k]!), new Big(0)).toFixed(2)
  t.equal(new Big(invoice.charges).toFixed(2), sum('charges'), 'the total is the bills\' sum')
  t.equal(new Big(invoice.payable).toFixed(2), sum('payable'))

  const one = (await app.inject({ method: 'GET', url: `/v1/invoices/${invoice.id}`, headers: accounting })).json()
  const sections = one.sections.map((s: { service: string; accountNumber: string }) => `${s.accountNumber}/${s.service}`).sort()
  t.same(sections, ['100200-1/cold_water', '100200-1/district_heating', '100200-1/electricity', '100200-1/solar_production', '100200-1/waste_collection',
    '100200-2/electricity'].sort(), 'each utility its own section, per address')
  // VAT per rate over the whole invoice: 25 % on everything but the solar credit
  t.equal(one.vat.length, 1)
  t.equal(one.vat[0].rate, '25')
  const vatOfSections = one.sections.reduce((s: Big, x: { vat: string }) => s.plus(x.vat), new Big(0))
  t.equal(vatOfSections.toFixed(2), one.vat[0].vat, 'the sections\' VAT is the rate\'s total')
  t.equal(new Big(one.vat[0].base).times('0.25').round(2).toFixed(2), one.vat[0].vat)
  const solar = one.sections.find((s: { service: string }) => s.service === 'solar_production')
  t.equal(solar.amountExclVat, '-240.00', 'solar production a credit, no VAT')

  // Russian tenants: unchanged, no invoice
  const ruList = await app.inject({ method: 'GET', url: '/v1/invoices', headers: bearer(ru.keys.accounting) })
  t.same(ruList.json().items, [])
})

t.test('composing again adds nothing: one invoice per customer and period', async (t) => {
  const again = await app.inject({ method: 'POST', url: `/v1/bill-runs/${runId}/invoices`, headers: accounting })
  t.equal(again.statusCode, 200, again.body)
  t.same(again.json(), { composed: 0 })
  t.equal((await invoicesOf(karin.customerId)).length, 1)
  // posted: the database refuses to change an invoice
  await t.rejects(db.updateTable('invoices').set({ payable: '0' }).where('tenantId', '=', se.id).execute(), /never updated/)
})

const balance = async (accountId: string) => (await app.inject({ method: 'GET', url: `/v1/accounts/${accountId}/balance`, headers: accounting })).json().balance as string
const billPaid = async () => (await app.inject({ method: 'GET', url: `/v1/invoices/${invoice.id}`, headers: accounting })).json().bills
  .map((b: { accountNumber: string; paid: string }) => [b.accountNumber, b.paid])

t.test('a payment by the invoice\'s OCR is allocated across its accounts, oldest first; a retry is not doubled', async (t) => {
  const before = [await balance(karin.accounts[0]!), await balance(karin.accounts[1]!)]
  const bills = invoice.bills as { billId: string; accountNumber: string; charges: string }[]
  const total = bills.reduce((s, b) => s.plus(b.charges), new Big(0))
  const amount = total.plus('100.00').toFixed(2) // 100 kr more than both bills: credit
  const payment = { externalId: 'BG-2026-11-28-001', reference: invoice.ocr, amount, paidOn: '2026-11-28', source: 'bank' }
  const r = await app.inject({ method: 'POST', url: '/v1/payments', headers: accounting, payload: payment })
  t.equal(r.statusCode, 201, r.body)
  const p = r.json()
  t.equal(p.invoiceId, invoice.id)
  t.equal(p.accountId, karin.accounts[0], 'the credit stays on the invoice\'s first account (100200-1)')
  // both bills paid in full, in issue order (issue date, then number): the lower number first
  const sorted = [...bills].sort((a, b) => (a.billId < b.billId ? -1 : 1))
  t.same(p.allocations.map((a: { billId: string; amount: string }) => [a.billId, new Big(a.amount).toFixed(2)]).sort(),
    sorted.map((b) => [b.billId, new Big(b.charges).toFixed(2)]).sort())
  t.equal(p.unallocated, '100', 'what is left stays as credit')
  t.same((await billPaid()).map(([n, v]: [string, string]) => [n, new Big(v).toFixed(2)]), bills.map((b) => [b.accountNumber, new Big(b.charges).toFixed(2)]), 'each bill paid in full')
  const after = [await balance(karin.accounts[0]!), await balance(karin.accounts[1]!)]
  t.equal(new Big(before[0]!).minus(after[0]!).toFixed(2), new Big(bills[0]!.charges).plus(100).toFixed(2), 'the first account: its bill and the credit')
  t.equal(new Big(before[1]!).minus(after[1]!).toFixed(2), new Big(bills[1]!.charges).toFixed(2), 'the cabin: its bill')

  // the bank sends the file again: the same payment, nothing doubled
  const retry = await app.inject({ method: 'POST', url: '/v1/payments', headers: accounting, payload: payment })
  t.equal(retry.statusCode, 200)
  t.equal(retry.json().id, p.id)
  const bulk = await app.inject({ method: 'POST', url: '/v1/payments/bulk', headers: accounting, payload: [payment] })
  t.equal(bulk.json().counts.duplicate, 1)
  t.same([await balance(karin.accounts[0]!), await balance(karin.accounts[1]!)], after, 'balances unchanged by the retries')
  const changed = await app.inject({ method: 'POST', url: '/v1/payments', headers: accounting, payload: { ...payment, amount: '1.00' } })
  t.equal(changed.statusCode, 409, 'the same external id with other content: a conflict')

  // reversal: each account's share booked back
  const rev = await app.inject({ method: 'POST', url: `/v1/payments/${p.id}/reverse`, headers: accounting, payload: { reason: 'bank recall' } })
  t.equal(rev.statusCode, 200, rev.body)
  t.same([await balance(karin.accounts[0]!), await balance(karin.accounts[1]!)], before, 'both accounts as before the payment')
})

t.test('a part payment pays the oldest bill first, deterministically', async (t) => {
  const bills = invoice.bills as { billId: string; accountNumber: string; billNumber: string; charges: string }[]
  const r = await app.inject({ method: 'POST', url: '/v1/payments', headers: accounting,
    payload: { externalId: 'BG-part-1', reference: invoice.ocr, amount: '50.00', paidOn: '2026-11-29', source: 'bank' } })
  t.equal(r.statusCode, 201, r.body)
  const first = [...bills].sort((a, b) => (a.billNumber < b.billNumber ? -1 : 1))[0]!
  t.same(r.json().allocations.map((a: { billId: string; amount: string }) => [a.billId, a.amount]), [[first.billId, '50']], `50 kr on the older bill (${first.accountNumber}, no. ${first.billNumber})`)
  t.equal(r.json().unallocated, '0')
})

t.test('a bill\'s own OCR pays that bill (a bank line from a bill\'s payment document); a retry is not doubled', async (t) => {
  const { buildOcr } = await import('../../../src/core/ids/swedish-ocr.ts')
  const bill = (perInvoice.bills as { billId: string; billNumber: string; accountNumber: string }[])[0]!
  const payment = { externalId: 'BG-bill-ocr-1', reference: buildOcr(bill.billNumber.replace(/\D/g, '')), amount: '20.00', paidOn: '2026-11-29', source: 'bank' }
  const r = await app.inject({ method: 'POST', url: '/v1/payments', headers: accounting, payload: payment })
  t.equal(r.statusCode, 201, r.body)
  t.match(r.json(), { accountId: per.accounts[0], billId: bill.billId, invoiceId: null })
  t.same(r.json().allocations.map((a: { billId: string }) => a.billId), [bill.billId], 'the bill named by its OCR')
  const again = await app.inject({ method: 'POST', url: '/v1/payments', headers: accounting, payload: payment })
  t.equal(again.statusCode, 200, 'the same bank line again: the stored payment')
  t.equal(again.json().id, r.json().id)
})

t.test('exports carry the invoice number and OCR', async (t) => {
  const bills = await app.inject({ method: 'GET', url: '/v1/exports/bills?period=2026-10-01', headers: accounting })
  t.equal(bills.statusCode, 200)
  t.match(bills.body.split('\n')[0], /Invoice number,Invoice OCR/)
  const rows = bills.body.split('\n').filter((l) => l.includes(invoice.ocr))
  t.equal(rows.length, 2, 'both of Karin\'s bills name her invoice')
  const payments = await app.inject({ method: 'GET', url: '/v1/exports/payments?from=2026-11-01&to=2026-11-30', headers: accounting })
  t.match(payments.body, new RegExp(`BG-2026-11-28-001.*${invoice.number},${invoice.ocr}`), 'the payment by OCR names its invoice')
})

t.test('an unknown OCR, or accountId and reference both: refused, nothing posted', async (t) => {
  const unknown = await app.inject({ method: 'POST', url: '/v1/payments', headers: accounting,
    payload: { externalId: 'BG-x', reference: '12345678903', amount: '10.00', paidOn: '2026-11-29', source: 'bank' } })
  t.equal(unknown.statusCode, 404)
  const both = await app.inject({ method: 'POST', url: '/v1/payments', headers: accounting,
    payload: { externalId: 'BG-y', reference: invoice.ocr, accountId: karin.accounts[0], amount: '10.00', paidOn: '2026-11-29', source: 'bank' } })
  t.equal(both.statusCode, 400)
  const other = await app.inject({ method: 'POST', url: '/v1/payments', headers: bearer(ru.keys.accounting),
    payload: { externalId: 'BG-z', reference: invoice.ocr, amount: '10.00', paidOn: '2026-11-29', source: 'bank' } })
  t.equal(other.statusCode, 404, 'another tenant\'s OCR is unknown here')
})

t.test('customer tokens: their own invoice only; another customer\'s answers 404', async (t) => {
  const c = await registeredCustomer(app, se)
  for (const n of ['100200-1', '100200-2']) t.equal((await linkResidential(app, c, n, 'Nilsson')).statusCode, 201)
  const mine = await app.inject({ method: 'GET', url: `/v1/invoices/${invoice.id}`, headers: bearer(c.access) })
  t.equal(mine.statusCode, 200)
  const list = await app.inject({ method: 'GET', url: '/v1/invoices', headers: bearer(c.access) })
  t.same(list.json().items.map((i: { id: string }) => i.id), [invoice.id])
  const theirs = await app.inject({ method: 'GET', url: `/v1/invoices/${perInvoice.id}`, headers: bearer(c.access) })
  const none = await app.inject({ method: 'GET', url: '/v1/invoices/00000000-0000-4000-8000-000000000000', headers: bearer(c.access) })
  t.equal(theirs.statusCode, 404)
  t.same([theirs.statusCode, theirs.json().code], [none.statusCode, none.json().code], 'exactly like a missing one')
  t.equal((await app.inject({ method: 'GET', url: `/v1/invoices/${perInvoice.id}/document`, headers: bearer(c.access) })).statusCode, 404)
  // holding one of the invoice's two accounts is not enough: the invoice shows both (a delegate of the cabin only)
  const half = await registeredCustomer(app, se)
  await delegate(app, se, c, half, { role: 'view', accountIds: [karin.accounts[1]!] })
  t.equal((await app.inject({ method: 'GET', url: `/v1/accounts/${karin.accounts[1]}/balance`, headers: bearer(half.access) })).statusCode, 200, 'the delegate sees the cabin')
  t.equal((await app.inject({ method: 'GET', url: `/v1/invoices/${invoice.id}`, headers: bearer(half.access) })).statusCode, 404)
  t.same((await app.inject({ method: 'GET', url: '/v1/invoices', headers: bearer(half.access) })).json().items, [])
})

t.test('the invoice as PDF: a section per utility and address, VAT per rate, one OCR', async (t) => {
  const r = await app.inject({ method: 'GET', url: `/v1/invoices/${invoice.id}/document`, headers: admin })
  t.equal(r.statusCode, 200)
  t.equal(r.headers['content-type'], 'application/pdf')
  const pdf = inspectPdf('combined-invoice-SE', r.rawPayload)
  t.comment(`invoice: ${pdf.png}`)
  const text = pdf.layout
  t.match(text, 'Arvika Kommunnät, Arvika kommun')
  t.match(text, /Vatten · El · Fjärrvärme · Solproduktion · Renhållning/)
  t.match(text, /El – Sågudden 7 \(100200-2\)/)
  t.match(text, /Vatten – Arvikagatan 1 \(100200-1\)/)
  t.match(text, /100200-1, 100200-2/)
  t.match(text, /Moms 25 % på/)
  t.match(text, new RegExp(`OCR-nummer\\s+${invoice.ocr}`))
  t.match(text, /310 kr\/mån/, 'the fixed fee says what it is per')
  t.match(text, /2026-10-01–10-31/, 'the period column is filled')
  t.equal(pdf.run('pdfinfo', [pdf.file]).toString().match(/Pages:\s+(\d+)/)?.[1], '1', 'a two-address invoice on one page with its payment block')
})

t.test('GraphQL: a customer\'s invoices with sections and VAT', async (t) => {
  const r = await app.inject({ method: 'POST', url: '/graphql', headers: accounting, payload: { query: `{ invoices(customerId: "${karin.customerId}") {
    items { id number ocr payable accounts { number } sections { service accountNumber amountExclVat vat } vat { rate base vat } } } }` } })
  t.equal(r.statusCode, 200, r.body)
  const items = r.json().data.invoices.items
  t.equal(items.length, 1)
  t.equal(items[0].ocr, invoice.ocr)
  t.equal(items[0].sections.length, 6)
  t.equal(items[0].vat[0].rate, '25')
})

t.test('a worker killed between the run\'s completion and its invoices: the hourly sweep composes them (migration 0152)', async (t) => {
  const { composeMissingInvoices, COMPOSE_INVOICES_TASK } = await import('../../../src/app/invoices/compose-invoices.ts')
  const { taskList } = await import('../../../src/jobs/tasks.ts')
  const marked = await db.selectFrom('billRuns').select('invoicesComposedAt').where('billRunId', '=', runId).executeTakeFirstOrThrow()
  t.ok(marked.invoicesComposedAt, 'the completing chunk marked the run')
  t.equal(await composeMissingInvoices(db), 0, 'nothing missing: nothing composed')
  // the state a kill leaves: the run completed, Per's invoice never written, the run unmarked
  await db.deleteFrom('invoiceBills').where('invoiceId', '=', perInvoice.id).execute()
  await db.deleteFrom('invoices').where('invoiceId', '=', perInvoice.id).execute()
  await db.updateTable('billRuns').set({ invoicesComposedAt: null }).where('billRunId', '=', runId).execute()
  t.equal(await composeMissingInvoices(db), 1, 'Per\'s invoice composed')
  const [again] = await invoicesOf(per.customerId)
  t.same(again.bills.map((b: { billId: string }) => b.billId).sort(), perInvoice.bills.map((b: { billId: string }) => b.billId).sort(), 'over the same bills')
  t.equal((await invoicesOf(karin.customerId)).length, 1, 'Karin\'s stays the one she had')
  t.equal(await composeMissingInvoices(db), 0, 'marked again: the next sweep does nothing')
  t.ok(COMPOSE_INVOICES_TASK in taskList(db), 'the worker runs it hourly (src/jobs/queue.ts crontab)')
})

t.test('GraphQL postPayment by reference: the invoice\'s OCR, allocated across its accounts', async (t) => {
  const r = await app.inject({ method: 'POST', url: '/graphql', headers: accounting, payload: { query: `mutation {
    postPayment(input: { externalId: "BG-gql-1", reference: "${invoice.ocr}", amount: "1.00", paidOn: "2026-11-30", source: bank }) {
      created payment { accountId invoiceId amount allocations { billId amount } } } }` } })
  t.equal(r.statusCode, 200, r.body)
  t.notOk(r.json().errors, JSON.stringify(r.json().errors))
  t.match(r.json().data.postPayment, { created: true, payment: { invoiceId: invoice.id, amount: '1.00' } })
  const none = await app.inject({ method: 'POST', url: '/graphql', headers: accounting, payload: { query: `mutation {
    postPayment(input: { externalId: "BG-gql-2", amount: "1.00", paidOn: "2026-11-30", source: bank }) { created } }` } })
  t.equal(none.json().errors?.[0]?.extensions?.code, 'validation_error', 'neither accountId nor reference: refused')
})
