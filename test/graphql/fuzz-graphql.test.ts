// Issue §5/§7 kept for GraphQL: every argument of every Query and Mutation
// field (and every field of an input-object argument) gets hostile variable
// values (fast-check, fixed seed). No answer is a 5xx; every error has an
// extensions.code and none is internal_error; a value every field must
// refuse is an error and changes no row.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { buildSchema, getNamedType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, type GraphQLField, type GraphQLInputType } from 'graphql'
import { GRAPHQL_SDL_PATH } from '../../src/contract-files.ts'
import { bearer, testApp } from '../helpers/app.ts'
import { fingerprint, hostileValues, refusedValues } from '../http/fuzz-values.ts'

const { app, db, tenant } = await testApp(t)
const schema = buildSchema(readFileSync(GRAPHQL_SDL_PATH, 'utf8'))

/** The document calling one field with each argument bound to a variable of its declared type. */
function documentFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ')
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ')
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }'
  return `${kind}(${vars}) { ${field.name}(${args})${selection} }`
}

const SCALARS: Record<string, unknown> = { ID: '00000000-0000-4000-8000-000000000000', String: 'x', Int: 1, Float: 1, Boolean: true,
  Decimal: '1', Date: '2026-01-01', DateTime: '2026-01-01T00:00:00Z', JSON: {} }

/** A well-typed value (required fields filled), so the one hostile part is what gets past GraphQL's coercion to the server. */
function plausible(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return plausible(type.ofType, depth)
  if (isListType(type)) return depth > 3 ? [] : [plausible(type.ofType, depth + 1)]
  if (isEnumType(type)) return type.getValues()[0]!.value
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type) || depth === 0)
      .map((f) => [f.name, plausible(f.type, depth + 1)]))
  }
  return SCALARS[type.name] ?? 'x'
}

async function run(query: string, variables: Record<string, unknown>) {
  const r = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.admin), payload: { query, variables } })
  return { status: r.statusCode, body: r.json() as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } }
}

const started = Date.now()
let requests = 0
for (const [kind, root] of [['query', schema.getQueryType()!], ['mutation', schema.getMutationType()!]] as const) {
  for (const [i, field] of Object.values(root.getFields()).entries()) {
    if (field.args.length === 0) continue
    t.test(`${kind} ${field.name}`, async (t) => {
      const query = documentFor(kind, field)
      const problems: string[] = []
      const check = async (label: string, variables: Record<string, unknown>, mustRefuse: boolean) => {
        requests++
        const r = await run(query, variables)
        if (r.status >= 500) problems.push(`${label}: HTTP ${r.status}`)
        for (const e of r.body.errors ?? []) {
          if (typeof e.extensions?.code !== 'string') problems.push(`${label}: no extensions.code (${e.message.slice(0, 80)})`)
          else if (e.extensions.code === 'internal_error') problems.push(`${label}: internal_error`)
          if (/call stack|TypeError|Cannot read/i.test(e.message)) problems.push(`${label}: raw JS error text: ${e.message.slice(0, 80)}`)
        }
        if (mustRefuse && !r.body.errors?.length) problems.push(`${label}: accepted`)
      }
      // One hostile part at a time: an argument, or one field of an input-object argument.
      const targets: { label: string; with: (v: unknown) => Record<string, unknown> }[] = []
      const base = Object.fromEntries(field.args.map((a) => [a.name, plausible(a.type)]))
      for (const arg of field.args) {
        targets.push({ label: arg.name, with: (v) => ({ ...base, [arg.name]: v }) })
        const input = getNamedType(arg.type)
        if (isInputObjectType(input)) {
          const whole = (base[arg.name] ?? {}) as Record<string, unknown>
          for (const f of Object.keys(input.getFields())) targets.push({ label: `${arg.name}.${f}`, with: (v) => ({ ...base, [arg.name]: { ...whole, [f]: v } }) })
        }
      }
      const before = await fingerprint(db)
      for (const [k, target] of targets.entries()) {
        for (const v of refusedValues(5000 + i * 100 + k)) await check(`${target.label}=${JSON.stringify(v).slice(0, 30)}`, target.with(v), true)
      }
      t.same(await fingerprint(db), before, 'refused variables changed no row')
      for (const [k, target] of targets.entries()) {
        for (const v of hostileValues(7000 + i * 100 + k)) await check(`${target.label}=${JSON.stringify(v)?.slice(0, 30)}`, target.with(v), false)
      }
      t.same(problems, [], 'no 5xx; every error has a code; nothing internal')
    })
  }
}
t.test('bounded', async (t) => { t.ok(Date.now() - started < 60_000, `${requests} requests in ${Date.now() - started} ms`) })
