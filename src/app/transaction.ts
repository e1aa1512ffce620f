import type { Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Db } from '../db/database.ts'

/** Run fn in a transaction, or inside the caller's when it already holds one. */
export function inTransaction<T>(db: Db, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<DB>)
  return db.transaction().execute(fn)
}
