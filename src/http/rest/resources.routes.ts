// List, read, create and update for every plain record, from its spec.
import { accountOfMeter, accountOfServicePoint, accountsAtPremises } from '../../app/customer-auth/account-of.ts'
import { idParams, pageOf, pageQuery } from '../../app/schemas.ts'
import { createResource, getResource, listResources, updateResource, type ResourceSpec } from '../../app/resources/resource.ts'
import { RESOURCE_SPECS } from '../../app/resources/index.ts'
import { route, type AccessContext, type RouteDef } from '../route.ts'
import { READ_SCOPES, WRITE_SCOPES } from '../../app/auth/principal.ts'

export { READ_SCOPES, WRITE_SCOPES }

/**
 * Issue 10 §4: the records a customer reads when they hang from its accounts
 * (premises, service points, meters); the rest (customers, acts, meter events) stay closed.
 */
const CUSTOMER_READABLE: Record<string, (ctx: AccessContext<{ id: string }, unknown, unknown>) => Promise<string | readonly string[] | undefined> | string> = {
  accounts: ({ params }) => params.id,
  premises: ({ db, tenantId, params }) => accountsAtPremises(db, tenantId, params.id),
  'service-points': ({ db, tenantId, params }) => accountOfServicePoint(db, tenantId, params.id),
  meters: ({ db, tenantId, params }) => accountOfMeter(db, tenantId, { id: params.id }),
}

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1)

function routesFor(spec: ResourceSpec): RouteDef[] {
  const base = `/v1/${spec.path}`
  const tag = cap(spec.path.replaceAll('-', ' '))
  const Name = cap(spec.name)
  const list = route({
    method: 'GET', url: base, operationId: `list${spec.path.split("-").map(cap).join("")}`, summary: `List ${spec.path.replaceAll('-', ' ')}`, tags: [tag],
    scopes: READ_SCOPES, query: pageQuery.extend(spec.filters.shape),
    response: { status: 200, schema: pageOf(spec.dto), description: 'a page; pass nextCursor as cursor for the next' },
    handler: ({ db, principal, query }) => listResources(db, spec, principal.tenantId, query as any),
  })
  const get = route({
    method: 'GET', url: `${base}/:id`, operationId: `get${Name}`, summary: `Read one ${spec.name}`, tags: [tag],
    ...(CUSTOMER_READABLE[spec.path] ? { customer: { account: CUSTOMER_READABLE[spec.path]! } } : {}),
    scopes: READ_SCOPES, params: idParams, response: { status: 200, schema: spec.dto, description: spec.name }, errors: [404],
    handler: ({ db, principal, params }) => getResource(db, spec, principal.tenantId, params.id),
  })
  const create = route({
    method: 'POST', url: base, operationId: `create${Name}`, summary: `Create a ${spec.name}`, tags: [tag],
    scopes: WRITE_SCOPES, body: spec.create, idempotent: true, errors: [409, 422],
    response: { status: 201, schema: spec.dto, description: `the created ${spec.name}` },
    handler: ({ db, principal, body }) => createResource(db, spec, principal.tenantId, body),
  })
  const routes: RouteDef[] = [list, get, create]
  if (spec.updatable !== false) {
    routes.push(route({
      method: 'PATCH', url: `${base}/:id`, operationId: `update${Name}`, summary: `Change a ${spec.name}`, tags: [tag],
      scopes: WRITE_SCOPES, params: idParams, body: spec.update, errors: [404, 409, 422],
      response: { status: 200, schema: spec.dto, description: `the changed ${spec.name}` },
      handler: ({ db, principal, params, body }) => updateResource(db, spec, principal.tenantId, params.id, body),
    }))
  }
  return routes
}

export const resourceRoutes: RouteDef[] = RESOURCE_SPECS.flatMap(routesFor)
