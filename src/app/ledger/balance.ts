// The balance a mobile app shows (portals.md "A mobile app"): debt or credit,
// amount due, the due date of the oldest unpaid bill, the last bill. One SQL
// round trip on the hot path: the materialized balance by primary key, its
// last bill by primary key, and one probe of bills_account_open for the
// oldest open bill. Currency and minor units are fixed per tenant (the tenant
// update refuses to change them), so they are remembered in-process.
import { z } from 'zod'
import { decimalSign, moneyText } from './money-text.ts'
import { executePrepared, preparedQuery, type Db } from '../../db/database.ts'
import { turnBatch } from '../../db/turn-batch.ts'
import { notFound } from '../errors.ts'
import type { Clock } from '../clock.ts'

export const lastBillDto = z.object({
  id: z.uuid(), number: z.string(), periodStart: z.string(), periodEnd: z.string(), issuedOn: z.string(), dueOn: z.string(),
  payable: z.string(), paid: z.string(),
}).meta({ id: 'LastBill' })

export const balanceDto = z.object({
  accountId: z.uuid(),
  currency: z.string(),
  balance: z.string().describe('the ledger balance: positive = the customer owes, negative = credit'),
  position: z.enum(['debt', 'credit', 'settled']),
  amountDue: z.string().describe('what to pay now: the balance when it is a debt, else 0'),
  credit: z.string().describe('the overpayment held for later bills, else 0'),
  dueOn: z.string().nullable().describe('the due date of the oldest bill not fully paid'),
  lastBill: lastBillDto.nullable(),
  asOf: z.string().describe('when the figures were read'),
}).meta({ id: 'AccountBalance' })
export type BalanceDto = z.infer<typeof balanceDto>

/** Result keys come back camelCased (CamelCasePlugin applies to raw SQL too). */
interface Row {
  accountId: string; balance: string; dueOn: string | null
  billId: string | null; number: string | null; periodStart: string | null; periodEnd: string | null
  issuedOn: string | null; billDueOn: string | null; payable: string | null; paid: string | null
}
interface Money { currency: string; minorUnits: number }

// last_bill_id is set by postEntries when a bill's charge is posted (lastBillByAccount).
// Both reads are prepared statements: the server plans them once per connection.
const BALANCE_FROM = `select ab.account_id, ab.balance::text as balance,
  (select b.due_on from bills b where b.tenant_id = ab.tenant_id and b.account_id = ab.account_id and b.paid < b.amount_due
    order by b.issued_on, b.number limit 1) as due_on,
  lb.bill_id, lb.number, lb.period_start, lb.period_end, lb.issued_on, lb.due_on as bill_due_on, lb.payable, lb.paid
  from account_balances ab
  left join bills lb on lb.tenant_id = ab.tenant_id and lb.bill_id = ab.last_bill_id`

const oneQuery = preparedQuery<Row>(`${BALANCE_FROM}
  where ab.tenant_id = $1 and ab.account_id = $2`)

const manyQuery = preparedQuery<Row>(`${BALANCE_FROM}
  where ab.tenant_id = $1 and ab.account_id = any($2::uuid[])`)

/**
 * A tenant's currency, remembered: the balance is a hot read. A tenant's
 * currency changes only before its first amount (tenants.ts updateTenant),
 * which forgets it here at once; another process sees it within MONEY_TTL_MS
 * (a monotonic TTL, not a date).
 */
const MONEY_TTL_MS = 10_000
const moneyOf = new Map<string, { m: Money; until: number }>()
async function money(db: Db, tenantId: string, now = performance.now()): Promise<Money> {
  const cached = moneyOf.get(tenantId)
  if (cached && cached.until > now) return cached.m
  const m = await db.selectFrom('tenants').select(['currency', 'minorUnits']).where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
  moneyOf.set(tenantId, { m, until: now + MONEY_TTL_MS })
  return m
}

export function forgetTenantMoney(tenantId: string): void {
  moneyOf.delete(tenantId)
}

/** An account with no ledger entry yet has no balance row: settled, if it exists. */
async function emptyRows(db: Db, tenantId: string, accountIds: string[]): Promise<Row[]> {
  const found = await db.selectFrom('accounts').select('accountId').where('tenantId', '=', tenantId).where('accountId', 'in', accountIds).execute()
  return found.map((a) => ({ accountId: a.accountId, balance: '0', dueOn: null, billId: null, number: null, periodStart: null, periodEnd: null,
    issuedOn: null, billDueOn: null, payable: null, paid: null }))
}

function toDto(r: Row, m: Money, asOf: string): BalanceDto {
  // numeric text from Postgres: signed and padded as text (money-text.ts), no big.js on this hot path
  const fixed = (value: string) => moneyText(value, m.minorUnits)
  const sign = decimalSign(r.balance)
  const balance = fixed(r.balance)
  const zero = fixed('0')
  return {
    accountId: r.accountId, currency: m.currency, balance,
    position: sign > 0 ? 'debt' : sign < 0 ? 'credit' : 'settled',
    amountDue: sign > 0 ? balance : zero, credit: sign < 0 ? fixed(r.balance.slice(1)) : zero, // a negative text starts with '-' (the only sign Big or Postgres writes)
    dueOn: r.dueOn,
    lastBill: r.billId ? { id: r.billId, number: r.number!, periodStart: r.periodStart!, periodEnd: r.periodEnd!, issuedOn: r.issuedOn!,
      dueOn: r.billDueOn!, payable: fixed(r.payable!), paid: fixed(r.paid!) } : null,
    asOf,
  }
}

/** A canonical UUID text, as Postgres prints one (what a batch's rows are matched by). */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * The balance row of one account. Reads of one tenant that arrive in the same
 * turn of the event loop share one query (turn-batch.ts): under load
 * (bench:balance) that cut Postgres's CPU a request from ≈ 62 to 14 µs and
 * this process's from 94 to 45 µs. An id Postgres would print otherwise
 * (upper case) is read alone, by its own query.
 */
const batchedRow = turnBatch<Row>({
  one: async (db, tenantId, accountId) => (await executePrepared(db, oneQuery(tenantId, accountId))).rows[0],
  many: async (db, tenantId, accountIds) => new Map((await executePrepared(db, manyQuery(tenantId, accountIds))).rows.map((r) => [r.accountId, r])),
})
const balanceRow = (db: Db, tenantId: string, accountId: string): Promise<Row | undefined> =>
  CANONICAL_UUID.test(accountId) ? batchedRow(db, tenantId, accountId) : executePrepared(db, oneQuery(tenantId, accountId)).then((r) => r.rows[0])

export async function accountBalance(db: Db, tenantId: string, accountId: string, clock: Clock): Promise<BalanceDto> {
  const [m, found] = await Promise.all([money(db, tenantId), balanceRow(db, tenantId, accountId)])
  const row = found ?? (await emptyRows(db, tenantId, [accountId]))[0]
  if (!row) throw notFound('account')
  return toDto(row, m, clock.now().toISOString())
}

/** Many accounts in one query (GraphQL Account.balance). */
export async function accountBalances(db: Db, tenantId: string, accountIds: string[], clock: Clock): Promise<Map<string, BalanceDto>> {
  const [m, { rows }] = await Promise.all([money(db, tenantId), executePrepared(db, manyQuery(tenantId, accountIds))])
  const missing = accountIds.filter((id) => !rows.some((r) => r.accountId === id))
  if (missing.length) rows.push(...await emptyRows(db, tenantId, missing))
  const asOf = clock.now().toISOString()
  return new Map(rows.map((r) => [r.accountId, toDto(r, m, asOf)]))
}
