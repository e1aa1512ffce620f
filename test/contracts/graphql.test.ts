import t from 'tap'
import { readFileSync } from 'node:fs'
import { GRAPHQL_SDL_PATH } from '../../src/contract-files.ts'
import { bearer, testApp } from '../helpers/app.ts'

const { app, tenant } = await testApp(t)
const sdl = readFileSync(GRAPHQL_SDL_PATH, 'utf8')

t.test('the server serves the committed schema.graphql', async (t) => {
  const r = await app.inject({ method: 'GET', url: '/schema.graphql' })
  t.equal(r.body, sdl)
  const q = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.readonly), payload: { query: '{ __schema { queryType { name } } }' } })
  t.equal(q.json().data.__schema.queryType.name, 'Query')
  const gi = await app.inject({ method: 'GET', url: '/graphiql' })
  t.equal(gi.statusCode, 200, 'GraphiQL')
})

t.test('every Query and Mutation field has a resolver', async (t) => {
  const schema = app.graphql.schema
  for (const type of [schema.getQueryType()!, schema.getMutationType()!]) {
    for (const [name, field] of Object.entries(type.getFields())) {
      t.type(field.resolve, 'function', `${type.name}.${name} has a resolver`)
    }
  }
})

t.test('errors carry extensions.code', async (t) => {
  const anon = await app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ tenant { name } }' } })
  t.equal(anon.json().errors[0].extensions.code, 'unauthorized')
  const ro = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.readonly),
    payload: { query: 'mutation { createCustomer(input: {kind: person, name: "A"}) { id } }' } })
  t.equal(ro.json().errors[0].extensions.code, 'forbidden')
  const bad = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(tenant.keys.accounting),
    payload: { query: 'mutation { createCustomer(input: {kind: organization, name: "A", inn: "1234567895"}) { id } }' } })
  t.equal(bad.json().errors[0].extensions.code, 'validation_error')
  t.match(bad.json().errors[0].extensions.errors, [{ path: 'input.inn' }])
})

t.test('GraphQL inputs name the same fields as the REST bodies (one use-case behind both)', async (t) => {
  const { RESOURCE_SPECS } = await import('../../src/app/resources/index.ts')
  const schema = app.graphql.schema
  for (const spec of RESOURCE_SPECS) {
    const input = schema.getType(`${spec.typeName}Input`) as any
    t.ok(input, `${spec.typeName}Input exists`)
    t.same(Object.keys(input.getFields()).sort(), Object.keys((spec.create as any).shape).sort(), `${spec.typeName}Input`)
    const type = schema.getType(spec.typeName) as any
    const dtoKeys = Object.keys((spec.dto as any).shape)
    t.same(dtoKeys.filter((k) => !(k in type.getFields())), [], `${spec.typeName} has every field of the REST ${spec.name}`)
    if (spec.updatable !== false) {
      const patch = schema.getType(`${spec.typeName}Patch`) as any
      t.same(Object.keys(patch.getFields()).sort(), Object.keys((spec.update as any).shape).sort(), `${spec.typeName}Patch`)
    }
  }
})
