// Sub-resources of a service point: residents over time, downstream links.
import { z } from 'zod'
import { addDownstream, linkInput, listDownstream, removeDownstream } from '../../app/service-points/links.ts'
import { listResidents, residentsDto, residentsInput, setResidents } from '../../app/service-points/residents.ts'
import { idParams, uuid } from '../../app/schemas.ts'
import { route } from '../route.ts'
import { READ_SCOPES, WRITE_SCOPES } from '../../app/auth/principal.ts'

const residentsList = z.object({ items: z.array(residentsDto) })
const linksList = z.object({ items: z.array(uuid) })
const tags = ['Service points']

export const servicePointRoutes = [
  route({ method: 'GET', url: '/v1/service-points/:id/residents', operationId: 'listResidents', summary: 'Residents registered over time', tags,
    scopes: READ_SCOPES, params: idParams, errors: [404], response: { status: 200, schema: residentsList, description: 'in date order' },
    handler: ({ db, principal, params }) => listResidents(db, principal.tenantId, params.id) }),
  route({ method: 'POST', url: '/v1/service-points/:id/residents', operationId: 'setResidents', summary: 'Set the residents count from a date', tags,
    scopes: WRITE_SCOPES, params: idParams, body: residentsInput, idempotent: true, errors: [404],
    response: { status: 200, schema: residentsList, description: 'the whole history after the change' },
    handler: ({ db, principal, params, body }) => setResidents(db, principal.tenantId, params.id, body) }),
  route({ method: 'GET', url: '/v1/service-points/:id/downstream', operationId: 'listDownstream', summary: 'Downstream points of a transit organization', tags,
    scopes: READ_SCOPES, params: idParams, errors: [404], response: { status: 200, schema: linksList, description: 'downstream service point ids' },
    handler: ({ db, principal, params }) => listDownstream(db, principal.tenantId, params.id) }),
  route({ method: 'POST', url: '/v1/service-points/:id/downstream', operationId: 'addDownstream', summary: 'Link a downstream point (cycles are refused)', tags,
    scopes: WRITE_SCOPES, params: idParams, body: linkInput, idempotent: true, errors: [404, 422],
    response: { status: 200, schema: linksList, description: 'downstream service point ids' },
    handler: ({ db, principal, params, body }) => addDownstream(db, principal.tenantId, params.id, body.downstreamId) }),
  route({ method: 'DELETE', url: '/v1/service-points/:id/downstream/:downstreamId', operationId: 'removeDownstream', summary: 'Unlink a downstream point', tags,
    scopes: WRITE_SCOPES, params: z.object({ id: uuid, downstreamId: uuid }), errors: [404],
    response: { status: 200, schema: linksList, description: 'downstream service point ids' },
    handler: ({ db, principal, params }) => removeDownstream(db, principal.tenantId, params.id, params.downstreamId) }),
]
