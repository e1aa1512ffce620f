// Data and invariants for the kill -9 test. A tenant with `n` cold-water
// accounts inserted by SQL (bench/fixtures/billrun-tenant.ts), kind by i % 100:
// 0–89 metered, 90–94 failed meter (averaged), 95–97 normative, 98–99
// non-residential with nothing to settle by (uncovered_days: no bill, an
// error row). Then one snapshot of everything a crash could have broken.
import { sql } from 'kysely'
import type { Test } from 'tap'
import type { Db } from '../../../src/db/database.ts'
import { seedBillRunTenant } from '../../../bench/fixtures/billrun-tenant.ts'
import { getBillRun } from '../../../src/app/billing/bill-runs.ts'

export interface Seeded { tenantId: string; billable: number; failing: number }

export async function seedTenant(db: Db, name: string, n: number): Promise<Seeded> {
  const t = await seedBillRunTenant(db, name, n, { capacityActs: false })
  let billable = 0
  for (let i = 0; i < n; i++) if (i % 100 < 98) billable++
  return { tenantId: t, billable, failing: n - billable }
}

/** Everything a crash could have broken, for one tenant and its one run. */
export interface Snapshot {
  status: string
  total: number
  /** as getBillRun reports them (summed from the chunk rows while the run is active) */
  done: number
  failed: number
  /** as stored on the run's row: written when the run ends */
  storedDone: number
  storedFailed: number
  chunks: number
  chunksDone: number
  chunksPending: number
  /** sums over the chunk rows marked done */
  chunkBilled: number
  chunkSkipped: number
  chunkFailed: number
  bills: number
  /** most regular bills of one account for one period (1 = the unique index held) */
  maxBillsPerAccount: number
  /** bill numbers: min, max, distinct */
  numberMin: number
  numberMax: number
  numbersDistinct: number
  /** the tenant's counter: the next number it would hand out */
  counterNext: number
  /** bills of accounts in chunks still pending (a chunk committed by halves) */
  billsInPendingChunks: number
  errorsInPendingChunks: number
  /** bills without exactly one charge entry, charge entries in all, bills without lines */
  billsWithoutOneCharge: number
  chargeEntries: number
  billsWithoutLines: number
  /** accounts whose materialized balance differs from the sum of their ledger entries */
  balanceMismatches: number
  errorAccounts: number
  errorRows: number
  errorRowsDistinct: number
  /** billable accounts (i % 100 < 98) without exactly one bill, and the others with any bill */
  billableNotOnce: number
  unbillableBilled: number
  uniqueIndexValid: boolean
}

export async function snapshot(db: Db, tenantId: string, runId: string, periodStart: string): Promise<Snapshot> {
  const { rows } = await sql<Record<keyof Snapshot, string | boolean>>`
    with run as (select * from bill_runs where tenant_id = ${tenantId} and bill_run_id = ${runId}),
    chunks as (select * from bill_run_chunks where tenant_id = ${tenantId} and bill_run_id = ${runId}),
    regular as (select * from bills where tenant_id = ${tenantId} and period_start = ${periodStart} and kind = 'regular'),
    per_account as (select account_id, count(*) as n from regular group by account_id),
    pending as (select * from chunks where status = 'pending'),
    entries as (select account_id, sum(amount) as s from ledger_entries where tenant_id = ${tenantId} group by account_id),
    errors as (select * from bill_run_errors where tenant_id = ${tenantId} and bill_run_id = ${runId})
    select
      (select status from run) as status, (select total from run) as total, (select done from run) as stored_done,
      (select failed from run) as stored_failed, (select chunks from run) as chunks,
      (select count(*) from chunks where status = 'done') as chunks_done,
      (select count(*) from pending) as chunks_pending,
      (select coalesce(sum(billed), 0) from chunks where status = 'done') as chunk_billed,
      (select coalesce(sum(skipped), 0) from chunks where status = 'done') as chunk_skipped,
      (select coalesce(sum(failed), 0) from chunks where status = 'done') as chunk_failed,
      (select count(*) from regular) as bills,
      (select coalesce(max(n), 0) from per_account) as max_bills_per_account,
      (select coalesce(min(number::bigint), 0) from bills where tenant_id = ${tenantId}) as number_min,
      (select coalesce(max(number::bigint), 0) from bills where tenant_id = ${tenantId}) as number_max,
      (select count(distinct number) from bills where tenant_id = ${tenantId}) as numbers_distinct,
      (select coalesce(max(next_number), 1) from bill_number_counters where tenant_id = ${tenantId}) as counter_next,
      (select count(*) from regular b join pending c on b.account_id between c.first_account_id and c.last_account_id) as bills_in_pending_chunks,
      (select count(*) from errors e join pending c on e.account_id between c.first_account_id and c.last_account_id) as errors_in_pending_chunks,
      (select count(*) from regular b where (select count(*) from ledger_entries l
         where l.tenant_id = b.tenant_id and l.bill_id = b.bill_id and l.kind = 'charge') <> 1) as bills_without_one_charge,
      (select count(*) from ledger_entries where tenant_id = ${tenantId} and kind = 'charge') as charge_entries,
      (select count(*) from regular b where not exists (select 1 from bill_lines l where l.tenant_id = b.tenant_id and l.bill_id = b.bill_id)) as bills_without_lines,
      (select count(*) from entries e full join (select account_id, balance from account_balances where tenant_id = ${tenantId}) ab using (account_id)
         where coalesce(e.s, 0) <> coalesce(ab.balance, 0)) as balance_mismatches,
      (select count(distinct account_id) from errors) as error_accounts,
      (select count(*) from errors) as error_rows,
      (select count(*) from (select distinct account_id, service_point_id, code from errors) d) as error_rows_distinct,
      (select count(*) from accounts a left join per_account p using (account_id)
         where a.tenant_id = ${tenantId} and substr(a.number, 3)::int % 100 < 98 and coalesce(p.n, 0) <> 1) as billable_not_once,
      (select count(*) from accounts a join per_account p using (account_id)
         where a.tenant_id = ${tenantId} and substr(a.number, 3)::int % 100 >= 98) as unbillable_billed,
      (select indisvalid and indisunique from pg_index where indexrelid = 'bills_one_per_period'::regclass) as unique_index_valid`.execute(db)
  const r = rows[0]!
  const out = {} as Record<string, number | string | boolean>
  for (const [k, v] of Object.entries(r)) out[k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())] = typeof v === 'string' && k !== 'status' ? Number(v) : v
  const api = await getBillRun(db, tenantId, runId)
  return { ...(out as unknown as Snapshot), done: api.done, failed: api.failed }
}


/**
 * Tries a second regular bill of the period for a billed account, rolled back
 * either way: the constraint that refused it, or 'accepted'.
 */
export async function secondBillRefusedBy(db: Db, tenantId: string, periodStart: string): Promise<string> {
  try {
    await db.transaction().execute(async (trx) => {
      await sql`insert into bills (tenant_id, bill_id, account_id, kind, period_start, period_end, number, issued_on, due_on, currency,
          charges, rounding, previous_carry, carry, debt, payable, paid, bill_run_id)
        select tenant_id, gen_random_uuid(), account_id, kind, period_start, period_end, 'dup-' || number, issued_on, due_on, currency,
          charges, rounding, previous_carry, carry, debt, payable, paid, bill_run_id
        from bills where tenant_id = ${tenantId} and period_start = ${periodStart} and kind = 'regular' limit 1`.execute(trx)
      throw new Error('accepted')
    })
  } catch (err) {
    const e = err as { code?: string; constraint?: string; message: string }
    return e.code === '23505' ? e.constraint ?? 'a unique violation' : e.message
  }
  return 'accepted'
}

/**
 * What holds at any moment, mid-run or after a crash: every committed chunk
 * is whole (bills, lines, charges, balances, errors, progress), no pending
 * chunk left a trace, and the numbers are exactly 1..bills.
 */
export function assertConsistent(t: Test, s: Snapshot, when: string): void {
  t.equal(s.bills, s.chunkBilled, `${when}: bills = the sum billed by chunks marked done`)
  t.equal(s.done, s.chunkBilled + s.chunkSkipped, `${when}: the run's done counter = its done chunks`)
  t.equal(s.failed, s.chunkFailed, `${when}: the run's failed counter = its done chunks`)
  t.equal(s.chunkSkipped, 0, `${when}: no chunk met bills of another transaction`)
  t.equal(s.billsInPendingChunks, 0, `${when}: no bill of a pending chunk (no half-committed chunk)`)
  t.equal(s.errorsInPendingChunks, 0, `${when}: no error row of a pending chunk`)
  t.equal(s.maxBillsPerAccount, s.bills ? 1 : 0, `${when}: at most one regular bill per account and period`)
  t.equal(s.numberMin, s.bills ? 1 : 0, `${when}: numbers start at 1`)
  t.equal(s.numberMax, s.bills, `${when}: the highest number = the number of bills (no gap)`)
  t.equal(s.numbersDistinct, s.bills, `${when}: no number twice`)
  t.equal(s.counterNext, s.bills + 1, `${when}: the counter hands out bills + 1 next`)
  t.equal(s.billsWithoutOneCharge, 0, `${when}: every bill has exactly one charge entry`)
  t.equal(s.chargeEntries, s.bills, `${when}: no charge entry without its bill`)
  t.equal(s.billsWithoutLines, 0, `${when}: every bill has its lines`)
  t.equal(s.balanceMismatches, 0, `${when}: balances = the sums of the ledger entries`)
  t.equal(s.errorRows, s.errorRowsDistinct, `${when}: no error row twice`)
  t.equal(s.errorAccounts, s.failed, `${when}: one failed account per account with errors`)
  t.equal(s.uniqueIndexValid, true, `${when}: bills_one_per_period is a valid unique index`)
}

/** The end state: the run completed and billed every billable account exactly once. */
export function assertComplete(t: Test, s: Snapshot, seeded: Seeded, when: string): void {
  assertConsistent(t, s, when)
  t.equal(s.status, 'completed', `${when}: the run completed`)
  t.equal(s.chunksPending, 0, `${when}: every chunk done`)
  t.equal(s.chunksDone, s.chunks, `${when}: chunk rows all done`)
  t.equal(s.total, seeded.billable + seeded.failing, `${when}: every account planned`)
  t.equal(s.done, seeded.billable, `${when}: done = the billable accounts`)
  t.equal(s.failed, seeded.failing, `${when}: failed = the accounts with nothing to settle by`)
  t.equal(s.done + s.failed, s.total, `${when}: done + failed = total`)
  t.equal(s.storedDone, s.done, `${when}: the run's stored done counter = its done chunks`)
  t.equal(s.storedFailed, s.failed, `${when}: the run's stored failed counter = its done chunks`)
  t.equal(s.bills, seeded.billable, `${when}: a bill per billable account`)
  t.equal(s.billableNotOnce, 0, `${when}: every billable account has exactly one bill`)
  t.equal(s.unbillableBilled, 0, `${when}: no bill for an account with errors`)
}
