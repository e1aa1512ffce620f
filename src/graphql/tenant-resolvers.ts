// The tenant's own settings and audit log (issue 10 §7), as PATCH /v1/tenant
// and GET /v1/audit-log: the same use-cases, admin keys only.
import { updateTenant, updateTenantInput } from '../app/tenants/tenants.ts'
import { actorOf } from '../app/customer-auth/audit.ts'
import { auditLogQuery, listAuditLog } from '../app/audit/audit-log.ts'
import { guard } from './context.ts'
import { parse, withoutNulls, type Resolver } from './args.ts'

export function tenantResolvers() {
  const Query: Record<string, Resolver> = {
    auditLog: (_r, a, ctx) => guard(ctx, ['admin'], (p) =>
      listAuditLog(ctx.db, p.tenantId, parse(auditLogQuery, { ...withoutNulls(a.filter), limit: a.limit ?? 50, cursor: a.cursor ?? undefined }, 'filter'))),
  }
  const Mutation: Record<string, Resolver> = {
    updateTenant: (_r, a, ctx) => guard(ctx, ['admin'], (p) =>
      updateTenant(ctx.db, p.tenantId, parse(updateTenantInput, withoutNulls(a.input), 'input'), actorOf(p), ctx.clock)),
  }
  return { Query, Mutation }
}
