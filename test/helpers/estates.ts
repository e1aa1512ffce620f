// One account with everything that hangs from it, made through the API as an
// admin would: the objects the authorization matrices ask about.
import type { FastifyInstance } from 'fastify'
import type { Db } from '../../src/db/database.ts'
import { buildApp } from '../../src/app.ts'
import type { CustomerRole, Scope } from '../../src/app/auth/principal.ts'
import { bearer, TEST_CONFIG, TEST_OPERATOR_TOKEN, type TestTenant } from './app.ts'
import { clockOn } from './clock.ts'
import { linkResidential, registeredCustomer, signIn } from './customers.ts'
import { delegate } from './delegations.ts'
import { insertBill, monthBill } from '../http/ledger-fixtures.ts'
import { v7 as uuidv7 } from 'uuid'
import { buildOcr } from '../../src/core/ids/swedish-ocr.ts'
import { invoiceNumber } from '../../src/app/invoices/compose-invoices.ts'

export type Objects = Record<'account' | 'premises' | 'servicePoint' | 'meter' | 'reading' | 'bill' | 'serviceRequest' | 'attachment' | 'invoice', string>
export const NONE = '00000000-0000-4000-8000-000000000000'
export const nonexistent: Objects = { account: NONE, premises: NONE, servicePoint: NONE, meter: NONE, reading: '999999999', bill: NONE, serviceRequest: NONE, attachment: NONE,
  invoice: NONE }

let invoiceSeq = 0
/** Issue 12 §1: a combined invoice over the estate's bill, as a Swedish run composes it (compose-invoices.ts). */
async function invoiceOver(db: Db, tenantId: string, billId: string): Promise<string> {
  const b = await db.selectFrom('bills as b').innerJoin('accounts as a', (j) => j.onRef('a.tenantId', '=', 'b.tenantId').onRef('a.accountId', '=', 'b.accountId'))
    .select(['a.customerId', 'b.periodStart', 'b.periodEnd', 'b.issuedOn', 'b.dueOn', 'b.currency', 'b.amountDue', 'b.payable'])
    .where('b.tenantId', '=', tenantId).where('b.billId', '=', billId).executeTakeFirstOrThrow()
  const invoiceId = uuidv7()
  const number = invoiceNumber(BigInt(++invoiceSeq))
  await db.insertInto('invoices').values({ tenantId, invoiceId, customerId: b.customerId, periodStart: b.periodStart, periodEnd: b.periodEnd, number, ocr: buildOcr(number),
    issuedOn: b.issuedOn, dueOn: b.dueOn, currency: b.currency, charges: b.amountDue, payable: b.payable, billRunId: null }).execute()
  await db.insertInto('invoiceBills').values({ tenantId, invoiceId, billId }).execute()
  return invoiceId
}

let seq = 0
export async function estate(app: FastifyInstance, db: Db, tt: TestTenant, surname: string, prefix = 'MX'): Promise<Objects & { number: string }> {
  const h = bearer(tt.keys.admin)
  const post = async (url: string, payload: unknown) => {
    const r = await app.inject({ method: 'POST', url, headers: h, payload: payload as object })
    if (r.statusCode !== 201) throw new Error(`${url}: ${r.body}`)
    return r.json().id ?? r.json().reading.id
  }
  const n = ++seq
  const customer = await post('/v1/customers', { kind: 'person', name: surname, surname })
  const premises = await post('/v1/premises', { customerId: customer, kind: 'flat', address: `Street ${n}` })
  const number = `${prefix}-${n}`
  const account = await post('/v1/accounts', { customerId: customer, premisesId: premises, kind: 'residential', number, ownerSurname: surname, openedOn: '2024-01-01' })
  const servicePoint = await post('/v1/service-points', { accountId: account, resource: 'cold_water' })
  const meter = await post('/v1/meters', { servicePointId: servicePoint, serial: `${prefix}S-${n}`, digits: 5, decimals: 3 })
  const reading = String(await post('/v1/readings', { meterId: meter, readAt: '2026-11-01', index: '5', source: 'accounting' }))
  const bill = await insertBill(db, tt.id, account, monthBill(`${prefix}B-${n}`, '2026-09', '10.00'))
  // issue 12 §4: a document and a service request of the account
  const up = await app.inject({ method: 'POST', url: `/v1/accounts/${account}/request-attachments?documentType=other`, headers: { ...h, 'content-type': 'application/pdf' }, payload: Buffer.from('%PDF-1.4\n%%EOF\n') })
  if (up.statusCode !== 201) throw new Error(`attachment: ${up.body}`)
  const attachment = up.json().id as string
  const serviceRequest = await post('/v1/service-requests', { accountId: account, type: 'contact', caseType: 'other', subject: 'Hello', message: 'A question', contactBack: false })
  const invoice = await invoiceOver(db, tt.id, bill)
  return { account, premises, servicePoint, meter, reading, bill, serviceRequest, attachment, invoice, number }
}

/**
 * A caller of the matrices. `customer`: the objects a customer holds, with
 * `role` on them; a customer token holding nothing (an expired or revoked
 * delegation) has `holdsNothing` and no `customer`. `grant`: the bearer of a
 * reading grant for these objects' account (issue 10 §6): only the
 * /v1/reading-grant/… routes take it. `operator`: the platform operator
 * (issue 10 §7), of no tenant: 403 on every tenant operation, the only caller
 * of /v1/platform.
 */
export interface MatrixPrincipal {
  name: string; header: Record<string, string>; key?: Scope; customer?: Objects; role?: CustomerRole; holdsNothing?: true; grant?: Objects; operator?: true
  tenant: 'home' | 'other' | 'none'
}

/** A signed-in customer user (of any holding): customer writes on `self` operations are their own flows' tests. */
export const isCustomer = (p: MatrixPrincipal): boolean => !p.key && !p.grant && !p.operator && p.tenant !== 'none'
export interface MatrixObjects { name: string; ids: Objects; tenant: 'home' | 'other' | 'none' }

/**
 * The cast of both authorization matrices (REST and GraphQL): three estates
 * (the owner's, a neighbour's in the same tenant, one abroad) with their
 * customers, every kind of caller from each API key scope to an expired
 * token and none, the owner's delegates of each role (issue 10 §5) and the
 * delegates whose delegation expired or was revoked, and the object sets own,
 * another's, another tenant's and nonexistent.
 */
export async function matrixCast(app: FastifyInstance, db: Db, tenants: { tenant: TestTenant; other: TestTenant }, prefix: string) {
  const { tenant, other } = tenants
  const mine = await estate(app, db, tenant, 'Owner', prefix)
  const theirs = await estate(app, db, tenant, 'Neighbour', prefix)
  const foreign = await estate(app, db, other, 'Abroad', prefix)
  const owner = await registeredCustomer(app, tenant)
  const neighbour = await registeredCustomer(app, tenant)
  const abroad = await registeredCustomer(app, other)
  for (const [c, e, s] of [[owner, mine, 'owner'], [neighbour, theirs, 'neighbour'], [abroad, foreign, 'abroad']] as const) {
    const r = await linkResidential(app, c, e.number, s)
    if (r.statusCode !== 201) throw new Error(r.body)
  }
  // A token issued the day before: expired for the app's clock.
  const yesterday = await buildApp({ db, clock: clockOn('2026-11-24'), config: TEST_CONFIG })
  const expired = (await yesterday.inject({ method: 'POST', url: `/v1/tenants/${tenant.id}/customer-auth/sign-in`, payload: { email: owner.email, password: owner.password } })).json().accessToken as string
  await yesterday.close()
  // Issue 10 §5: the owner's delegates, one per role, and two who held a view delegation: one that ended, one revoked.
  const delegates = {} as Record<CustomerRole, Awaited<ReturnType<typeof registeredCustomer>>>
  for (const role of ['view', 'submit_readings', 'manage'] as const) {
    delegates[role] = await registeredCustomer(app, tenant)
    await delegate(app, tenant, owner, delegates[role], { role, accountIds: [mine.account] })
  }
  const lapsed = await registeredCustomer(app, tenant)
  const before = await buildApp({ db, clock: clockOn('2026-11-10'), config: TEST_CONFIG })
  const on10th = async (c: { email: string; password: string }) => ({ access: (await signIn(before, tenant.id, c.email, c.password)).json().accessToken as string })
  await delegate(before, tenant, { ...owner, ...(await on10th(owner)) }, { ...lapsed, ...(await on10th(lapsed)) },
    { role: 'view', accountIds: [mine.account], expiresAt: '2026-11-20T00:00:00Z' })
  await before.close()
  const revoked = await registeredCustomer(app, tenant)
  const revokedId = await delegate(app, tenant, owner, revoked, { role: 'view', accountIds: [mine.account] })
  const r = await app.inject({ method: 'DELETE', url: `/v1/delegations/${revokedId}`, headers: bearer(owner.access) })
  if (r.statusCode !== 200) throw new Error(`revoke: ${r.body}`)
  // Readings without registration: a grant for the owner's account, opened by its number and the owner's surname.
  const opened = await app.inject({ method: 'POST', url: `/v1/tenants/${tenant.id}/reading-grants`, payload: { accountNumber: mine.number, surname: 'owner' } })
  if (opened.statusCode !== 201) throw new Error(opened.body)
  const principals: MatrixPrincipal[] = [
    ...(['admin', 'accounting', 'portal', 'readonly'] as const).map((s) => ({ name: `${s} key`, header: bearer(tenant.keys[s]), key: s, tenant: 'home' as const })),
    { name: 'account owner', header: bearer(owner.access), customer: mine, role: 'manage', tenant: 'home' },
    ...(['view', 'submit_readings', 'manage'] as const).map((role) => ({ name: `${role} delegate`, header: bearer(delegates[role].access), customer: mine, role, tenant: 'home' as const })),
    { name: 'delegate whose delegation expired', header: bearer(lapsed.access), holdsNothing: true, tenant: 'home' },
    { name: 'delegate whose delegation was revoked', header: bearer(revoked.access), holdsNothing: true, tenant: 'home' },
    { name: 'another customer (same tenant)', header: bearer(neighbour.access), customer: theirs, role: 'manage', tenant: 'home' },
    { name: 'a customer of another tenant', header: bearer(abroad.access), customer: foreign, role: 'manage', tenant: 'other' },
    { name: 'reading grant (no registration)', header: bearer(opened.json().grantToken), grant: mine, tenant: 'home' },
    { name: 'platform operator', header: bearer(TEST_OPERATOR_TOKEN), operator: true, tenant: 'none' },
    { name: 'expired access token', header: bearer(expired), tenant: 'none' },
    { name: 'no credential', header: {}, tenant: 'none' },
  ]
  const objectSets: MatrixObjects[] = [
    { name: 'own', ids: mine, tenant: 'home' }, { name: 'same tenant, other customer\'s', ids: theirs, tenant: 'home' },
    { name: 'other tenant\'s', ids: foreign, tenant: 'other' }, { name: 'nonexistent', ids: nonexistent, tenant: 'none' },
  ]
  return { mine, theirs, foreign, owner, principals, objectSets }
}

/**
 * Answers recorded as `operation|principal|object set` → status/code: the
 * ones where another's object is answered unlike a nonexistent one (for a
 * principal that has a tenant), which would tell a caller the object exists.
 */
export function answersThatDiffer(answers: Map<string, string | number>, principals: MatrixPrincipal[]): string[] {
  const differ: string[] = []
  for (const [k, v] of answers) {
    const [op, who, obj] = k.split('|') as [string, string, string]
    if (obj === 'nonexistent' || principals.find((x) => x.name === who)!.tenant === 'none') continue
    const none = answers.get(`${op}|${who}|nonexistent`)
    if (none !== undefined && none !== v) differ.push(`${op} as ${who}: ${obj} → ${v}, nonexistent → ${none}`)
  }
  return differ
}
