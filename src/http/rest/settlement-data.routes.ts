// Settlement data: tariff versions, consumption norms, increasing
// coefficients. Facts with effective dates: created and read, never edited.
import { z } from 'zod'
import { READ_SCOPES, WRITE_SCOPES } from '../../app/auth/principal.ts'
import { idParams, pageOf } from '../../app/schemas.ts'
import { createTariffVersion, getTariffVersion, listTariffVersions, tariffFilters, tariffVersionDto, tariffVersionInput } from '../../app/settlement-data/tariffs.ts'
import { createNorm, getNorm, listNorms, normDto, normFilters, normInput } from '../../app/settlement-data/norms.ts'
import { coefficientDto, coefficientFilters, coefficientInput, createCoefficient, listCoefficients } from '../../app/settlement-data/coefficients.ts'
import { route } from '../route.ts'

const tags = ['Settlement data']

const tariffExample = {
  service: 'cold_water', usageType: 'residential', validFrom: '2026-01-01', validTo: null,
  definition: { volume: { line: 'cold_water', price: { shape: 'flat', rate: '20.28' } } }, source: 'regional tariff committee order 12-T',
}

export const settlementDataRoutes = [
  route({ method: 'POST', url: '/v1/tariffs', operationId: 'createTariffVersion', summary: 'Add a tariff version (append-only)', tags,
    description: 'A version prices one service and usage type from validFrom to validTo. Versions are facts: never edited, and the versions of '
      + 'one service and usage type never overlap (409). A period crossing a change is split by days.',
    scopes: WRITE_SCOPES, body: tariffVersionInput, idempotent: true, errors: [409], examples: { request: tariffExample },
    response: { status: 201, schema: tariffVersionDto, description: 'the stored version' },
    handler: ({ db, principal, body }) => createTariffVersion(db, principal.tenantId, body) }),
  route({ method: 'GET', url: '/v1/tariffs', operationId: 'listTariffVersions', summary: 'List tariff versions', tags,
    scopes: READ_SCOPES, query: tariffFilters, response: { status: 200, schema: pageOf(tariffVersionDto), description: 'a page' },
    handler: ({ db, principal, query }) => listTariffVersions(db, principal.tenantId, query) }),
  route({ method: 'GET', url: '/v1/tariffs/:id', operationId: 'getTariffVersion', summary: 'Read a tariff version', tags,
    scopes: READ_SCOPES, params: idParams, errors: [404], response: { status: 200, schema: tariffVersionDto, description: 'the version' },
    handler: ({ db, principal, params }) => getTariffVersion(db, principal.tenantId, params.id) }),
  route({ method: 'POST', url: '/v1/norms', operationId: 'createNorm', summary: 'Add a consumption norm', tags,
    scopes: WRITE_SCOPES, body: normInput, idempotent: true,
    examples: { request: { resource: 'cold_water', kind: 'per_person', validFrom: '2026-01-01', validTo: null, value: '6.36', months: null } },
    response: { status: 201, schema: normDto, description: 'the stored norm' },
    handler: ({ db, principal, body }) => createNorm(db, principal.tenantId, body) }),
  route({ method: 'GET', url: '/v1/norms', operationId: 'listNorms', summary: 'List consumption norms', tags,
    scopes: READ_SCOPES, query: normFilters, response: { status: 200, schema: pageOf(normDto), description: 'a page' },
    handler: ({ db, principal, query }) => listNorms(db, principal.tenantId, query) }),
  route({ method: 'GET', url: '/v1/norms/:id', operationId: 'getNorm', summary: 'Read a consumption norm', tags,
    scopes: READ_SCOPES, params: idParams, errors: [404], response: { status: 200, schema: normDto, description: 'the norm' },
    handler: ({ db, principal, params }) => getNorm(db, principal.tenantId, params.id) }),
  route({ method: 'POST', url: '/v1/coefficients', operationId: 'createCoefficient', summary: 'Add an increasing coefficient K from a date', tags,
    scopes: WRITE_SCOPES, body: coefficientInput, idempotent: true, errors: [409],
    examples: { request: { resource: 'cold_water', validFrom: '2025-12-06', value: '3' } },
    response: { status: 201, schema: coefficientDto, description: 'the stored coefficient' },
    handler: ({ db, principal, body }) => createCoefficient(db, principal.tenantId, body) }),
  route({ method: 'GET', url: '/v1/coefficients', operationId: 'listCoefficients', summary: 'List increasing coefficients by resource and date', tags,
    scopes: READ_SCOPES, query: coefficientFilters, response: { status: 200, schema: z.object({ items: z.array(coefficientDto) }), description: 'all of them' },
    handler: ({ db, principal, query }) => listCoefficients(db, principal.tenantId, query) }),
]
