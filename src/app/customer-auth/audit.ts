// The audit log (issue 10 §3, §7): who did what to whom, stamped with the
// application's clock. Written in the transaction of the change it records.
import { randomUUID } from 'node:crypto'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'

export async function audit(trx: Db, tenantId: string, entry: { actor: string; action: string; subject?: string; detail?: Record<string, unknown> }, clock: Clock): Promise<void> {
  await trx.insertInto('auditLog').values({
    tenantId, auditId: randomUUID(), actor: entry.actor, action: entry.action, subject: entry.subject ?? null,
    detail: JSON.stringify(entry.detail ?? {}), at: clock.now(),
  }).execute()
}

/** How a principal is named in the audit log: `api_key:<key id>` or `customer:<customer user id>` (`operator` for the platform operator). */
export const actorOf = (p: { kind: string } & Partial<{ keyId: string; customerUserId: string }>): string =>
  p.kind === 'api_key' ? `api_key:${p.keyId}` : p.kind === 'customer' ? `customer:${p.customerUserId}` : p.kind
