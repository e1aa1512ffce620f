// Issue 10 "Done when": the journeys of seed 000 (Irkutsk water utility's
// personal account) end to end through REST, as a portal would call them:
// register (a person; an organization in the name field), confirm the e-mail
// by the link token and the phone by the code (read from the outbox, as the
// SMTP sender or a portal would deliver them), sign in, link by surname +
// account number and by INN + contract number, see charges and payments for a
// period, download the payment document, submit readings and see their
// history, the business documents (reconciliation act, document package);
// then the mobile home screen through GraphQL in one round trip.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bearer, testApp } from '../helpers/app.ts'
import { codeIn, lastMessage, tokenIn } from '../helpers/customers.ts'
import { insertBill, monthBill } from './ledger-fixtures.ts'

const { app, db, tenant } = await testApp(t)
const admin = bearer(tenant.keys.admin)
const base = `/v1/tenants/${tenant.id}/customer-auth`

async function as(headers: Record<string, string>, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, want = 200) {
  const r = await app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
  if (r.statusCode !== want) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`)
  return r
}

// The utility's records, as its accounting system posts them.
const flatOwner = (await as(admin, 'POST', '/v1/customers', { kind: 'person', name: 'Семёнова Анна Петровна', surname: 'Семёнова' }, 201)).json()
const flat = (await as(admin, 'POST', '/v1/premises', { customerId: flatOwner.id, kind: 'flat', address: 'Иркутск, ул. Ленина, 5, кв. 12' }, 201)).json()
const lsAccount = (await as(admin, 'POST', '/v1/accounts', { customerId: flatOwner.id, premisesId: flat.id, kind: 'residential', number: '380012345',
  ownerSurname: 'Семёнова', openedOn: '2024-01-01' }, 201)).json()
const lsPoint = (await as(admin, 'POST', '/v1/service-points', { accountId: lsAccount.id, resource: 'cold_water' }, 201)).json()
const lsMeter = (await as(admin, 'POST', '/v1/meters', { servicePointId: lsPoint.id, serial: 'VSKM-90-0481', digits: 5, decimals: 3 }, 201)).json()
await as(admin, 'POST', '/v1/readings', { meterId: lsMeter.id, readAt: '2026-10-25', index: '100', source: 'accounting' }, 201)
const org = (await as(admin, 'POST', '/v1/customers', { kind: 'organization', name: 'ООО «Байкал-Сервис»', inn: '7707083893' }, 201)).json()
const contract = (await as(admin, 'POST', '/v1/accounts', { customerId: org.id, kind: 'non_residential', number: 'D-1077', contractInn: '7707083893',
  openedOn: '2024-01-01', usageType: 'non_residential' }, 201)).json()
const orgPoint = (await as(admin, 'POST', '/v1/service-points', { accountId: contract.id, resource: 'cold_water' }, 201)).json()
const orgMeter = (await as(admin, 'POST', '/v1/meters', { servicePointId: orgPoint.id, serial: 'SGV-15-7720', digits: 6, decimals: 3 }, 201)).json()
const septBill = await insertBill(db, tenant.id, lsAccount.id, monthBill('ЛС-2026-09', '2026-09', '812.40'))
const octBill = await insertBill(db, tenant.id, lsAccount.id, monthBill('ЛС-2026-10', '2026-10', '790.15'))
await insertBill(db, tenant.id, contract.id, monthBill('Д-2026-10', '2026-10', '15400.00'))
await as(bearer(tenant.keys.accounting), 'POST', '/v1/payments', { externalId: 'sber-1', accountId: lsAccount.id, amount: '812.40', paidOn: '2026-10-10', source: 'bank' }, 201)

/** Steps 1–4: register, confirm the e-mail (the link's token) and the phone (the code), sign in. */
async function registerAndConfirm(kind: 'person' | 'organization', name: string, email: string, phone: string) {
  const password = 'Байкал — самое глубокое озеро'
  const user = (await as({}, 'POST', `${base}/register`, { kind, name, email, phone, password }, 201)).json()
  t.same([user.emailConfirmed, user.phoneConfirmed], [false, false])
  await as({}, 'POST', `${base}/email-confirmation`, { token: tokenIn(await lastMessage(app, tenant, email, 'email_confirmation')) })
  const tokens = (await as({}, 'POST', `${base}/sign-in`, { email, password })).json()
  const h = bearer(tokens.accessToken)
  const confirmed = (await as(h, 'POST', '/v1/me/phone-confirmation', { code: codeIn(await lastMessage(app, tenant, phone, 'phone_confirmation')) })).json()
  t.same([confirmed.emailConfirmed, confirmed.phoneConfirmed], [true, true])
  return { h, tokens }
}

/** A PDF looks like a document: pdftoppm renders its first page. */
function renders(pdf: Buffer): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'journey-'))
  writeFileSync(join(dir, 'doc.pdf'), pdf)
  execFileSync('pdftoppm', ['-png', '-r', '30', '-f', '1', '-l', '1', join(dir, 'doc.pdf'), join(dir, 'page')])
  return true
}

t.test('a resident: register, confirm, sign in, link by surname, charges and payments, payment document, readings and their history', async (t) => {
  const { h } = await registerAndConfirm('person', 'Семёнова Анна Петровна', 'anna.semenova@example.ru', '+79025550101')
  // Step 5: the owner's surname as people type it.
  const linked = (await as(h, 'POST', '/v1/me/accounts', { kind: 'residential', accountNumber: '380012345', surname: 'семенова ' }, 201)).json()
  t.same([linked.id, linked.role, linked.address], [lsAccount.id, 'manage', 'Иркутск, ул. Ленина, 5, кв. 12'])
  t.same((await as(h, 'GET', '/v1/me/accounts')).json().items.map((a: { number: string }) => a.number), ['380012345'])
  // Step 7.1: charges and payments for a chosen period.
  const st = (await as(h, 'GET', `/v1/accounts/${lsAccount.id}/statement?from=2026-09-01&to=2026-11-30`)).json()
  t.same(st.entries.map((e: { kind: string; amount: string }) => [e.kind, e.amount]),
    [['charge', '812.40'], ['payment', '-812.40'], ['charge', '790.15']], 'two charges and the payment, in date order')
  t.equal(st.closingBalance, '790.15')
  const bills = (await as(h, 'GET', `/v1/bills?accountId=${lsAccount.id}`)).json().items.map((b: { id: string }) => b.id)
  t.same(bills.sort(), [septBill, octBill].sort())
  // The payment document of a period («документ»).
  const pdf = await as(h, 'GET', `/v1/bills/${octBill}/document`)
  t.equal(pdf.headers['content-type'], 'application/pdf')
  t.match(pdf.headers['content-disposition'], /attachment; filename=/)
  t.ok(pdf.rawPayload.subarray(0, 5).toString() === '%PDF-' && renders(pdf.rawPayload), 'a PDF that renders')
  // Step 7.3: the readings table, then «Передать показания», then «история».
  const sent = (await as({ ...h, 'idempotency-key': 'journey-reading-1' }, 'POST', '/v1/readings', { meterId: lsMeter.id, readAt: '2026-11-24', index: '106.250', source: 'portal' }, 201)).json()
  t.equal(sent.verdict, 'accepted')
  const history = (await as(h, 'GET', `/v1/meters/${lsMeter.id}/readings`)).json().items
  t.same(history.map((r: { value: string }) => Number(r.value)), [106.25, 100], 'newest first, the earlier reading included')
  t.same((await as(h, 'GET', `/v1/accounts/${lsAccount.id}/readings`)).json().items.length, 2)
  // Step 7.2 is the payment provider's; the balance is what the app shows.
  t.equal((await as(h, 'GET', `/v1/accounts/${lsAccount.id}/balance`)).json().accountId, lsAccount.id)
  // Another's contract stays out of reach.
  t.equal((await app.inject({ method: 'GET', url: `/v1/accounts/${contract.id}/statement?from=2026-09-01&to=2026-11-30`, headers: h })).statusCode, 404)
})

t.test('an organization: its name as the name, link by INN + contract number, meters, readings, reconciliation act, document package', async (t) => {
  const { h } = await registerAndConfirm('organization', 'ООО «Байкал-Сервис»', 'buh@baikal-service.example.ru', '+73952500248')
  const linked = (await as(h, 'POST', '/v1/me/accounts', { kind: 'non_residential', contractNumber: 'D-1077', inn: '7707083893' }, 201)).json()
  t.same([linked.id, linked.kind], [contract.id, 'non_residential'])
  // Step 8.1: charges and payments by contract.
  const st = (await as(h, 'GET', `/v1/accounts/${contract.id}/statement?from=2026-10-01&to=2026-11-30`)).json()
  t.same(st.entries.map((e: { amount: string }) => e.amount), ['15400.00'])
  // Step 8.3: the table of meters, and cold water readings.
  const meters = (await as(h, 'GET', `/v1/accounts/${contract.id}`)).json()
  t.equal(meters.id, contract.id)
  t.equal((await as({ ...h, 'idempotency-key': 'journey-org-1' }, 'POST', '/v1/readings', { meterId: orgMeter.id, readAt: '2026-11-24', index: '4512.000', source: 'portal' }, 201)).json().verdict, 'accepted')
  t.equal((await as(h, 'GET', `/v1/meters/${orgMeter.id}/readings`)).json().items.length, 1)
  // Step 8.2: the reconciliation act (data and PDF).
  const act = (await as(h, 'GET', `/v1/accounts/${contract.id}/reconciliation?from=2026-10-01&to=2026-11-30`)).json()
  t.equal(act.closingBalance, '15400.00')
  const actPdf = await as(h, 'GET', `/v1/accounts/${contract.id}/reconciliation/document?from=2026-10-01&to=2026-11-30`)
  t.equal(actPdf.headers['content-type'], 'application/pdf')
  t.ok(renders(actPdf.rawPayload))
  // Step 8.1: «Скачать пакет документов».
  const zip = await as(h, 'GET', `/v1/accounts/${contract.id}/documents?period=2026-10-01`)
  t.equal(zip.headers['content-type'], 'application/zip')
  t.equal(zip.rawPayload.subarray(0, 2).toString(), 'PK')
  t.equal((await app.inject({ method: 'GET', url: `/v1/bills/${octBill}/document`, headers: h })).statusCode, 404, 'the resident\'s bill is not the organization\'s')
})

t.test('the mobile home screen through GraphQL: me { user accounts { balance bills(last) meters } } in one round trip', async (t) => {
  const { h } = await registerAndConfirm('person', 'Семёнов Пётр', 'petr.semenov@example.ru', '+79025550102')
  // Linking from the app: the GraphQL mutation (the resident's account is linked by Anna; Pyotr gets the same answer as for a wrong pair).
  const refused = (await as(h, 'POST', '/graphql', { query: 'mutation($i: AccountLinkInput!) { linkAccount(input: $i) { id } }',
    variables: { i: { kind: 'residential', accountNumber: '380012345', surname: 'Семёнова' } } }, 422)).json()
  t.equal(refused.errors[0].extensions.code, 'account_not_matched')
  const anna = await as({}, 'POST', `${base}/sign-in`, { email: 'anna.semenova@example.ru', password: 'Байкал — самое глубокое озеро' })
  const ah = bearer(anna.json().accessToken)
  const home = (await as(ah, 'POST', '/graphql', { query: `{ me {
    user { name emailConfirmed phoneConfirmed }
    accounts { number address balance { balance amountDue dueOn } bills(last: 2) { number payable documentUrl } meters { serial lastReading { value } readings(last: 5) { value readAt } } } } }` })).json()
  t.notOk(home.errors, JSON.stringify(home.errors))
  const acc = home.data.me.accounts[0]
  t.equal(home.data.me.user.name, 'Семёнова Анна Петровна')
  t.equal(acc.number, '380012345')
  t.equal(acc.balance.balance, '790.15')
  t.same(acc.bills.map((b: { number: string }) => b.number), ['ЛС-2026-10', 'ЛС-2026-09'])
  t.match(acc.bills[0].documentUrl, /^\/v1\/bills\/.+\/document$/)
  t.same(acc.meters[0].readings.map((r: { value: string }) => Number(r.value)), [106.25, 100])
  // Reading and statement from the app, too.
  const sub = (await as(ah, 'POST', '/graphql', { query: 'mutation($i: ReadingInput!) { submitReading(input: $i) { verdict } }',
    variables: { i: { meterId: lsMeter.id, readAt: '2026-11-25', index: '107', source: 'mobile' } } })).json()
  t.equal(sub.data?.submitReading.verdict, 'accepted', JSON.stringify(sub))
  const st = (await as(ah, 'POST', '/graphql', { query: `{ statement(accountId: "${lsAccount.id}", from: "2026-09-01", to: "2026-11-30") { closingBalance } }` })).json()
  t.equal(st.data.statement.closingBalance, '790.15')
})
