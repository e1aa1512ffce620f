// The write phase of a chunk, in the chunk's transaction: lines (with traces
// as jsonb), adjustment lines of corrected periods, ledger charges and
// adjustments, then numbers and bills, in multi-row inserts.
// Exactly one regular bill per (account, period) is the unique index
// bills_one_per_period; the writer refuses to commit if any of its rows met
// an existing bill (the numbers it took would then have a hole). Bills and
// their events go by COPY when the transaction's pg client is reachable
// (insertBills, events.queries.ts): they are written while the tenant's
// number counter is locked (issue 13).
import { sql, type Transaction } from 'kysely'
import { copyRows, type CopyValue } from '../../db/copy-rows.ts'
import { rawClientOf } from '../../db/raw-client.ts'
import type { DB } from '../../db/schema.ts'
import type pg from 'pg'
import { postEntries } from '../ledger/post-entries.ts'
import type { LedgerEntryInput } from '../ledger/post-entries.ts'
import type { AdjustmentLine } from './corrections/diff-period.ts'
import type { NewBill } from './compose-bills.ts'
import { formatNumber, takeNumbers } from './numbering.ts'
import { creditAllocations } from './apply-credit.ts'
import { emitEvents } from '../events/events.ts'

export interface BillContext {
  tenantId: string
  billRunId: string
  periodStart: string
  periodEnd: string
  issuedOn: string
  dueOn: string
  currency: string
  /**
   * Bench only (bench/events.bench.ts, the events' share of a run): write no
   * bill.issued. Set solely through billChunk's ChunkOptions, which the worker
   * task never passes; not a tenant or deployment setting.
   */
  withoutEvents?: boolean
}

const LINE_BATCH = 2_000

interface LineRow {
  tenantId: string; billId: string; lineNo: number; servicePointId: string | null; service: string; kind: string; line: string; method: string | null
  intervalFrom: string; intervalTo: string; volume: string | null; rate: string | null; amount: string; correctsPeriodStart: string | null; trace: string
}

// Lines go by COPY when the transaction's pg client is reachable (always with
// our pool; raw-client.ts), else by multi-row inserts.
const LINE_COLUMNS = ['tenant_id', 'bill_id', 'line_no', 'service_point_id', 'service', 'kind', 'line', 'method', 'interval_from', 'interval_to',
  'volume', 'rate', 'amount', 'corrects_period_start', 'trace']
const lineValues = (l: LineRow): CopyValue[] => [l.tenantId, l.billId, String(l.lineNo), l.servicePointId, l.service, l.kind, l.line, l.method,
  l.intervalFrom, l.intervalTo, l.volume, l.rate, l.amount, l.correctsPeriodStart, l.trace]

export async function writeBills(trx: Transaction<DB>, c: BillContext, bills: NewBill[]): Promise<void> {
  if (!bills.length) return
  // Everything that names the bills first, the bills and their numbers last
  // (migration 0010): the counter row is locked from takeNumbers to commit.
  await sql`set constraints bill_lines_tenant_id_bill_id_fkey, ledger_entries_tenant_id_bill_id_fkey, payment_allocations_tenant_id_bill_id_fkey deferred`.execute(trx)
  const credit = await creditAllocations(trx, c.tenantId, bills)
  if (credit.rows.length) await trx.insertInto('paymentAllocations').values(credit.rows.map((r) => ({ tenantId: c.tenantId, ...r }))).execute()

  const lines = bills.flatMap((b): LineRow[] => [
    ...b.lines.map((l, i) => ({
      tenantId: c.tenantId, billId: b.billId, lineNo: i + 1, servicePointId: l.servicePointId, service: l.service, kind: l.kind, line: l.line,
      method: l.method ?? null, intervalFrom: l.interval.from, intervalTo: l.interval.to, volume: l.volume ?? null, rate: l.rate ?? null, amount: l.amount,
      correctsPeriodStart: null,
      trace: traceJson(l),
    })),
    ...adjustmentRows(c.tenantId, b.billId, b.lines.length, b.adjustments),
  ])
  const client = await rawClientOf(trx)
  if (client) await copyRows(client, 'bill_lines', LINE_COLUMNS, lines.map(lineValues))
  else for (let i = 0; i < lines.length; i += LINE_BATCH) await trx.insertInto('billLines').values(lines.slice(i, i + LINE_BATCH)).execute()

  // The charge enters the ledger with the bill, and the balance moves in the same transaction (post-entries.ts).
  await postEntries(trx, c.tenantId, bills.flatMap((b) => [{
    accountId: b.accountId, kind: 'charge' as const, amount: b.ownCharges, bookedOn: c.issuedOn, billId: b.billId,
    description: `bill for ${c.periodStart} – ${c.periodEnd}`,
  }, ...(b.adjustments.length ? [adjustmentEntry(b.accountId, b.billId, b.adjustmentTotal, c.issuedOn, b.adjustments)] : [])]),
  new Map(bills.map((b) => [b.accountId, b.billId])))

  const first = await takeNumbers(trx, c.tenantId, bills.length)
  await insertBills(trx, client, c, bills.map((b, i) => ({
    tenantId: c.tenantId, billId: b.billId, accountId: b.accountId, kind: 'regular' as const, periodStart: c.periodStart, periodEnd: c.periodEnd,
    number: formatNumber(first + BigInt(i)), issuedOn: c.issuedOn, dueOn: c.dueOn, currency: c.currency,
    charges: b.charges, rounding: b.rounding, previousCarry: '0', carry: b.carry, debt: b.debt, payable: b.payable, paid: credit.paid.get(b.billId) ?? '0', billRunId: c.billRunId, correctsBillId: null,
  })))
  // bill.issued, one per bill, in the chunk's transaction (by COPY: events.queries.ts)
  if (c.withoutEvents) return
  await emitEvents(trx, c.tenantId, bills.map((b, i) => ({ type: 'bill.issued' as const, objectType: 'bill', objectId: b.billId, data: {
    billId: b.billId, accountId: b.accountId, kind: 'regular', number: formatNumber(first + BigInt(i)), periodStart: c.periodStart, periodEnd: c.periodEnd,
    issuedOn: c.issuedOn, dueOn: c.dueOn, currency: c.currency, charges: b.charges, payable: b.payable, billRunId: c.billRunId } })))
}

/**
 * A line's trace as stored: the core's trace with the line's tariff version, normative part and estimate mark.
 * The fields are appended to the trace's JSON text instead of spread into a copy of it (a copy per line was
 * garbage the bill run's collector paid for, issue 13); jsonb keeps the last of repeated keys, as a spread would.
 */
function traceJson(l: NewBill['lines'][number]): string {
  let extra = ''
  if (l.tariffVersion) extra += `,"tariffVersion":${JSON.stringify(l.tariffVersion)}`
  if (l.normativePart) extra += `,"normativePart":${JSON.stringify(l.normativePart)}`
  if (l.estimated) extra += ',"estimated":true'
  const trace = JSON.stringify(l.trace)
  if (!extra) return trace
  return trace === '{}' ? `{${extra.slice(1)}}` : trace.slice(0, -1) + extra + '}'
}

interface BillRow {
  tenantId: string; billId: string; accountId: string; kind: 'regular'; periodStart: string; periodEnd: string; number: string; issuedOn: string; dueOn: string
  currency: string; charges: string; rounding: string; previousCarry: string; carry: string; debt: string; payable: string; paid: string; billRunId: string; correctsBillId: null
}

const BILL_COLUMNS = ['tenant_id', 'bill_id', 'account_id', 'kind', 'period_start', 'period_end', 'number', 'issued_on', 'due_on', 'currency',
  'charges', 'rounding', 'previous_carry', 'carry', 'debt', 'payable', 'paid', 'bill_run_id', 'corrects_bill_id']
const billValues = (b: BillRow): CopyValue[] => [b.tenantId, b.billId, b.accountId, b.kind, b.periodStart, b.periodEnd, b.number, b.issuedOn, b.dueOn,
  b.currency, b.charges, b.rounding, b.previousCarry, b.carry, b.debt, b.payable, b.paid, b.billRunId, null]

/**
 * The bills, with the numbers just taken: the statement that runs while the
 * tenant's number counter is locked, so it goes by COPY (no parse and bind of
 * 19 parameters a bill). Exactly one regular bill per (account, period) is
 * the unique index bills_one_per_period: a row that meets an existing bill
 * fails the whole statement, and the chunk rolls back (its numbers with it)
 * and is retried, when the accounts already billed are skipped.
 */
async function insertBills(trx: Transaction<DB>, client: pg.PoolClient | undefined, c: BillContext, rows: BillRow[]): Promise<void> {
  const doubled = (n: number) => new Error(`${n} of ${rows.length} accounts were billed for ${c.periodStart} by another transaction meanwhile; the chunk is rolled back and retried`)
  if (client) {
    try {
      await copyRows(client, 'bills', BILL_COLUMNS, rows.map(billValues))
    } catch (err) {
      const e = err as { code?: string; constraint?: string }
      if (e.code === '23505' && e.constraint === 'bills_one_per_period') throw Object.assign(doubled(1), { cause: err })
      throw err
    }
    return
  }
  const inserted = await trx.insertInto('bills').values(rows)
    .onConflict((oc) => oc.columns(['tenantId', 'accountId', 'periodStart']).where('kind', '=', 'regular').doNothing())
    .returning('billId').execute()
  if (inserted.length !== rows.length) throw doubled(rows.length - inserted.length)
}

/** Adjustment lines as bill_lines rows after the bill's own lines: kind 'adjustment', the corrected period named. */
export function adjustmentRows(tenantId: string, billId: string, after: number, adjustments: AdjustmentLine[]): LineRow[] {
  return adjustments.map((l, i) => ({
    tenantId, billId, lineNo: after + i + 1, servicePointId: l.servicePointId, service: l.service, kind: 'adjustment', line: l.line,
    method: l.method, intervalFrom: l.interval.from, intervalTo: l.interval.to, volume: l.volume, rate: l.rate, amount: l.amount,
    correctsPeriodStart: l.correctsPeriodStart, trace: JSON.stringify(l.trace),
  }))
}

/** One `adjustment` ledger entry per bill for all the periods it corrects. */
export function adjustmentEntry(accountId: string, billId: string, amount: string, bookedOn: string, adjustments: AdjustmentLine[]): LedgerEntryInput {
  const periods = [...new Set(adjustments.map((l) => l.correctsPeriodStart))].sort()
  return { accountId, kind: 'adjustment', amount, bookedOn, billId, description: `recalculation of the period${periods.length > 1 ? 's' : ''} starting ${periods.join(', ')}` }
}
