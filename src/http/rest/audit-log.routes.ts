// The tenant's audit log (issue 10 §7): admin keys only.
import { pageOf } from '../../app/schemas.ts'
import { AUDIT_ACTIONS, auditEntryDto, auditLogQuery, listAuditLog } from '../../app/audit/audit-log.ts'
import { route } from '../route.ts'

export const auditLogRoutes = [
  route({ method: 'GET', url: '/v1/audit-log', operationId: 'listAuditLog', summary: 'The audit log: sign-ins, failed attempts, links, settings changes …, newest first', tags: ['Tenant'],
    description: `Entries are written in the transaction of the change they record. Actions written today: ${AUDIT_ACTIONS.join(', ')}; `
      + 'delegations and grants add theirs. Filters combine; pages follow nextCursor.',
    scopes: ['admin'], query: auditLogQuery,
    response: { status: 200, schema: pageOf(auditEntryDto), description: 'a page, newest first' },
    handler: ({ db, principal, query }) => listAuditLog(db, principal.tenantId, query) }),
]
