// Starting, watching and cancelling bill runs. A run is planned as chunks of
// accounts (ranges of account ids in uuid order) and each chunk is enqueued
// as a graphile-worker job in the same transaction as the run's rows, so a
// run either exists with all its jobs or not at all. Any number of worker
// processes share the jobs; bill-chunk.ts bills one chunk.
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { addDays } from '../../core/shared/dates.ts'
import { AppError, conflict, notFound, unprocessable } from '../errors.ts'
import { uuid } from '../schemas.ts'
import { periodChoice, resolvePeriod, schemeOf, type TenantCalendar } from './periods.ts'
import { periodContaining } from '../../core/shared/billing-periods.ts'
import { getTenant } from '../tenants/tenants.ts'
import { inTransaction } from '../transaction.ts'
import { todayIn, type Clock } from '../clock.ts'
import { emitEvents } from '../events/events.ts'
import { BILLED_RESOURCES } from './load-facts.ts'
import { completeRunIfDone, runCounts } from './run-progress.ts'
import { composeRunInvoices } from '../invoices/compose-invoices.ts'

/** The graphile-worker task that bills one chunk (src/jobs/tasks.ts). */
export const BILL_CHUNK_TASK = 'bill_run_chunk'
/** A chunk's job is retried with graphile-worker's exponential back-off, then the run is marked failed. */
export const CHUNK_MAX_ATTEMPTS = 8
export const DEFAULT_CHUNK_SIZE = 1_000

/** The period by its name in the tenant's calendar (`2026-10`, `1405-3`) or by its first day. */
export const startBillRunInput = periodChoice

export const billRunDto = z.object({
  id: uuid, period: z.string().describe('the period\'s name in the tenant\'s calendar (2026-10, 1405-3)'),
  periodStart: z.string().describe('first day'), periodEnd: z.string().describe('the day after the last day'), issuedOn: z.string().nullable(),
  status: z.enum(['queued', 'running', 'completed', 'cancelled', 'failed']),
  total: z.number().int().describe('accounts planned'), done: z.number().int().describe('accounts billed (now or by an earlier run of the period)'),
  failed: z.number().int().describe('accounts with errors: no bill in this run (see /errors)'),
  chunks: z.number().int(), chunksDone: z.number().int(),
  ratePerSecond: z.number().nullable().describe('accounts a second since the run started'),
  etaSeconds: z.number().nullable().describe('seconds left at the current rate'),
  lastError: z.string().nullable().describe('the last error of a chunk job (it is retried)'),
  createdAt: z.string(), startedAt: z.string().nullable(), finishedAt: z.string().nullable(),
}).meta({ id: 'BillRun' })
export type BillRunDto = z.infer<typeof billRunDto>

export const billRunErrorDto = z.object({
  accountId: uuid, servicePointId: uuid.nullable(), code: z.string().describe('uncovered_days, tariff_not_found, invalid_facts, unsupported_resource, …'),
  message: z.string(), details: z.record(z.string(), z.unknown()),
}).meta({ id: 'BillRunError' })

export interface StartOptions {
  chunkSize?: number
  requestedBy?: string | null
}

/** Gregorian months later (corrections' look-back, export windows); billing periods come from periods.ts. */
export function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  const day = d.getUTCDate()
  d.setUTCMonth(d.getUTCMonth() + months, 1)
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
  d.setUTCDate(Math.min(day, last))
  return d.toISOString().slice(0, 10)
}

/** Start a run of the period, or resume the one in progress (its pending chunks are enqueued again). */
export async function startBillRun(db: Db, tenantId: string, input: z.output<typeof startBillRunInput>, clock: Clock, opts: StartOptions = {}): Promise<{ run: BillRunDto; resumed: boolean }> {
  const tenant = await getTenant(db, tenantId)
  const today = todayIn(tenant.timeZone, clock)
  const period = resolvePeriod(tenant, input)
  const periodStart = period.start
  const periodEnd = period.end
  if (periodEnd > addDays(today, 1)) {
    throw unprocessable('period_not_over', `the period ${period.name} (${periodStart} – ${addDays(periodEnd, -1)}) is not over yet (today is ${today} in ${tenant.timeZone})`,
      [{ path: input.period !== undefined ? 'body.period' : 'body.periodStart', message: 'bill a period after its last day' }])
  }
  const size = opts.chunkSize ?? DEFAULT_CHUNK_SIZE
  const { id, resumed } = await queueErrors(() => inTransaction(db, async (trx) => {
    // One starter at a time per tenant and period; the partial unique index bills_runs_one_active backs it.
    // One starter at a time per tenant: two runs of overlapping periods must not both start.
    await sql`select pg_advisory_xact_lock(hashtext(${`bill-run:${tenantId}`}))`.execute(trx)
    await refuseOverlaps(trx, tenantId, periodStart, periodEnd)
    const active = await trx.selectFrom('billRuns').select('billRunId').where('tenantId', '=', tenantId)
      .where('periodStart', '=', periodStart).where('status', 'in', ['queued', 'running']).executeTakeFirst()
    if (active) {
      await enqueuePending(trx, tenantId, active.billRunId)
      // every chunk done but the run not completed: its last worker died between its commit and the completion
      await completeRunIfDone(trx, tenantId, active.billRunId)
      return { id: active.billRunId, resumed: true }
    }
    const billRunId = uuidv7()
    await trx.insertInto('billRuns').values({ tenantId, billRunId, periodStart: periodStart, periodEnd, status: 'queued',
      requestedBy: opts.requestedBy ?? null, issuedOn: today, total: 0, done: 0, failed: 0, startedAt: null, finishedAt: null, lastError: null }).execute()
    // Chunks as ranges of account ids: planned in SQL, so a million accounts never pass through Node.
    await sql`
      insert into bill_run_chunks (tenant_id, bill_run_id, chunk_no, first_account_id, last_account_id, accounts)
      select ${tenantId}, ${billRunId}, n, min(id)::uuid, max(id)::uuid, count(*)
      from (select a.account_id::text as id, (row_number() over (order by a.account_id) - 1) / ${size} as n
            from accounts a
            where a.tenant_id = ${tenantId} and a.opened_on < ${periodEnd} and (a.closed_on is null or a.closed_on > ${periodStart})
              and exists (select 1 from service_points sp where sp.tenant_id = a.tenant_id and sp.account_id = a.account_id
                          and sp.resource = any(${BILLED_RESOURCES}::text[]))) x
      group by n`.execute(trx)
    const planned = await sql<{ total: number; status: string }>`
      update bill_runs r set total = c.total, chunks = c.chunks,
        status = case when c.chunks = 0 then 'completed' else r.status end, finished_at = case when c.chunks = 0 then now() end
      from (select coalesce(sum(accounts), 0)::int as total, count(*)::int as chunks from bill_run_chunks
            where tenant_id = ${tenantId} and bill_run_id = ${billRunId}) c
      where r.tenant_id = ${tenantId} and r.bill_run_id = ${billRunId}
      returning r.total, r.status`.execute(trx)
    const run = { billRunId, period: period.name, periodStart, periodEnd, accounts: planned.rows[0]!.total }
    await emitEvents(trx, tenantId, [{ type: 'bill_run.started', objectType: 'bill_run', objectId: billRunId, data: run },
      ...(planned.rows[0]!.status === 'completed' ? [{ type: 'bill_run.completed' as const, objectType: 'bill_run', objectId: billRunId, data: { ...run, done: 0, failed: 0 } }] : [])])
    await enqueuePending(trx, tenantId, billRunId)
    return { id: billRunId, resumed: false }
  }))
  const run = await getBillRun(db, tenantId, id)
  // a resumed run whose chunks were all done completes above: its invoices (SEK, issue 12 §1) are composed here
  if (resumed && run.status === 'completed') await composeRunInvoices(db, tenantId, id)
  return { run, resumed }
}

/**
 * A period may be billed again (accounts missing from an earlier run), but
 * never one that shares days with another billed period: the exclusion
 * constraint bills_regular_no_overlap makes that impossible for bills
 * whatever the code path; this says so before any work starts.
 */
async function refuseOverlaps(db: Db, tenantId: string, periodStart: string, periodEnd: string): Promise<void> {
  const clash = await db.selectFrom('billRuns').select(['periodStart', 'periodEnd', 'status'])
    .where('tenantId', '=', tenantId).where('periodStart', '<>', periodStart).where('periodStart', '<', periodEnd).where('periodEnd', '>', periodStart)
    .where('status', '<>', 'cancelled').orderBy('periodStart').executeTakeFirst()
    ?? await db.selectFrom('bills').select(['periodStart', 'periodEnd', sql<string>`'billed'`.as('status')])
      .where('tenantId', '=', tenantId).where('kind', '=', 'regular').where('periodStart', '<>', periodStart)
      .where('periodStart', '<', periodEnd).where('periodEnd', '>', periodStart).orderBy('periodStart').limit(1).executeTakeFirst()
  if (clash) {
    throw new AppError('period_overlaps', 409, `the period ${periodStart} – ${addDays(periodEnd, -1)} shares days with the period ${clash.periodStart} – ${addDays(clash.periodEnd, -1)} ` +
      `(${clash.status}): no day is billed twice`)
  }
}

/**
 * A job per pending chunk, keyed by run and chunk: enqueueing again replaces
 * a waiting job, and adds a new one next to a job still locked by a worker
 * that died (kill -9) — the chunk row lock makes the two take turns.
 */
async function enqueuePending(db: Db, tenantId: string, billRunId: string): Promise<void> {
  await sql`
    select graphile_worker.add_job(${BILL_CHUNK_TASK},
      json_build_object('tenantId', tenant_id, 'billRunId', bill_run_id, 'chunkNo', chunk_no),
      max_attempts => ${CHUNK_MAX_ATTEMPTS}, job_key => 'bill-run:' || bill_run_id || ':' || chunk_no)
    from bill_run_chunks where tenant_id = ${tenantId} and bill_run_id = ${billRunId} and status = 'pending'
    order by chunk_no`.execute(db)
}

async function queueErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    const code = (err as { code?: string }).code
    // the job queue's schema is installed by the worker (src/jobs/queue.ts) at start-up
    if (code === '3F000' || code === '42883') throw new AppError('queue_unavailable', 503, 'the job queue is not installed in this database yet: start the API or a worker once')
    throw err
  }
}

export async function getBillRun(db: Db, tenantId: string, id: string): Promise<BillRunDto> {
  // Elapsed time from the database's clock, like started_at and finished_at themselves.
  const r = await db.selectFrom('billRuns').selectAll()
    .select(sql<number | null>`extract(epoch from coalesce(finished_at, clock_timestamp()) - started_at)::float8`.as('seconds'))
    .select(sql<TenantCalendar['calendar']>`(select calendar from tenants t where t.tenant_id = bill_runs.tenant_id)`.as('calendar'))
    .select(sql<number>`(select billing_period_months from tenants t where t.tenant_id = bill_runs.tenant_id)`.as('billingPeriodMonths'))
    .where('tenantId', '=', tenantId).where('billRunId', '=', id).executeTakeFirst()
  if (!r) throw notFound('bill run')
  // progress from the chunk rows (run-progress.ts); bill_runs.done/failed are written when the run completes
  const c = await runCounts(db, tenantId, id)
  const processed = c.done + c.failed
  const seconds = r.seconds ?? 0
  const rate = seconds > 0 ? Math.round((processed / seconds) * 10) / 10 : null
  const active = r.status === 'queued' || r.status === 'running'
  return {
    id: r.billRunId, period: periodContaining(schemeOf(r), r.periodStart).name, periodStart: r.periodStart, periodEnd: r.periodEnd, issuedOn: r.issuedOn, status: r.status,
    total: r.total, done: c.done, failed: c.failed, chunks: r.chunks, chunksDone: c.chunksDone,
    ratePerSecond: rate, etaSeconds: active && rate ? Math.ceil(Math.max(0, r.total - processed) / rate) : active ? null : 0,
    lastError: r.lastError, createdAt: r.createdAt.toISOString(), startedAt: r.startedAt?.toISOString() ?? null, finishedAt: r.finishedAt?.toISOString() ?? null,
  }
}

/** Stops the chunks not yet started; a chunk being billed finishes (its transaction is all or nothing). */
export async function cancelBillRun(db: Db, tenantId: string, id: string): Promise<BillRunDto> {
  await inTransaction(db, async (trx) => {
    const r = await trx.selectFrom('billRuns').select('status').where('tenantId', '=', tenantId).where('billRunId', '=', id).executeTakeFirst()
    if (!r) throw notFound('bill run')
    if (r.status !== 'queued' && r.status !== 'running') throw conflict(`the bill run is ${r.status}: only a queued or running run can be cancelled`)
    // skip locked: a chunk in progress holds its row; it ends by itself (and must not wait for us on the run's row)
    await sql`update bill_run_chunks set status = 'cancelled', finished_at = now()
      where tenant_id = ${tenantId} and bill_run_id = ${id} and chunk_no in (
        select chunk_no from bill_run_chunks where tenant_id = ${tenantId} and bill_run_id = ${id} and status = 'pending' for update skip locked)`.execute(trx)
    await trx.updateTable('billRuns').set({ status: 'cancelled', finishedAt: sql<Date>`clock_timestamp()` })
      .where('tenantId', '=', tenantId).where('billRunId', '=', id).execute()
    await emitEvents(trx, tenantId, [{ type: 'bill_run.cancelled', objectType: 'bill_run', objectId: id, data: { billRunId: id } }])
  })
  return getBillRun(db, tenantId, id)
}

export const errorPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().regex(/^\d{1,9}$/, 'a cursor from nextCursor').optional().describe('nextCursor of the previous page'),
})

/** The per service point error report, by account. */
export async function listBillRunErrors(db: Db, tenantId: string, id: string, q: z.output<typeof errorPageQuery>) {
  await getBillRun(db, tenantId, id)
  const offset = q.cursor ? Number(q.cursor) : 0
  const rows = await db.selectFrom('billRunErrors').select(['accountId', 'servicePointId', 'code', 'message', 'details'])
    .where('tenantId', '=', tenantId).where('billRunId', '=', id)
    .orderBy('accountId').orderBy('servicePointId').orderBy('code').offset(offset).limit(q.limit + 1).execute()
  const more = rows.length > q.limit
  return { items: rows.slice(0, q.limit), nextCursor: more ? String(offset + q.limit) : null }
}

/** The worker's last word on a chunk: recorded on the run, and on the last attempt the run fails. */
export async function recordChunkFailure(db: Db, tenantId: string, billRunId: string, message: string, final: boolean): Promise<void> {
  await inTransaction(db, async (trx) => {
    const counts = final ? await runCounts(trx, tenantId, billRunId) : undefined
    const failed = await trx.updateTable('billRuns').set({ lastError: message.slice(0, 2000),
      ...(counts ? { status: 'failed' as const, finishedAt: sql<Date>`clock_timestamp()`, done: counts.done, failed: counts.failed } : {}) })
      .where('tenantId', '=', tenantId).where('billRunId', '=', billRunId).where('status', 'in', ['queued', 'running'])
      .returning(['status', 'periodStart', 'periodEnd', 'done', 'failed', 'total']).executeTakeFirst()
    if (failed?.status === 'failed') {
      await emitEvents(trx, tenantId, [{ type: 'bill_run.failed', objectType: 'bill_run', objectId: billRunId, data: { billRunId,
        periodStart: failed.periodStart, periodEnd: failed.periodEnd, accounts: failed.total, done: failed.done, failed: failed.failed, error: message.slice(0, 2000) } }])
    }
  })
}
