// Data and invariants for the kill -9 test. A tenant with `n` cold-water
// accounts inserted by SQL (as bench/billrun.bench.ts does), kind by i % 100:
// 0–89 metered, 90–94 failed meter (averaged), 95–97 normative, 98–99
// non-residential with nothing to settle by (uncovered_days: no bill, an
// error row). Then one snapshot of everything a crash could have broken.
import { sql } from 'kysely'
import type { Test } from 'tap'
import type { Db } from '../../../src/db/database.ts'
import { createTenant } from '../../../src/app/tenants/tenants.ts'
import { createTariffVersion } from '../../../src/app/settlement-data/tariffs.ts'
import { createNorm } from '../../../src/app/settlement-data/norms.ts'
import { createCoefficient } from '../../../src/app/settlement-data/coefficients.ts'

export interface Seeded { tenantId: string; billable: number; failing: number }

export async function seedTenant(db: Db, name: string, n: number): Promise<Seeded> {
  const tenant = await createTenant(db, { name, currency: 'RUB', minorUnits: 2, timeZone: 'UTC', calendar: 'gregorian',
    locale: 'ru-RU', billingPeriodMonths: 1, policy: {} })
  const t = tenant.id
  for (const usageType of ['residential', 'non_residential']) {
    await createTariffVersion(db, t, { service: 'cold_water', usageType, validFrom: '2025-01-01', validTo: null,
      definition: { volume: { line: 'cold_water', price: { shape: 'flat', rate: usageType === 'residential' ? '20.28' : '19.19' } } } })
  }
  await createNorm(db, t, { resource: 'cold_water', kind: 'per_person', validFrom: '2018-01-01', validTo: null, value: '6.36', months: null })
  await createCoefficient(db, t, { resource: 'cold_water', validFrom: '2016-07-01', value: '1.5' })

  await sql`insert into customers (tenant_id, customer_id, kind, name) values (${t}, gen_random_uuid(), 'organization', ${name})`.execute(db)
  await sql`
    insert into accounts (tenant_id, account_id, customer_id, kind, number, owner_surname, contract_inn, usage_type, opened_on)
    select ${t}, gen_random_uuid(), c.customer_id, case when i % 100 >= 98 then 'non_residential' else 'residential' end, 'K-' || i,
      case when i % 100 >= 98 then null else 'Crash' end, case when i % 100 >= 98 then '1234567894' end,
      case when i % 100 >= 98 then 'non_residential' else 'residential' end, '2020-01-01'
    from customers c, generate_series(0, ${n - 1}) i where c.tenant_id = ${t}`.execute(db)
  await sql`
    insert into service_points (tenant_id, service_point_id, account_id, code, resource, usage_type, unit, diameter_mm)
    select ${t}, gen_random_uuid(), account_id, substr(number, 3), 'cold_water', usage_type, 'm3', 15 from accounts where tenant_id = ${t}`.execute(db)
  await sql`
    insert into meters (tenant_id, meter_id, service_point_id, serial, digits, decimals)
    select ${t}, gen_random_uuid(), service_point_id, 'M-' || code, 6, 3 from service_points where tenant_id = ${t} and code::int % 100 < 95`.execute(db)
  await sql`
    insert into meter_events (tenant_id, event_id, meter_id, kind, occurred_on, meter_index)
    select ${t}, gen_random_uuid(), meter_id, 'commissioned', '2025-01-01', 0 from meters where tenant_id = ${t}`.execute(db)
  await sql`
    insert into meter_events (tenant_id, event_id, meter_id, kind, occurred_on)
    select ${t}, gen_random_uuid(), meter_id, 'failed', '2026-09-20' from meters where tenant_id = ${t} and substr(serial, 3)::int % 100 >= 90`.execute(db)
  await sql`
    insert into readings (tenant_id, meter_id, read_at, kind, value, source, status)
    select ${t}, m.meter_id, (date '2025-09-30' + make_interval(months => k)) + time '12:00', 'index',
      (k + 1) * (5 + substr(m.serial, 3)::int % 7), 'portal', 'accepted'
    from meters m, generate_series(0, 13) k
    where m.tenant_id = ${t} and (substr(m.serial, 3)::int % 100 < 90 or k < 11)`.execute(db)
  await sql`
    insert into residents (tenant_id, service_point_id, effective_from, residents)
    select ${t}, service_point_id, '2019-01-01', 3 from service_points where tenant_id = ${t} and code::int % 100 between 95 and 97`.execute(db)
  let billable = 0
  for (let i = 0; i < n; i++) if (i % 100 < 98) billable++
  return { tenantId: t, billable, failing: n - billable }
}

/** Everything a crash could have broken, for one tenant and its one run. */
export interface Snapshot {
  status: string
  total: number
  done: number
  failed: number
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
      (select status from run) as status, (select total from run) as total, (select done from run) as done,
      (select failed from run) as failed, (select chunks from run) as chunks,
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
  return out as unknown as Snapshot
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
  t.equal(s.bills, seeded.billable, `${when}: a bill per billable account`)
  t.equal(s.billableNotOnce, 0, `${when}: every billable account has exactly one bill`)
  t.equal(s.unbillableBilled, 0, `${when}: no bill for an account with errors`)
}
