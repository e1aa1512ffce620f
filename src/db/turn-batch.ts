// Point reads that arrive in the same turn of the event loop share one query
// (the DataLoader pattern, without the library: one function, no cache).
// Under load many requests are parsed in one poll phase of the loop; their
// reads are collected until the check phase (setImmediate) and sent as one
// `= any($2)` query per Db and group (the tenant), so Postgres and this
// process pay one round trip (bind, execute, two socket writes, a pool
// checkout) for several requests instead of one each. Alone, a read waits
// only for the rest of the current poll phase. Each caller gets the row of
// its own key or undefined, exactly as its own query would answer; a failed
// query fails every read of the batch with the same error.
import type { Db } from './database.ts'

interface Waiter<R> { key: string; resolve: (row: R | undefined) => void; reject: (err: unknown) => void }

export interface TurnBatchOptions<R> {
  /** one key's row (a batch of one keeps the single-row query and its plan) */
  one(db: Db, group: string, key: string): Promise<R | undefined>
  /** several keys' rows, by key */
  many(db: Db, group: string, keys: string[]): Promise<Map<string, R>>
  /** most keys in one query */
  max?: number
}

/** A batched point read: `read(db, group, key)`. Transactions read alone (their queries are ordered on one connection). */
export function turnBatch<R>(opts: TurnBatchOptions<R>): (db: Db, group: string, key: string) => Promise<R | undefined> {
  const max = opts.max ?? 100
  const queued = new Map<Db, Map<string, Waiter<R>[]>>()
  let scheduled = false

  /** One query for these keys (distinct), answering every waiter of each. */
  const run = async (db: Db, group: string, keys: string[], waitersOf: Map<string, Waiter<R>[]>) => {
    try {
      const rows = keys.length === 1 ? new Map([[keys[0]!, await opts.one(db, group, keys[0]!)]]) : await opts.many(db, group, keys)
      for (const k of keys) for (const w of waitersOf.get(k)!) w.resolve(rows.get(k))
    } catch (err) {
      for (const k of keys) for (const w of waitersOf.get(k)!) w.reject(err)
    }
  }
  const flush = () => {
    scheduled = false
    const batches = [...queued]
    queued.clear()
    for (const [db, groups] of batches) {
      for (const [group, waiters] of groups) {
        const waitersOf = new Map<string, Waiter<R>[]>()
        for (const w of waiters) {
          const same = waitersOf.get(w.key)
          if (same) same.push(w)
          else waitersOf.set(w.key, [w])
        }
        const keys = [...waitersOf.keys()]
        for (let i = 0; i < keys.length; i += max) void run(db, group, keys.length <= max ? keys : keys.slice(i, i + max), waitersOf)
      }
    }
  }

  return (db, group, key) => {
    if (db.isTransaction) return opts.one(db, group, key)
    return new Promise<R | undefined>((resolve, reject) => {
      let groups = queued.get(db)
      if (!groups) queued.set(db, groups = new Map())
      let waiters = groups.get(group)
      if (!waiters) groups.set(group, waiters = [])
      waiters.push({ key, resolve, reject })
      if (!scheduled) { scheduled = true; setImmediate(flush) }
    })
  }
}
