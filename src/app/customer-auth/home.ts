// What a customer's home screen shows of one account's meters (issue 10 §4,
// GraphQL `me { accounts { meters } }`): the meters of the account's service
// points, each with its newest reading through the same use-case as
// GET /v1/meters/{id}/readings.
import type { Db } from '../../db/database.ts'
import { meterReadings } from '../readings/reading-queries.ts'
import type { ReadingDto } from '../readings/reading-dto.ts'

export interface AccountMeter {
  id: string; servicePointId: string; resource: string; serial: string; digits: number; decimals: number
  readingKind: string; verificationDue: string | null
}

export async function accountMeters(db: Db, tenantId: string, accountId: string): Promise<AccountMeter[]> {
  const rows = await db.selectFrom('meters as m')
    .innerJoin('servicePoints as s', (j) => j.onRef('s.tenantId', '=', 'm.tenantId').onRef('s.servicePointId', '=', 'm.servicePointId'))
    .select(['m.meterId', 'm.servicePointId', 's.resource', 'm.serial', 'm.digits', 'm.decimals', 'm.readingKind', 'm.verificationDue'])
    .where('m.tenantId', '=', tenantId).where('s.accountId', '=', accountId).orderBy('m.serial').orderBy('m.meterId').execute()
  return rows.map((r) => ({ id: r.meterId, servicePointId: r.servicePointId, resource: r.resource, serial: r.serial, digits: r.digits,
    decimals: r.decimals, readingKind: r.readingKind, verificationDue: r.verificationDue as string | null }))
}

export async function lastReading(db: Db, tenantId: string, meterId: string): Promise<ReadingDto | null> {
  return (await meterReadings(db, tenantId, meterId, { limit: 1 })).items[0] ?? null
}
