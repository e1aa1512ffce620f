// One account with everything that hangs from it, made through the API as an
// admin would: the objects the authorization matrices ask about.
import type { FastifyInstance } from 'fastify'
import type { Db } from '../../src/db/database.ts'
import { bearer, type TestTenant } from './app.ts'
import { insertBill, monthBill } from '../http/ledger-fixtures.ts'

export type Objects = Record<'account' | 'premises' | 'servicePoint' | 'meter' | 'reading' | 'bill', string>
export const NONE = '00000000-0000-4000-8000-000000000000'
export const nonexistent: Objects = { account: NONE, premises: NONE, servicePoint: NONE, meter: NONE, reading: '999999999', bill: NONE }

let seq = 0
export async function estate(app: FastifyInstance, db: Db, tt: TestTenant, surname: string, prefix = 'MX'): Promise<Objects & { number: string }> {
  const h = bearer(tt.keys.admin)
  const post = async (url: string, payload: unknown) => {
    const r = await app.inject({ method: 'POST', url, headers: h, payload: payload as object })
    if (r.statusCode !== 201) throw new Error(`${url}: ${r.body}`)
    return r.json().id ?? r.json().reading.id
  }
  const n = ++seq
  const customer = await post('/v1/customers', { kind: 'person', name: surname, surname })
  const premises = await post('/v1/premises', { customerId: customer, kind: 'flat', address: `Street ${n}` })
  const number = `${prefix}-${n}`
  const account = await post('/v1/accounts', { customerId: customer, premisesId: premises, kind: 'residential', number, ownerSurname: surname, openedOn: '2024-01-01' })
  const servicePoint = await post('/v1/service-points', { accountId: account, resource: 'cold_water' })
  const meter = await post('/v1/meters', { servicePointId: servicePoint, serial: `${prefix}S-${n}`, digits: 5, decimals: 3 })
  const reading = String(await post('/v1/readings', { meterId: meter, readAt: '2026-11-01', index: '5', source: 'accounting' }))
  const bill = await insertBill(db, tt.id, account, monthBill(`${prefix}B-${n}`, '2026-09', '10.00'))
  return { account, premises, servicePoint, meter, reading, bill, number }
}
