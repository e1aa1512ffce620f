// What a customer sees per facility group (issue 10 §5): the balances of the
// accounts its facilities belong to, with their total, and the bills of those
// accounts with their payment documents. A bill belongs to an account, not to
// a facility: each bill says how much of it the group's own service points
// charged (groupCharges, from the bill's lines), so a group of some of an
// account's facilities shows its share without hiding the whole bill.
import { z } from 'zod'
import { dec } from '../../core/shared/decimal.ts'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { accountBalances, balanceDto } from '../ledger/balance.ts'
import { moneyFormatter } from '../ledger/money-text.ts'
import { billDto } from '../billing/bills.ts'
import { isoDate } from '../schemas.ts'
import { servicePointsOfGroup } from './facility-groups.ts'

export const groupBalancesDto = z.object({
  groupId: z.uuid(), currency: z.string(),
  items: z.array(balanceDto).describe('one per account of the group\'s facilities'),
  total: z.object({
    balance: z.string().describe('the sum of the balances: positive = owed, negative = credit'),
    amountDue: z.string().describe('the sum of the accounts\' amounts due'),
    credit: z.string().describe('the sum of the accounts\' credits'),
  }),
  asOf: z.string(),
}).meta({ id: 'FacilityGroupBalances' })

export async function groupBalances(db: Db, tenantId: string, customerUserId: string, groupId: string, clock: Clock): Promise<z.infer<typeof groupBalancesDto>> {
  const points = await servicePointsOfGroup(db, tenantId, customerUserId, groupId, clock)
  const accountIds = [...new Set(points.map((p) => p.accountId))]
  const t = await db.selectFrom('tenants').select(['currency', 'minorUnits']).where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
  const byId = accountIds.length ? await accountBalances(db, tenantId, accountIds, clock) : new Map()
  const items = accountIds.map((id) => byId.get(id)!).filter(Boolean)
  const fixed = moneyFormatter(t.minorUnits)
  const sum = (f: (b: z.infer<typeof balanceDto>) => string) => fixed(items.reduce((s, b) => s.plus(f(b)), dec(0)))
  return { groupId, currency: t.currency.trim(), items, total: { balance: sum((b) => b.balance), amountDue: sum((b) => b.amountDue), credit: sum((b) => b.credit) },
    asOf: clock.now().toISOString() }
}

export const groupBillsQuery = z.object({
  from: isoDate.optional().describe('bills of periods starting on or after this day'),
  to: isoDate.optional().describe('bills of periods starting before this day'),
  limit: z.coerce.number().int().min(1).max(200).default(24),
})

export const groupBillDto = billDto.extend({
  documentUrl: z.string().describe('the payment document (PDF): GET it with the same credential'),
  groupCharges: z.string().describe('what the group\'s service points charged on this bill (the sum of its lines for them)'),
}).meta({ id: 'FacilityGroupBill' })

/** The bills of the group's accounts, newest period first, each with its document and the group's share. */
export async function groupBills(db: Db, tenantId: string, customerUserId: string, groupId: string, q: z.output<typeof groupBillsQuery>, clock: Clock) {
  const points = await servicePointsOfGroup(db, tenantId, customerUserId, groupId, clock)
  const accountIds = [...new Set(points.map((p) => p.accountId))]
  if (accountIds.length === 0) return { items: [] }
  const bills = await db.selectFrom('bills').selectAll().where('tenantId', '=', tenantId).where('accountId', 'in', accountIds)
    .$if(!!q.from, (b) => b.where('periodStart', '>=', q.from!)).$if(!!q.to, (b) => b.where('periodStart', '<', q.to!))
    .orderBy('periodStart', 'desc').orderBy('issuedOn', 'desc').orderBy('billId', 'desc').limit(q.limit).execute()
  if (bills.length === 0) return { items: [] }
  const shares = await db.selectFrom('billLines').select(['billId', (eb) => eb.fn.sum<string>('amount').as('amount')]).where('tenantId', '=', tenantId)
    .where('billId', 'in', bills.map((b) => b.billId)).where('servicePointId', 'in', points.map((p) => p.id)).groupBy('billId').execute()
  const t = await db.selectFrom('tenants').select('minorUnits').where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
  const fixed = moneyFormatter(t.minorUnits)
  return { items: bills.map((b) => ({
    id: b.billId, accountId: b.accountId, kind: b.kind, number: b.number, periodStart: b.periodStart, periodEnd: b.periodEnd, issuedOn: b.issuedOn,
    dueOn: b.dueOn, currency: b.currency.trim(), charges: b.charges, rounding: b.rounding, debt: b.debt, payable: b.payable, carry: b.carry, paid: b.paid,
    billRunId: b.billRunId, correctsBillId: b.correctsBillId, createdAt: (b.createdAt as Date).toISOString(),
    documentUrl: `/v1/bills/${b.billId}/document`, groupCharges: fixed(shares.find((s) => s.billId === b.billId)?.amount ?? '0'),
  })) }
}
