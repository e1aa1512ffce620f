// Issue 10 §4, §7: the authorization matrix, generated from the route
// declarations (restRoutes), so a new route is in it the day it is added:
// every operation × principal × object → the status its declaration implies.
// 0 leaks: no 2xx on an object the principal may not see, and for a customer,
// another's object answers exactly as a nonexistent one (404, not 403).
import t from 'tap'
import { z } from 'zod'
import { restRoutes } from '../../src/http/rest/index.ts'
import { customerAccessOf, type RouteDef } from '../../src/http/route.ts'
import { hasAnyScope, roleCovers, type Scope } from '../../src/app/auth/principal.ts'
import { testApp } from '../helpers/app.ts'
import { answersThatDiffer, isCustomer, matrixCast, NONE, nonexistent, type Objects } from '../helpers/estates.ts'

const { app, db, tenant, other } = await testApp(t)

const { principals, objectSets } = await matrixCast(app, db, { tenant, other }, 'MX')

/** Which object a path parameter names, from the path. */
function objectOfParam(url: string, param: string): keyof Objects | undefined {
  if (param === 'accountId') return 'account'
  const m = /^\/v1\/([a-z-]+)\/:/.exec(url)
  return ({ accounts: 'account', premises: 'premises', 'service-points': 'servicePoint', meters: 'meter', readings: 'reading', bills: 'bill',
    'service-requests': 'serviceRequest', 'request-attachments': 'attachment', invoices: 'invoice' } as const)[m?.[1] ?? ''] as keyof Objects | undefined
}
/** Routes that find their object in the body: how to name it there. A route declaring account access without a path object must be listed. */
const BODY_OBJECT: Record<string, (o: Objects) => unknown> = {
  submitReadingGrantReadings: (o) => ({ readings: [{ meterId: o.meter, readAt: '2026-11-22', index: '7' }] }),
  submitReading: (o) => ({ meterId: o.meter, readAt: '2026-11-21', index: '6', source: 'portal' }),
  createServiceRequest: (o) => ({ accountId: o.account, type: 'contact', caseType: 'other', subject: 'x', message: 'y', contactBack: false }),
}
/** Values for required query fields, so validation never hides the answer being tested. */
const QUERY_VALUES: Record<string, string> = { from: '2026-01-01', to: '2026-12-01', period: '2026-09-01', documentType: 'other' }
function queryFor(def: RouteDef): string {
  if (!def.query) return ''
  const js = z.toJSONSchema(def.query, { io: 'input', unrepresentable: 'any' }) as { required?: string[] }
  const req = js.required ?? []
  for (const f of req) if (!(f in QUERY_VALUES)) throw new Error(`${def.operationId}: add a value for the required query field ${f}`)
  return req.length ? `?${req.map((f) => `${f}=${QUERY_VALUES[f]}`).join('&')}` : ''
}

const started = Date.now()
let requests = 0
const leaks: string[] = []
const answers = new Map<string, string>()
const wrong: string[] = []

for (const def of restRoutes) {
  if (def.public) continue // no credential by design; covered in customer-auth.test.ts
  const access = customerAccessOf(def)
  const params = [...def.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!)
  const kinds = params.map((p) => objectOfParam(def.url, p))
  const objectScoped = kinds.some((k) => k !== undefined) || !!BODY_OBJECT[def.operationId]
  if (access === 'account' && !objectScoped) throw new Error(`${def.operationId}: declares account access but the matrix cannot name its object; add it to BODY_OBJECT`)
  const readOnly = def.method === 'GET'

  t.test(`${def.method} ${def.url}`, async () => {
    for (const p of principals) {
      for (const objs of objectScoped ? objectSets : [{ name: 'no object', ids: nonexistent, tenant: 'none' as const }]) {
        // Writes with a key run only on objects outside the tenant (nothing changes); customers' writes are their own flows' tests.
        if (!readOnly && p.key && objs.tenant === 'home') continue
        if (!readOnly && access === 'self' && isCustomer(p)) continue
        // A reading grant is refused (403) before any object is looked up: its own account's objects, the likeliest leak, are asked.
        if (p.grant && !def.readingGrant && objectScoped && objs.name !== 'own') continue
        const url = def.url.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
          const k = objectOfParam(def.url, name)
          return k ? objs.ids[k] : NONE
        }) + queryFor(def)
        const body = BODY_OBJECT[def.operationId]?.(objs.ids)
        const r = await app.inject({ method: def.method, url, headers: { ...p.header, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) })
        requests++
        const at = `${def.method} ${def.url} as ${p.name} on ${objs.name}: ${r.statusCode} ${r.statusCode >= 400 ? r.json().code : ''}`
        if (r.statusCode >= 500) { wrong.push(`${at} (5xx)`); continue }
        const ok = r.statusCode < 300
        // The object belongs to the principal's reach: a key of its tenant, or a customer holding its account.
        const reach = objs.tenant === 'none' ? false : p.key ? objs.tenant === p.tenant : p.customer ? objs.ids === p.customer
          : p.grant ? objs.ids === p.grant && !!def.readingGrant : false
        if (ok && objectScoped && !reach) leaks.push(at)

        if (objectScoped && !reach) answers.set(`${def.method} ${def.url}|${p.name}|${objs.name}`, `${r.statusCode} ${r.statusCode >= 400 ? r.json().code : ''}`)
        let expected: number | 'allowed' | 'refused'
        // The operator's routes: the operator only; a tenant's valid key, token or grant is refused (403), no valid credential 401.
        if (def.operator) expected = p.operator ? 'allowed' : p.tenant === 'none' ? 401 : 403
        // The operator on a tenant's route: 403, whatever the object.
        else if (p.operator) expected = 403
        else if (p.tenant === 'none') expected = 401
        // A reading grant reaches its own routes only (issue 10 §6); keys and customers never reach those.
        else if (p.grant) expected = !def.readingGrant ? 403 : objectScoped && !reach ? 404 : 'allowed'
        else if (def.readingGrant) expected = 403
        // A key outside its tenant: refused like a nonexistent object (compared below); the use-case picks 404 or 422 (unknown_meter).
        else if (p.key) expected = access === 'self' || !hasAnyScope({ kind: 'api_key', tenantId: '', keyId: '', scopes: [p.key] }, def.scopes) ? 403
          : objectScoped && !reach ? 'refused' : 'allowed'
        else if (access === 'none') expected = 403
        // A customer holding the account with too weak a role (a view delegate submitting readings): 403, as register-routes.ts admit() answers.
        else if (access === 'account') expected = !reach ? 404 : roleCovers(p.role!, (def.customer as { role?: 'view' }).role ?? 'view') ? 'allowed' : 403
        else expected = 'allowed'
        // A key's write without a body may stop at validation before the object is looked up; that is no leak.
        const fine = expected === 'allowed' ? ![401, 403].includes(r.statusCode) && (r.statusCode !== 404 || !objectScoped || !!p.key && objs.tenant === 'none')
          : expected === 'refused' ? r.statusCode >= 400 && ![401, 403].includes(r.statusCode)
          : r.statusCode === expected
        if (!fine) wrong.push(`${at}, expected ${expected}`)
        // A grant lists its own account's meters only.
        if (ok && def.readingGrant && p.grant && readOnly) {
          const items = (r.json().items ?? []) as { id: string }[]
          if (items.length === 0 || items.some((i) => i.id !== p.grant!.meter)) leaks.push(`${at}: a meter of another account`)
        }
        // A customer's list holds only its own accounts' objects.
        // An item names its account (accountId) or its accounts (accounts[].id: a delegation); one who holds nothing lists nothing.
        if (ok && access === 'list' && isCustomer(p)) {
          const items = (r.json().items ?? []) as { accountId?: string; accounts?: { id: string }[] }[]
          const named = items.flatMap((i) => i.accountId !== undefined ? [i.accountId] : i.accounts?.map((a) => a.id) ?? [undefined])
          if (named.some((a) => a !== p.customer?.account)) leaks.push(`${at}: a list item of another account`)
        }
      }
    }
  })
}

t.test('another\'s object answers exactly as a nonexistent one', async (t) => {
  t.same(answersThatDiffer(answers, principals), [])
})

t.test('0 leaks, every status as declared, bounded', async (t) => {
  t.same(leaks, [], 'no 2xx on an object out of reach')
  t.same(wrong, [], 'every answer as the declaration implies')
  // The bound grew with the cast: 14 principals since issue 10 §5 added five delegates (was 9 for 60 s).
  t.ok(Date.now() - started < 90_000, `${requests} requests in ${Date.now() - started} ms`)
  t.ok(requests > 1000)
})
