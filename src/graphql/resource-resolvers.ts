// Query and Mutation fields for the plain records, from the same specs as
// the REST routes; nested lists go through loaders (one query per level).
import { z } from 'zod'
import type { ResourceSpec } from '../app/resources/resource.ts'
import { createResource, getResource, listResources, updateResource } from '../app/resources/resource.ts'
import { RESOURCE_SPECS, accounts, customers, meterEvents, meters, premises, servicePoints } from '../app/resources/index.ts'
import { getTenant } from '../app/tenants/tenants.ts'
import { pageQuery } from '../app/schemas.ts'
import { READ_SCOPES, WRITE_SCOPES } from '../app/auth/principal.ts'
import { guard, type GqlContext } from './context.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'



/** GraphQL booleans and nulls → the string/undefined forms the REST filters parse. */
function restLike(filter: Record<string, unknown> | null | undefined) {
  return Object.fromEntries(Object.entries(filter ?? {}).filter(([, v]) => v != null).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v]))
}

export function fieldNames(spec: ResourceSpec) {
  return {
    one: spec.name,
    many: spec.name === 'premises' ? 'premisesList' : `${spec.name}s`,
    create: `create${spec.typeName}`,
    update: `update${spec.typeName}`,
  }
}

export function resourceResolvers() {
  const Query: Record<string, Resolver> = {
    tenant: (_r, _a, ctx) => guard(ctx, READ_SCOPES, (p) => getTenant(ctx.db, p.tenantId)),
  }
  const Mutation: Record<string, Resolver> = {}
  for (const spec of RESOURCE_SPECS) {
    const n = fieldNames(spec)
    Query[n.one] = (_r, a, ctx) => guard(ctx, READ_SCOPES, (p) =>
      getResource(ctx.db, spec, p.tenantId, parse(z.uuid(), a.id, 'id')).catch((e) => (e.code === 'not_found' ? null : Promise.reject(e))))
    Query[n.many] = (_r, a, ctx) => guard(ctx, READ_SCOPES, (p) => {
      const f = parse(pageQuery.extend(spec.filters.shape), { ...restLike(a.filter), limit: a.limit ?? 50, cursor: a.cursor ?? undefined }, 'filter')
      return listResources(ctx.db, spec, p.tenantId, f as any)
    })
    Mutation[n.create] = (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) =>
      createResource(ctx.db, spec, p.tenantId, parse(spec.create, withoutNulls(a.input), 'input')))
    if (spec.updatable !== false) {
      Mutation[n.update] = (_r, a, ctx) => guard(ctx, WRITE_SCOPES, (p) =>
        updateResource(ctx.db, spec, p.tenantId, parse(z.uuid(), a.id, 'id'), parse(spec.update, a.input, 'input')))
    }
  }
  return { Query, Mutation }
}

/** Children of many parents in one query: rows where fk in (parent ids). */
function childrenLoader(spec: ResourceSpec, fk: string) {
  return async (queries: { obj: { id: string } }[], ctx: GqlContext) => guard(ctx, READ_SCOPES, async (p) => {
    const ids = [...new Set(queries.map((q) => q.obj.id))]
    const rows = await (ctx.db as any).selectFrom(spec.table).selectAll().where('tenantId', '=', p.tenantId)
      .where(fk, 'in', ids).orderBy(spec.idColumn).execute()
    const byParent = new Map<string, unknown[]>()
    for (const r of rows) byParent.set(r[fk], [...(byParent.get(r[fk]) ?? []), spec.toDto(r)])
    return queries.map((q) => byParent.get(q.obj.id) ?? [])
  })
}

/** The parent of many children in one query. */
function parentLoader(spec: ResourceSpec, fkField: string) {
  return async (queries: { obj: Record<string, string> }[], ctx: GqlContext) => guard(ctx, READ_SCOPES, async (p) => {
    const ids = [...new Set(queries.map((q) => q.obj[fkField]!))]
    const rows = await (ctx.db as any).selectFrom(spec.table).selectAll().where('tenantId', '=', p.tenantId)
      .where(spec.idColumn, 'in', ids).execute()
    const byId = new Map(rows.map((r: any) => [r[spec.idColumn], spec.toDto(r)]))
    return queries.map((q) => byId.get(q.obj[fkField]!) ?? null)
  })
}

export function resourceLoaders() {
  return {
    Customer: { accounts: childrenLoader(accounts, 'customerId'), premises: childrenLoader(premises, 'customerId') },
    Account: { customer: parentLoader(customers, 'customerId'), servicePoints: childrenLoader(servicePoints, 'accountId') },
    ServicePoint: { account: parentLoader(accounts, 'accountId'), meters: childrenLoader(meters, 'servicePointId') },
    Meter: { servicePoint: parentLoader(servicePoints, 'servicePointId'), events: childrenLoader(meterEvents, 'meterId') },
  }
}
