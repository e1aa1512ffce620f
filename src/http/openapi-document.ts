// Builds the OpenAPI 3.1 document from the route declarations. Run by
// `npm run openapi` to write openapi.yaml; a test fails when the committed
// file differs from what this produces (the server serves the file).
import { z } from 'zod'
import { customerAccessOf, openApiPath, type RouteDef } from './route.ts'
import { restRoutes } from './rest/index.ts'

type Json = Record<string, any>

const PROBLEM = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
  properties: {
    type: { type: 'string', format: 'uri', examples: ['https://aqualedger.dev/problems/validation-error'] },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'stable error code, the same as GraphQL extensions.code' },
    requestId: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string', examples: ['body.inn'] }, message: { type: 'string' } } } },
  },
}

const COMMON_ERRORS: Record<number, string> = {
  400: 'invalid input: malformed JSON, wrong types, bad dates or numbers (field paths in `errors`)',
  401: 'no valid API key or customer access token (or wrong sign-in credentials)',
  403: 'the API key lacks the scope, or the operation is closed to customer tokens',
  404: 'not found (also for another tenant\'s objects, and another customer\'s)',
  409: 'conflicts with the current state (e.g. a duplicate number)',
  410: 'gone: the events up to this cursor were pruned after the retention period (cursor_expired)',
  413: 'the body is too large',
  415: 'unsupported content type',
  422: 'well-formed but not acceptable (unknown reference, Idempotency-Key reused with another body, a rule broken)',
  429: 'too many failed attempts: try again later',
}

class Components {
  schemas: Json = {}
  /** JSON Schema for a zod schema; named parts ($defs) move to components. */
  toSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
    const js = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json
    const defs = js.$defs ?? {}
    delete js.$defs
    delete js.$schema
    const fix = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(fix)
      if (!node || typeof node !== 'object') return node
      const out: Json = {}
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string') out[k] = v.replace('#/$defs/', '#/components/schemas/')
        else if (k === 'example') out.examples = [v]
        else out[k] = fix(v)
      }
      return out
    }
    for (const [name, def] of Object.entries(defs)) this.schemas[name] ??= fix(def)
    return fix(js) as Json
  }
}

function parameters(c: Components, def: RouteDef): Json[] {
  const out: Json[] = []
  const add = (schema: z.ZodType | undefined, where: 'path' | 'query') => {
    if (!schema) return
    const js = c.toSchema(schema, 'input')
    const required = new Set<string>(js.required ?? [])
    for (const [name, s] of Object.entries<Json>(js.properties ?? {})) {
      const { description, ...rest } = s
      out.push({ name, in: where, required: where === 'path' || required.has(name), schema: rest, ...(description ? { description } : {}) })
    }
  }
  add(def.params, 'path')
  add(def.query, 'query')
  if (def.idempotent) {
    out.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 255 },
      description: 'retry-safe writes: the same key and body replay the stored answer; the same key with another body is refused (422)' })
  }
  return out
}

/** `example`, or named `examples` (OpenAPI allows one of the two). */
function exampleOf(def: RouteDef, part: 'request' | 'response'): Json {
  const named = def.examples?.named
  if (named) return { examples: Object.fromEntries(Object.entries(named).map(([k, e]) => [k, { summary: e.summary, value: e[part] }])) }
  return def.examples?.[part] ? { example: def.examples[part] } : {}
}

function operation(c: Components, def: RouteDef): Json {
  const op: Json = {
    operationId: def.operationId,
    summary: def.summary,
    ...(def.description ? { description: def.description } : {}),
    tags: def.tags,
    ...(def.public ? { security: [] } : def.readingGrant ? { 'x-reading-grant': true, 'x-scopes': [], 'x-customer-access': 'none' }
      : def.operator ? { 'x-operator': true, 'x-scopes': [], 'x-customer-access': 'none' } : { 'x-scopes': def.scopes, 'x-customer-access': customerAccessOf(def) }),
    parameters: parameters(c, def),
  }
  if (op.parameters.length === 0) delete op.parameters
  if (def.body || def.rawBody) {
    const content: Json = {}
    if (def.body) content['application/json'] = { schema: c.toSchema(def.body, 'input'), ...exampleOf(def, 'request') }
    for (const type of def.rawBody?.contentTypes ?? []) content[type] ??= { schema: { type: 'string', description: def.rawBody!.description } }
    op.requestBody = { required: true, content }
  }
  const errorStatuses = [...new Set([400, 401, 403, ...(def.errors ?? []), ...(def.body ? [413, 415] : [])])].sort()
  op.responses = {
    [def.response.status]: {
      description: def.response.description,
      content: def.response.media
        ? Object.fromEntries(def.response.media.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]))
        : { 'application/json': { schema: c.toSchema(def.response.schema, 'output'), ...exampleOf(def, 'response') } },
    },
    ...Object.fromEntries(errorStatuses.map((s) => [s, { $ref: `#/components/responses/E${s}` }])),
  }
  return op
}

export function buildOpenApiDocument(routes: RouteDef[] = restRoutes): Json {
  const c = new Components()
  const paths: Json = {
    '/health/live': { get: { operationId: 'live', summary: 'The process is up', tags: ['Health'], security: [], responses: { 200: { description: 'up' } } } },
    '/health/ready': { get: { operationId: 'ready', summary: 'The database is reachable', tags: ['Health'], security: [],
      responses: { 200: { description: 'ready' }, 503: { description: 'not ready', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } } } } },
  }
  for (const def of routes) {
    const p = openApiPath(def.url)
    paths[p] ??= {}
    paths[p][def.method.toLowerCase()] = operation(c, def)
  }
  const responses = Object.fromEntries(Object.entries(COMMON_ERRORS).map(([s, d]) => [`E${s}`, {
    description: d, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  }]))
  return {
    openapi: '3.1.0',
    info: {
      title: 'Aqualedger API',
      version: '0.1.0',
      summary: 'Headless billing for water utilities: meters, readings, acts, settlement and bills.',
      description: 'Authenticate with `Authorization: Bearer <API key>` or a customer access token. Every object belongs to the key\'s tenant; other tenants\' objects answer 404. ' +
        'A customer token reaches only operations whose `x-customer-access` is not `none`, and only its own accounts\' objects (others answer 404). ' +
        'Decimals (volumes, money, indexes) travel as strings. Errors are RFC 9457 `application/problem+json` with a stable `code`. ' +
        'POST accepts `Idempotency-Key`. GraphQL at `/graphql` (schema at `/schema.graphql`) offers the same use-cases.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    // Relative: the docs UI's "Try it out" targets the server it is served from.
    servers: [{ url: '/', description: 'the server serving this document' }],
    security: [{ apiKey: [] }],
    tags: [...new Set(routes.flatMap((r) => r.tags))].map((name) => ({ name, description: `${name} operations` })).concat([{ name: 'Health', description: 'liveness and readiness' }]),
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'a tenant API key (aql_<tenant>_<key>_<secret>), or a customer access token (a JWT from …/customer-auth/sign-in, keys at /.well-known/jwks.json)' } },
      schemas: { Problem: PROBLEM, ...Object.fromEntries(Object.entries(c.schemas).sort(([a], [b]) => a.localeCompare(b))) },
      responses,
    },
  }
}
