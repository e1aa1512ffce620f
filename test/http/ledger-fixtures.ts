// Accounts and bills for the ledger and payment tests. Bills are inserted
// directly (bill runs are tested elsewhere), each with its charge entry
// posted through postEntries, as a bill run does.
import type { FastifyInstance } from 'fastify'
import { randomUUID } from 'node:crypto'
import type { Db } from '../../src/db/database.ts'
import { postEntries } from '../../src/app/ledger/post-entries.ts'
import { bearer } from '../helpers/app.ts'

let seq = 0

export async function newAccount(app: FastifyInstance, key: string, number = `L-${++seq}`): Promise<string> {
  const c = await app.inject({ method: 'POST', url: '/v1/customers', headers: bearer(key), payload: { kind: 'person', name: 'Ivan', surname: 'Petrov' } })
  const a = await app.inject({ method: 'POST', url: '/v1/accounts', headers: bearer(key),
    payload: { customerId: c.json().id, kind: 'residential', number, ownerSurname: 'Petrov', openedOn: '2020-01-01' } })
  if (a.statusCode !== 201) throw new Error(a.body)
  return a.json().id
}

export interface BillSpec { number: string; periodStart: string; periodEnd: string; issuedOn: string; dueOn: string; payable: string; kind?: 'regular' | 'correction' }

export async function insertBill(db: Db, tenantId: string, accountId: string, b: BillSpec): Promise<string> {
  const billId = randomUUID()
  await db.insertInto('bills').values({ tenantId, billId, accountId, kind: b.kind ?? 'regular', periodStart: b.periodStart, periodEnd: b.periodEnd,
    number: b.number, issuedOn: b.issuedOn, dueOn: b.dueOn, currency: 'RUB', charges: b.payable, rounding: '0', previousCarry: '0', carry: '0', debt: '0', payable: b.payable, paid: '0',
    billRunId: null, correctsBillId: null }).execute()
  await postEntries(db, tenantId, [{ accountId, kind: 'charge', amount: b.payable, bookedOn: b.issuedOn, description: `bill ${b.number}`, billId }],
    new Map([[accountId, billId]]))
  return billId
}

/** Monthly bills: issued on the 1st of the next month, due on the 15th. */
export function monthBill(number: string, month: string, payable: string): BillSpec {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const next = `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}`
  return { number, periodStart: `${month}-01`, periodEnd: `${next}-01`, issuedOn: `${next}-01`, dueOn: `${next}-15`, payable }
}
