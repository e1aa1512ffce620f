// Downstream links of transit organizations (summation, Decree 776 §20).
// A link that would close a cycle is refused here, before any bill sees it.
import { sql } from 'kysely'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { notFound, unprocessable } from '../errors.ts'
import { inTransaction } from '../transaction.ts'
import { uuid } from '../schemas.ts'
import { assertServicePoint } from './residents.ts'

export const linkInput = z.object({ downstreamId: uuid }).strict()

export async function listDownstream(db: Db, tenantId: string, upstreamId: string) {
  await assertServicePoint(db, tenantId, upstreamId)
  const rows = await db.selectFrom('servicePointLinks').select('downstreamId')
    .where('tenantId', '=', tenantId).where('upstreamId', '=', upstreamId).orderBy('downstreamId').execute()
  return { items: rows.map((r) => r.downstreamId) }
}

export async function addDownstream(db: Db, tenantId: string, upstreamId: string, downstreamId: string) {
  return inTransaction(db, async (trx) => {
    await assertServicePoint(trx, tenantId, upstreamId)
    await assertServicePoint(trx, tenantId, downstreamId)
    if (upstreamId === downstreamId) throw unprocessable('link_cycle', 'a service point cannot be downstream of itself')
    // Serialize link changes of one tenant so two concurrent links cannot form a cycle together.
    await sql`select pg_advisory_xact_lock(hashtext(${tenantId}::text || ':links'))`.execute(trx)
    const reach = await sql<{ found: boolean }>`
      with recursive down(id) as (
        select ${downstreamId}::uuid
        union
        select l.downstream_id from service_point_links l join down on l.upstream_id = down.id where l.tenant_id = ${tenantId}
      ) select exists(select 1 from down where id = ${upstreamId}::uuid) as found`.execute(trx)
    if (reach.rows[0]?.found) throw unprocessable('link_cycle', 'this link would make a cycle of transit organizations')
    await trx.insertInto('servicePointLinks').values({ tenantId, upstreamId, downstreamId }).onConflict((oc) => oc.doNothing()).execute()
    return listDownstream(trx, tenantId, upstreamId)
  })
}

export async function removeDownstream(db: Db, tenantId: string, upstreamId: string, downstreamId: string) {
  const res = await db.deleteFrom('servicePointLinks').where('tenantId', '=', tenantId)
    .where('upstreamId', '=', upstreamId).where('downstreamId', '=', downstreamId).executeTakeFirst()
  if (res.numDeletedRows === 0n) throw notFound('link')
  return listDownstream(db, tenantId, upstreamId)
}
