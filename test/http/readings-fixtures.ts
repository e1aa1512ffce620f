// Meters to read, created over the REST API.
import type { FastifyInstance } from 'fastify'
import { bearer, type TestTenant } from '../helpers/app.ts'

let seq = 0

export async function makeAccount(app: FastifyInstance, tenant: TestTenant): Promise<{ accountId: string; servicePointId: string }> {
  const h = bearer(tenant.keys.accounting)
  const post = async (url: string, payload: unknown) => {
    const r = await app.inject({ method: 'POST', url, headers: h, payload: payload as any })
    if (r.statusCode !== 201) throw new Error(`${url}: ${r.statusCode} ${r.body}`)
    return r.json()
  }
  const n = ++seq
  const c = await post('/v1/customers', { kind: 'person', name: `Reader ${n}`, surname: 'Test' })
  const a = await post('/v1/accounts', { customerId: c.id, kind: 'residential', ownerSurname: 'Test', number: `R-${n}-${Math.random().toString(36).slice(2, 8)}`, openedOn: '2024-01-01' })
  const sp = await post('/v1/service-points', { accountId: a.id, resource: 'cold_water' })
  return { accountId: a.id, servicePointId: sp.id }
}

export async function makeMeter(app: FastifyInstance, tenant: TestTenant, over: Record<string, unknown> = {}, servicePointId?: string) {
  const spId = servicePointId ?? (await makeAccount(app, tenant)).servicePointId
  const r = await app.inject({ method: 'POST', url: '/v1/meters', headers: bearer(tenant.keys.accounting),
    payload: { servicePointId: spId, serial: `M-${++seq}-${Math.random().toString(36).slice(2, 8)}`, digits: 5, decimals: 3, maxFlowM3h: '3', ...over } })
  if (r.statusCode !== 201) throw new Error(`meter: ${r.statusCode} ${r.body}`)
  return r.json() as { id: string; serial: string; servicePointId: string }
}

export async function meterEvent(app: FastifyInstance, tenant: TestTenant, meterId: string, kind: string, occurredOn: string, meterIndex?: string) {
  const r = await app.inject({ method: 'POST', url: '/v1/meter-events', headers: bearer(tenant.keys.accounting),
    payload: { meterId, kind, occurredOn, ...(meterIndex ? { meterIndex } : {}) } })
  if (r.statusCode !== 201) throw new Error(`event: ${r.statusCode} ${r.body}`)
}
