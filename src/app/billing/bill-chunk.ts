// One chunk of a bill run: load the facts of its accounts in bulk, settle
// every service point, then write the bills, lines, ledger charges, errors
// and the chunk's progress in ONE transaction, then completes the run when
// it was the last (run-progress.ts). Re-running a chunk is safe at every
// step: the chunk row is locked and checked first (a duplicate job waits, then
// sees 'done'), accounts already billed for the period are skipped, and a
// crash before commit leaves nothing behind (issue 4 §1). A bill also carries
// the adjustments of earlier periods whose facts changed since they were
// billed (corrections/, issue 4 §2).
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import { addDays } from '../../core/shared/dates.ts'
import { inTransaction } from '../transaction.ts'
import { composeBills, dueDate } from './compose-bills.ts'
import { loadChunkPoints, loadPointsById } from './load-facts.ts'
import type { LoadedPoint, Window } from './load-facts.ts'
import { settleAccounts } from './settle-accounts.ts'
import { lockAccounts } from '../ledger/account-lock.ts'
import { loadTenantData } from './tenant-data.ts'
import { writeBills } from './write-bills.ts'
import { adjustmentsFor } from './corrections/adjustments.ts'
import { prepareCorrections } from './corrections/prepare.ts'
import { completeRunIfDone, markRunning } from './run-progress.ts'
import { composeRunInvoices } from '../invoices/compose-invoices.ts'

export interface ChunkRef {
  tenantId: string
  billRunId: string
  chunkNo: number
}

export interface ChunkOutcome {
  status: 'done' | 'skipped' | 'cancelled'
  billed: number
  skipped: number
  failed: number
}

export interface ChunkOptions {
  /** tests: throw inside the transaction after the writes, before commit (a crash) */
  crashBeforeCommit?: boolean
  /**
   * Bench only: write no bill.issued and no bill_run.completed, to measure
   * what the events cost a run (bench/events.bench.ts). The worker task never
   * sets it, and no tenant or deployment setting reaches it: in production
   * every bill has its event.
   */
  withoutEvents?: boolean
}

/** Readings from 14 months before the period: 12 months of averaging history (Decree 776 §17) and the opening index. */
const READINGS_LOOKBACK_DAYS = 14 * 31

export async function billChunk(db: Db, ref: ChunkRef, opts: ChunkOptions = {}): Promise<ChunkOutcome> {
  const { tenantId, billRunId, chunkNo } = ref
  const run = await db.selectFrom('billRuns').selectAll().where('tenantId', '=', tenantId).where('billRunId', '=', billRunId).executeTakeFirst()
  const chunk = await db.selectFrom('billRunChunks').selectAll()
    .where('tenantId', '=', tenantId).where('billRunId', '=', billRunId).where('chunkNo', '=', chunkNo).executeTakeFirst()
  if (!run || !chunk) return { status: 'skipped', billed: 0, skipped: 0, failed: 0 }
  if (chunk.status !== 'pending') {
    // a duplicate job of a finished chunk: its worker may have died between the commit and the run's completion
    const completed = run.status === 'completed'
      || ((run.status === 'running' || run.status === 'queued') && await completeRunIfDone(db, tenantId, billRunId, opts))
    // or between the run's completion and its invoices (SEK: one per customer, issue 12 §1): composed once the
    // run is completed (never from part of its bills) and not yet marked composed (migration 0152; the hourly
    // sweep catches what this misses); composing again adds only what is missing
    if (completed && run.invoicesComposedAt === null) await composeRunInvoices(db, tenantId, billRunId)
    return { status: 'skipped', billed: 0, skipped: 0, failed: 0 }
  }
  if (run.status === 'cancelled') return cancelChunk(db, ref)
  await markRunning(db, tenantId, billRunId)

  const t = await loadTenantData(db, tenantId)
  const period = { from: run.periodStart, to: run.periodEnd }
  const w: Window = { ...period, readingsFrom: addDays(run.periodStart, -READINGS_LOOKBACK_DAYS), timeZone: t.timeZone }
  const billedBefore = await alreadyBilled(db, tenantId, run.periodStart, chunk.firstAccountId, chunk.lastAccountId)
  const points = await loadChunkPoints(db, tenantId, chunk.firstAccountId, chunk.lastAccountId, w, billedBefore)
  const network = new Map<string, LoadedPoint>(points.map((p) => [p.facts.point.id, p]))
  const missing = [...new Set(points.flatMap((p) => p.needs))].filter((id) => !network.has(id))
  for (const p of await loadPointsById(db, tenantId, missing, w)) network.set(p.facts.point.id, p)
  const today = run.issuedOn ?? run.periodEnd
  const settleDay = today > addDays(run.periodEnd, -1) ? today : addDays(run.periodEnd, -1)
  const settled = settleAccounts(points, network, t, period, settleDay)
  // Earlier periods whose facts changed since they were billed: re-settled now, compared in the transaction.
  const corrections = await prepareCorrections(db, t, settled.filter((a) => a.errors.length === 0).map((a) => a.accountId), run.periodStart, settleDay)
  for (const a of settled) { const e = corrections.errors.get(a.accountId); if (e) a.errors.push(...e) }

  const outcome = await inTransaction(db, async (trx) => {
    const locked = await sql<{ status: string }>`
      select status from bill_run_chunks where tenant_id = ${tenantId} and bill_run_id = ${billRunId} and chunk_no = ${chunkNo} for update`.execute(trx)
    if (locked.rows[0]?.status !== 'pending') return { status: 'skipped' as const, billed: 0, skipped: 0, failed: 0 }
    const now = await trx.selectFrom('billRuns').select('status').where('tenantId', '=', tenantId).where('billRunId', '=', billRunId).executeTakeFirstOrThrow()
    if (now.status === 'cancelled') return cancelChunk(trx, ref)

    // Billed meanwhile (another run of the period that finished since we loaded): skipped, not doubled.
    const billedNow = new Set(await alreadyBilled(trx, tenantId, run.periodStart, chunk.firstAccountId, chunk.lastAccountId))
    const failedAccounts = settled.filter((a) => a.errors.length > 0)
    const good = settled.filter((a) => a.errors.length === 0 && !billedNow.has(a.accountId))
    const skipped = billedBefore.length + settled.filter((a) => a.errors.length === 0 && billedNow.has(a.accountId)).length

    const errorRows = failedAccounts.flatMap((a) => a.errors.map((e) => ({
      tenantId, billRunId, accountId: a.accountId, servicePointId: e.servicePointId, code: e.code, message: e.message, details: JSON.stringify(e.details),
    })))
    for (let i = 0; i < errorRows.length; i += 5_000) await trx.insertInto('billRunErrors').values(errorRows.slice(i, i + 5_000)).execute()

    // the balance read after the accounts are ours: a payment posted meanwhile is in it (account-lock.ts)
    await lockAccounts(trx, tenantId, good.map((a) => a.accountId))
    const balances = new Map<string, string>()
    if (good.length) {
      const rows = await trx.selectFrom('accountBalances').select(['accountId', 'balance']).where('tenantId', '=', tenantId)
        .where('accountId', 'in', good.map((a) => a.accountId)).execute()
      for (const r of rows) balances.set(r.accountId, r.balance)
    }
    const goodIds = new Set(good.map((a) => a.accountId))
    const adjustments = await adjustmentsFor(trx, tenantId, corrections.recomputed.filter((r) => goodIds.has(r.accountId)), t.money)
    // The chunk's own row (locked above) carries the progress, written before
    // the numbers are taken: the section that holds the tenant's number
    // counter is the bills insert, their events and the commit (run-progress.ts).
    const outcome = { status: 'done' as const, billed: good.length, skipped, failed: failedAccounts.length }
    await trx.updateTable('billRunChunks').set({ status: 'done', billed: outcome.billed, skipped: outcome.skipped, failed: outcome.failed, finishedAt: sql<Date>`clock_timestamp()` })
      .where('tenantId', '=', tenantId).where('billRunId', '=', billRunId).where('chunkNo', '=', chunkNo).execute()
    const issuedOn = run.issuedOn ?? run.periodEnd
    await writeBills(trx, { tenantId, billRunId, periodStart: run.periodStart, periodEnd: run.periodEnd, issuedOn,
      dueOn: dueDate(run.periodEnd, issuedOn), currency: t.currency, withoutEvents: opts.withoutEvents }, composeBills(good, balances, t.money, adjustments))
    if (opts.crashBeforeCommit) throw new Error('simulated crash inside the chunk transaction')
    return outcome
  })
  // the chunk that completes the run composes its invoices (SEK: one per customer and period, issue 12 §1)
  if (outcome.status !== 'cancelled' && await completeRunIfDone(db, tenantId, billRunId, opts)) await composeRunInvoices(db, tenantId, billRunId)
  return outcome
}

async function alreadyBilled(db: Db, tenantId: string, periodStart: string, first: string, last: string): Promise<string[]> {
  const rows = await db.selectFrom('bills').select('accountId').where('tenantId', '=', tenantId).where('periodStart', '=', periodStart)
    .where('kind', '=', 'regular').where('accountId', '>=', first).where('accountId', '<=', last).execute()
  return rows.map((r) => r.accountId)
}

async function cancelChunk(db: Db, ref: ChunkRef): Promise<ChunkOutcome> {
  await db.updateTable('billRunChunks').set({ status: 'cancelled', finishedAt: sql<Date>`clock_timestamp()` })
    .where('tenantId', '=', ref.tenantId).where('billRunId', '=', ref.billRunId).where('chunkNo', '=', ref.chunkNo).where('status', '=', 'pending').execute()
  return { status: 'cancelled', billed: 0, skipped: 0, failed: 0 }
}
