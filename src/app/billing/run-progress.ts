// A bill run's progress lives in its chunk rows, summed on read (issue 13):
// a chunk transaction writes only its own row, never the run's, so chunks
// committing in parallel no longer queue on the hot bill_runs row (nor leave
// a dead version of it per chunk for the bills' foreign key checks to step
// over). The run's row changes three times: running (its first chunk starts),
// completed (after the last chunk's commit) or failed/cancelled; done and
// failed are stored on it when it ends.
import { sql, type Transaction } from 'kysely'
import type { Db } from '../../db/database.ts'
import type { DB } from '../../db/schema.ts'
import { emitEvents } from '../events/events.ts'
import { inTransaction } from '../transaction.ts'

export interface RunCounts { done: number; failed: number; chunksDone: number }

/** Accounts billed (or billed before) and failed, and chunks finished, from the chunk rows. */
export async function runCounts(db: Db, tenantId: string, billRunId: string): Promise<RunCounts> {
  const { rows } = await sql<RunCounts>`
    select coalesce(sum(billed + skipped) filter (where status = 'done'), 0)::int as done,
      coalesce(sum(failed) filter (where status = 'done'), 0)::int as failed,
      (count(*) filter (where status <> 'pending'))::int as "chunksDone"
    from bill_run_chunks where tenant_id = ${tenantId} and bill_run_id = ${billRunId}`.execute(db)
  return rows[0]!
}

/** The first chunk to start marks the run running; later ones match no row (and lock nothing). */
export async function markRunning(db: Db, tenantId: string, billRunId: string): Promise<void> {
  await sql`update bill_runs set status = 'running', started_at = coalesce(started_at, clock_timestamp())
    where tenant_id = ${tenantId} and bill_run_id = ${billRunId} and status = 'queued'`.execute(db)
}

/**
 * Completes the run when no chunk is pending, in a transaction of its own
 * after a chunk's commit. Whichever chunk commits last sees every other one
 * done (read committed: a fresh snapshot per statement, taken after its own
 * commit), so some chunk always completes the run; two that both see it
 * done serialize on the run's row and the second matches no row (status is
 * re-checked), so bill_run.completed is written once. A worker killed
 * between its commit and this leaves the run running with nothing pending:
 * the resume (startBillRun) and any duplicate job of a done chunk call this
 * again.
 */
export async function completeRunIfDone(db: Db, tenantId: string, billRunId: string, opts: { withoutEvents?: boolean } = {}): Promise<boolean> {
  return inTransaction(db, async (trx: Transaction<DB>) => {
    // clock_timestamp(), not now(): a one-chunk run starts and ends within a second
    const completed = await sql<{ periodStart: string; periodEnd: string; total: number; done: number; failed: number }>`
      update bill_runs r set status = 'completed', finished_at = clock_timestamp(), started_at = coalesce(r.started_at, clock_timestamp()),
        done = c.done, failed = c.failed
      from (select coalesce(sum(billed + skipped) filter (where status = 'done'), 0)::int as done,
              coalesce(sum(failed) filter (where status = 'done'), 0)::int as failed,
              count(*) filter (where status = 'pending') as pending
            from bill_run_chunks where tenant_id = ${tenantId} and bill_run_id = ${billRunId}) c
      where r.tenant_id = ${tenantId} and r.bill_run_id = ${billRunId} and r.status in ('queued', 'running') and c.pending = 0
      returning r.period_start, r.period_end, r.total, r.done, r.failed`.execute(trx)
    const run = completed.rows[0]
    if (run && !opts.withoutEvents) {
      await emitEvents(trx, tenantId, [{ type: 'bill_run.completed', objectType: 'bill_run', objectId: billRunId, data: {
        billRunId, periodStart: run.periodStart, periodEnd: run.periodEnd, accounts: run.total, done: run.done, failed: run.failed } }])
    }
    return run !== undefined
  })
}
