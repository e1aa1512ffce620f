// Issue 10 §4, the GraphQL half of the authorization matrix, generated from
// the schema: every Query and Mutation field × principal × object → the
// answer GRAPHQL_CUSTOMER_ACCESS and the key's scope imply. 0 leaks: no data
// on an object out of the principal's reach, and for a customer, another's
// object answers exactly as a nonexistent one.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { buildSchema, getNamedType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, type GraphQLField, type GraphQLInputType } from 'graphql'
import { GRAPHQL_SDL_PATH } from '../../src/contract-files.ts'
import { GRAPHQL_CUSTOMER_ACCESS, GRAPHQL_CUSTOMER_ROLE } from '../../src/graphql/customer-access.ts'
import { roleCovers, type Scope } from '../../src/app/auth/principal.ts'
import { testApp } from '../helpers/app.ts'
import { answersThatDiffer, isCustomer, matrixCast, NONE, nonexistent, type Objects } from '../helpers/estates.ts'

const { app, db, tenant, other } = await testApp(t)
const schema = buildSchema(readFileSync(GRAPHQL_SDL_PATH, 'utf8'))

const { principals, objectSets } = await matrixCast(app, db, { tenant, other }, 'GM')

/** Which object an ID argument names: accountId/meterId by name, `id` by the field (updateMeter, acceptReading, bill…). */
function objectOfArg(field: string, arg: string): keyof Objects | undefined {
  if (arg === 'accountId') return 'account'
  if (arg === 'meterId') return 'meter'
  if (arg === 'premisesId') return 'premises'
  if (arg !== 'id') return undefined
  const f = field.toLowerCase()
  if (f.includes('billrun') || f.includes('meterevent') || f.includes('webhook')) return undefined
  for (const [part, kind] of [['invoice', 'invoice'], ['servicerequest', 'serviceRequest'], ['servicepoint', 'servicePoint'], ['premises', 'premises'], ['meter', 'meter'], ['reading', 'reading'], ['bill', 'bill'], ['account', 'account']] as const) {
    if (f.includes(part)) return kind
  }
  return undefined
}

/** Mutations that name their object inside an input (like the REST matrix's BODY_OBJECT): the variables that name it. */
const INPUT_OBJECT: Record<string, (o: Objects) => Record<string, unknown>> = {
  submitReading: (o) => ({ input: { meterId: o.meter, readAt: '2026-11-21', index: '6', source: 'portal' } }),
}

const SCALARS: Record<string, unknown> = { ID: NONE, String: 'x', Int: 1, Float: 1, Boolean: false, Decimal: '1', Date: '2026-09-01', DateTime: '2026-11-01T00:00:00Z', JSON: {} }
/** A well-typed value, so GraphQL's own validation never hides the answer being tested. */
function plausible(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return plausible(type.ofType, depth)
  if (isListType(type)) return depth > 3 ? [] : [plausible(type.ofType, depth + 1)]
  if (isEnumType(type)) return type.getValues()[0]!.value
  if (isInputObjectType(type)) return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, plausible(f.type, depth + 1)]))
  return SCALARS[type.name] ?? 'x'
}
function documentFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const required = field.args.filter((a) => isNonNullType(a.type))
  const vars = required.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ')
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ')
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }'
  return `${kind}${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`
}

const started = Date.now()
let requests = 0
const leaks: string[] = []
const wrong: string[] = []
const answers = new Map<string, string>()

for (const [kind, root] of [['query', schema.getQueryType()!], ['mutation', schema.getMutationType()!]] as const) {
  for (const field of Object.values(root.getFields())) {
    const access = GRAPHQL_CUSTOMER_ACCESS[field.name]
    const required = field.args.filter((a) => isNonNullType(a.type))
    const objectScoped = required.some((a) => objectOfArg(field.name, a.name) !== undefined) || !!INPUT_OBJECT[field.name]
    const document = documentFor(kind, field)
    t.test(`${kind} ${field.name}`, async () => {
      for (const p of principals) {
        for (const objs of objectScoped ? objectSets : [{ name: 'no object', ids: nonexistent, tenant: 'none' as const }]) {
          // Keys write only on objects outside their tenant (nothing changes), and a readonly key (refused) where no object is named.
          if (kind === 'mutation' && p.key && (objectScoped ? objs.tenant === 'home' : p.key !== 'readonly')) continue
          // Customers' own mutations (inviteDelegate, acceptDelegation, link, unlink …) are their flows' tests, as on REST.
          if (kind === 'mutation' && access === 'self' && isCustomer(p)) continue
          // A reading grant is refused before any object is looked up: its own account's objects are asked.
          if (p.grant && objectScoped && objs.name !== 'own') continue
          const variables = INPUT_OBJECT[field.name]?.(objs.ids) ?? Object.fromEntries(required.map((a) => {
            const k = objectOfArg(field.name, a.name)
            return [a.name, k ? objs.ids[k] : plausible(a.type)]
          }))
          requests++
          const r = await app.inject({ method: 'POST', url: '/graphql', headers: p.header, payload: { query: document, variables } })
          const body = r.json() as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] }
          const code = body.errors?.[0]?.extensions?.code
          const value = body.data?.[field.name]
          const got = value !== null && value !== undefined
          const at = `${kind} ${field.name} as ${p.name} on ${objs.name}: ${r.statusCode} ${code ?? (got ? 'data' : 'null')}`
          if (r.statusCode >= 500 || code === 'internal_error') { wrong.push(`${at} (5xx)`); continue }
          const reach = objs.tenant === 'none' ? false : p.key ? objs.tenant === p.tenant : p.customer ? objs.ids === p.customer : false
          if (got && objectScoped && !reach) leaks.push(at)
          if (objectScoped && !reach) {
            answers.set(`${kind} ${field.name}|${p.name}|${objs.name}`, JSON.stringify({ status: r.statusCode, data: body.data ?? null,
              errors: body.errors?.map((e) => ({ message: e.message, code: e.extensions?.code })) }))
          }
          let fine: boolean
          // The platform operator (issue 10 §7) reaches no tenant's field.
          if (p.operator) fine = code === 'forbidden' && !got
          else if (p.tenant === 'none') fine = code === 'unauthorized'
          // a reading grant has no GraphQL operation (issue 10 §6)
          else if (p.grant) fine = code === 'forbidden' && !got
          else if (p.key) {
            fine = access === 'self' ? code === 'forbidden'
              : kind === 'mutation' && p.key === 'readonly' ? code === 'forbidden'
              : code !== 'unauthorized'
          } else if (!access) fine = code === 'forbidden'
          else if (access === 'self') fine = got && !code
          // out of reach: a query answers null, a mutation not_found (its result cannot be null); either the same as for a missing object
          // held with a weaker role than the operation needs: forbidden, as REST's admit() (issue 10 §5)
          else if (reach && GRAPHQL_CUSTOMER_ROLE[field.name] && !roleCovers(p.role ?? 'manage', GRAPHQL_CUSTOMER_ROLE[field.name]!)) fine = code === 'forbidden' && !got
          else fine = reach ? got && !code : !got && (!code || (kind === 'mutation' && code === 'not_found'))
          if (!fine) wrong.push(at)
        }
      }
    })
  }
}

t.test('another\'s object answers exactly as a nonexistent one', async (t) => {
  t.same(answersThatDiffer(answers, principals), [])
})

t.test('0 leaks, every answer as declared, bounded', async (t) => {
  t.same(leaks, [], 'no data on an object out of reach')
  t.same(wrong, [], 'every answer as GRAPHQL_CUSTOMER_ACCESS and the scopes imply')
  // The bound grew with the cast: 14 principals since issue 10 §5 added five delegates (was 9 for 30 s).
  t.ok(Date.now() - started < 45_000, `${requests} requests in ${Date.now() - started} ms`)
  t.ok(requests > 500)
})
