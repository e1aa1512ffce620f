// Issue §5 kept: every REST route declaration, every declared field, hostile
// values (fast-check, fixed seed). No answer is a 5xx; every error is
// problem+json with a code; a value every field must refuse answers 4xx and
// changes no row.
import t from 'tap'
import { z } from 'zod'
import { restRoutes } from '../../src/http/rest/index.ts'
import type { RouteDef } from '../../src/http/route.ts'
import { bearer, testApp, TEST_OPERATOR_TOKEN } from '../helpers/app.ts'
import { registeredCustomer } from '../helpers/customers.ts'
import { estate } from '../helpers/estates.ts'
import { fingerprint, hostileQueryValues, hostileValues, nested, refusedQueryValues, refusedValues } from './fuzz-values.ts'

const { app, db, tenant } = await testApp(t)
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000'
const PROBLEM = 'application/problem+json'

// Each route is fuzzed with the credential it takes, so its input is parsed
// rather than refused at the door (issue 10 §2, §6, §7): the operator's
// routes with the operator token, the reading-grant routes with a grant, the
// customer's own (`self`) routes with a customer token, the rest with an admin key.
const customer = await registeredCustomer(app, tenant)
const held = await estate(app, db, tenant, 'Fuzzer', 'FZ')
const opened = await app.inject({ method: 'POST', url: `/v1/tenants/${tenant.id}/reading-grants`, payload: { accountNumber: held.number, surname: 'fuzzer' } })
if (opened.statusCode !== 201) throw new Error(opened.body)
const grantToken = opened.json().grantToken as string
const credentialOf = (def: RouteDef): Record<string, string> =>
  def.operator ? bearer(TEST_OPERATOR_TOKEN) : def.readingGrant ? bearer(grantToken)
    : def.customer && 'self' in def.customer ? bearer(customer.access) : bearer(tenant.keys.admin)

type Json = { properties?: Record<string, unknown>; items?: Json; type?: string }
const fieldsOf = (schema: z.ZodType | undefined): { names: string[]; array: boolean } => {
  if (!schema) return { names: [], array: false }
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json
  if (js.type === 'array') return { names: Object.keys(js.items?.properties ?? {}), array: true }
  return { names: Object.keys(js.properties ?? {}), array: false }
}

let n = 0
async function send(def: RouteDef, opts: { path?: string; query?: string; body?: string }) {
  const url = (opts.path ?? def.url.replace(/:[A-Za-z]+/g, NO_SUCH_ID)) + (opts.query ? `?${opts.query}` : '')
  const headers: Record<string, string> = { ...credentialOf(def) }
  if (opts.body !== undefined) headers['content-type'] = def.rawBody?.contentTypes[0] ?? 'application/json'
  if (def.method === 'POST') headers['idempotency-key'] = `fuzz-${++n}`
  return app.inject({ method: def.method, url, headers, ...(opts.body !== undefined ? { payload: opts.body } : {}) })
}

/** What is wrong with one answer, or undefined. */
function judge(r: Awaited<ReturnType<typeof send>>, mustRefuse: boolean): string | undefined {
  if (r.statusCode >= 500) return `${r.statusCode} ${r.body.slice(0, 200)}`
  if (mustRefuse && r.statusCode < 400) return `accepted with ${r.statusCode}`
  if (r.statusCode >= 400) {
    if (!String(r.headers['content-type']).startsWith(PROBLEM)) return `${r.statusCode} as ${r.headers['content-type']}`
    if (typeof r.json().code !== 'string') return `${r.statusCode} without a code`
  }
  return undefined
}

const examplesOf = (def: RouteDef): Record<string, unknown> => {
  const ex = def.examples?.request ?? Object.values(def.examples?.named ?? {})[0]?.request
  const one = Array.isArray(ex) ? ex[0] : ex
  return one && typeof one === 'object' ? one as Record<string, unknown> : {}
}

const started = Date.now()
for (const [i, def] of restRoutes.entries()) {
  t.test(`${def.method} ${def.url}`, async (t) => {
    const problems: string[] = []
    const check = (label: string, r: Awaited<ReturnType<typeof send>>, mustRefuse: boolean) => {
      const why = judge(r, mustRefuse)
      if (why) problems.push(`${label}: ${why}`)
    }
    const params = [...def.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!)
    const query = fieldsOf(def.query).names
    const body = def.rawBody ? { names: [], array: false } : fieldsOf(def.body)
    const base = examplesOf(def)
    const hasBody = def.method !== 'GET' && def.method !== 'DELETE'
    const bodyOf = (field: string, v: unknown) => {
      const row = { ...base, [field]: v }
      return JSON.stringify(body.array ? [row] : row)
    }

    // Values every field refuses: 4xx, and not one row changes.
    const before = await fingerprint(db)
    for (const p of params) {
      for (const v of refusedQueryValues) check(`param ${p}=${v}`, await send(def, { path: def.url.replace(/:[A-Za-z]+/g, (m) => (m === `:${p}` ? v : NO_SUCH_ID)) }), true)
    }
    for (const q of query) for (const v of refusedQueryValues) check(`query ${q}=${v}`, await send(def, { query: `${q}=${v}` }), true)
    if (hasBody && !def.rawBody) {
      for (const [k, f] of body.names.entries()) {
        for (const v of refusedValues(i * 100 + k)) check(`body.${f}=${JSON.stringify(v).slice(0, 40)}`, await send(def, { body: bodyOf(f, v) }), true)
      }
      check('null body', await send(def, { body: 'null' }), true)
      check('5,000-deep body', await send(def, { body: `${'['.repeat(5000)}${']'.repeat(5000)}` }), true)
      check('deep body', await send(def, { body: JSON.stringify(nested(60)) }), true)
    }
    t.same(await fingerprint(db), before, 'refused requests changed no row')

    // Values that may be valid somewhere: never a 5xx, errors as problems.
    for (const q of query) for (const v of hostileQueryValues) check(`query ${q}=${v.slice(0, 20)}`, await send(def, { query: `${q}=${v}` }), false)
    if (hasBody) {
      if (def.rawBody) {
        for (const raw of ['{"meterSerial":"a\\u0000"}\n', `${'['.repeat(3000)}\n`, '\u0000\n', '[{"index":1e400}]']) check(`raw ${JSON.stringify(raw).slice(0, 30)}`, await send(def, { body: raw }), false)
      }
      for (const [k, f] of body.names.entries()) {
        for (const v of hostileValues(i * 100 + k)) check(`body.${f}=${JSON.stringify(v)?.slice(0, 40)}`, await send(def, { body: bodyOf(f, v) }), false)
      }
      for (const whole of ['[]', '"text"', '123', '{}', '[[]]', 'true']) check(`body ${whole}`, await send(def, { body: whole }), false)
    }
    t.same(problems, [], 'no 5xx; errors are problem+json with a code')
  })
}
t.test('bounded', async (t) => { t.ok(Date.now() - started < 60_000, `${n} idempotent POSTs among the requests, ${Date.now() - started} ms`) })
