// Which account an object hangs from (issue 10 §4): a route open to customers
// names the account of the object it serves, and register-routes.ts admits a
// customer only when that account is one of theirs. Unknown objects resolve
// to nothing, which answers 404 exactly like another customer's object.
import type { Db } from '../../db/database.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function accountOfBill(db: Db, tenantId: string, billId: string): Promise<string | undefined> {
  if (!UUID.test(billId)) return undefined
  return (await db.selectFrom('bills').select('accountId').where('tenantId', '=', tenantId).where('billId', '=', billId).executeTakeFirst())?.accountId
}

export async function accountOfServicePoint(db: Db, tenantId: string, servicePointId: string): Promise<string | undefined> {
  if (!UUID.test(servicePointId)) return undefined
  return (await db.selectFrom('servicePoints').select('accountId').where('tenantId', '=', tenantId).where('servicePointId', '=', servicePointId).executeTakeFirst())?.accountId
}

export async function accountOfMeter(db: Db, tenantId: string, meter: { id?: string | undefined; serial?: string | undefined }): Promise<string | undefined> {
  if (meter.id !== undefined && !UUID.test(meter.id)) return undefined
  const q = db.selectFrom('meters as m').innerJoin('servicePoints as s', (j) => j.onRef('s.tenantId', '=', 'm.tenantId').onRef('s.servicePointId', '=', 'm.servicePointId'))
    .select('s.accountId').where('m.tenantId', '=', tenantId)
  if (meter.id !== undefined) return (await q.where('m.meterId', '=', meter.id).executeTakeFirst())?.accountId
  if (meter.serial !== undefined) return (await q.where('m.serial', '=', meter.serial).executeTakeFirst())?.accountId
  return undefined
}

export async function accountOfReading(db: Db, tenantId: string, readingId: string): Promise<string | undefined> {
  if (!/^\d{1,18}$/.test(readingId)) return undefined
  const r = await db.selectFrom('readings as r').innerJoin('meters as m', (j) => j.onRef('m.tenantId', '=', 'r.tenantId').onRef('m.meterId', '=', 'r.meterId'))
    .innerJoin('servicePoints as s', (j) => j.onRef('s.tenantId', '=', 'm.tenantId').onRef('s.servicePointId', '=', 'm.servicePointId'))
    .select('s.accountId').where('r.tenantId', '=', tenantId).where('r.readingId', '=', readingId).executeTakeFirst()
  return r?.accountId
}

/** Premises hang from a customer, not an account: a customer sees the premises of its accounts. */
export async function accountsAtPremises(db: Db, tenantId: string, premisesId: string): Promise<string[]> {
  if (!UUID.test(premisesId)) return []
  const rows = await db.selectFrom('accounts').select('accountId').where('tenantId', '=', tenantId).where('premisesId', '=', premisesId).execute()
  return rows.map((r) => r.accountId)
}
