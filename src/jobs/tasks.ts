// The graphile-worker tasks: one, billing a chunk of a bill run. The task is
// safe to run twice (bill-chunk.ts); a thrown error makes graphile-worker
// retry it with back-off, and the last failed attempt marks the run failed.
import type { Task, TaskList } from 'graphile-worker'
import type { Db } from '../db/database.ts'
import { billChunk } from '../app/billing/bill-chunk.ts'
import type { ChunkRef } from '../app/billing/bill-chunk.ts'
import { BILL_CHUNK_TASK, recordChunkFailure } from '../app/billing/bill-runs.ts'

export function taskList(db: Db): TaskList {
  const billRunChunk: Task = async (payload, helpers) => {
    const ref = payload as ChunkRef
    try {
      const out = await billChunk(db, ref)
      helpers.logger.debug(`bill run ${ref.billRunId} chunk ${ref.chunkNo}: ${out.status} (${out.billed} billed, ${out.skipped} skipped, ${out.failed} failed)`)
    } catch (err) {
      const final = helpers.job.attempts >= helpers.job.max_attempts
      await recordChunkFailure(db, ref.tenantId, ref.billRunId, `chunk ${ref.chunkNo}, attempt ${helpers.job.attempts}: ${(err as Error).message}`, final).catch(() => {})
      throw err
    }
  }
  return { [BILL_CHUNK_TASK]: billRunChunk }
}
