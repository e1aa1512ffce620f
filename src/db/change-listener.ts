// One LISTEN connection per Db, shared by every per-process cache that must
// hear about changes committed anywhere (another process, a script, psql):
// the customer principal cache (channel aql_customer_access, migration 0145)
// and the consumption answer cache (aql_consumption, migration 0160). Each
// registers a channel with a handler; while the connection is down every
// handler is told it is not live, and a cache that is not live remembers
// nothing (it cannot know what it missed). Reconnects with backoff.
import pg from 'pg'
import type { Db } from './database.ts'
import { poolOf } from './raw-client.ts'

export interface ChangeHandler {
  /** LISTEN channel (an SQL identifier) */
  channel: string
  /** a NOTIFY on the channel, with its payload ('' when none) */
  notice(payload: string): void
  /** the connection came up (true: changes are heard from now on) or went down */
  live(on: boolean): void
}

const RECONNECT_MS = [100, 500, 2_000, 5_000]

class ChangeListener {
  #client: pg.Client | undefined
  /** the connected client, once its LISTENs are done */
  #ready: pg.Client | undefined
  #stopped = false
  #attempt = 0
  #timer: NodeJS.Timeout | undefined
  readonly #options: pg.ClientConfig
  readonly #handlers: Set<ChangeHandler>

  constructor(options: pg.ClientConfig, handlers: Set<ChangeHandler>) {
    this.#options = options
    this.#handlers = handlers
  }

  start(): void {
    if (this.#stopped || this.#client) return
    const client = new pg.Client({ ...this.#options, application_name: 'aqualedger-change-listener' })
    this.#client = client
    const lost = () => {
      if (this.#client !== client) return
      this.#client = undefined
      this.#ready = undefined
      for (const h of this.#handlers) h.live(false)
      client.end().catch(() => {})
      if (this.#stopped) return
      const wait = RECONNECT_MS[Math.min(this.#attempt++, RECONNECT_MS.length - 1)]!
      this.#timer = setTimeout(() => this.start(), wait)
      this.#timer.unref()
    }
    client.on('error', lost)
    client.on('end', lost)
    client.on('notification', (n) => {
      for (const h of this.#handlers) if (h.channel === n.channel) h.notice(n.payload ?? '')
    })
    const channels = [...new Set([...this.#handlers].map((h) => h.channel))]
    client.connect()
      .then(() => client.query(channels.map((c) => `listen ${c};`).join(' ')))
      .then(() => {
        if (this.#client !== client) return
        // the socket must not keep a process (a test, a script) alive on its own
        ;(client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.()
        this.#attempt = 0
        this.#ready = client
        for (const h of this.#handlers) h.live(true)
      })
      .catch(lost)
  }

  /** Whether the connection is up and listening. */
  get live(): boolean { return this.#ready !== undefined }

  /** A handler registered while connected: LISTEN its channel, then it is live. */
  add(handler: ChangeHandler): void {
    const client = this.#ready
    if (!client) return
    client.query(`listen ${handler.channel}`).then(() => { if (this.#ready === client) handler.live(true) }, () => {})
  }

  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    for (const h of this.#handlers) h.live(false)
    const client = this.#client
    this.#client = undefined
    this.#ready = undefined
    await client?.end().catch(() => {})
  }
}

interface Registration { handlers: Set<ChangeHandler>; listener: ChangeListener | undefined; holders: number }
const registry = new WeakMap<Db, Registration>()

function registrationOf(db: Db): Registration {
  let r = registry.get(db)
  if (!r) registry.set(db, r = { handlers: new Set(), listener: undefined, holders: 0 })
  return r
}

/** Whether this Db's change listener is connected and listening (the caches on it remember only then): /metrics. */
export function changeListenerLive(db: Db): boolean {
  return registry.get(db)?.listener?.live ?? false
}

/** Hear a channel's changes on this Db (once an app holds the listener). */
export function listenForChanges(db: Db, handler: ChangeHandler): void {
  const r = registrationOf(db)
  if (r.handlers.has(handler)) return
  r.handlers.add(handler)
  r.listener?.add(handler)
}

/**
 * An app starts hearing a Db's changes (buildApp); the returned function
 * stops when the last app over that Db closes. A Db without a tracked pool
 * (a transaction's, a test double) has no listener: its caches stay off.
 */
export function holdChangeListener(db: Db): () => Promise<void> {
  const r = registrationOf(db)
  const pool = poolOf(db)
  if (!pool) return async () => {}
  r.holders++
  if (!r.listener) {
    const o = pool.options as pg.PoolConfig
    r.listener = new ChangeListener({ connectionString: o.connectionString, host: o.host, port: o.port, user: o.user,
      password: o.password, database: o.database, ssl: o.ssl }, r.handlers)
    r.listener.start()
  }
  let released = false
  return async () => {
    if (released) return
    released = true
    if (--r.holders > 0 || !r.listener) return
    const l = r.listener
    r.listener = undefined
    await l.stop()
  }
}

/**
 * One cache per Db, made on first use and heard on a channel, and every one
 * of them reachable by this process's own writers, which hold a transaction,
 * not the Db (ids are UUIDs: forgetting in another Db's cache costs a re-read
 * at most). Caches go with their Db (weak references).
 */
export function perDbCache<C extends object>(create: () => C, channel: string, notice: (cache: C, payload: string) => void,
  live: (cache: C, on: boolean) => void): { of(db: Db): C; each(fn: (cache: C) => void): void } {
  const byDb = new WeakMap<Db, C>()
  const all = new Set<WeakRef<C>>()
  return {
    of(db) {
      let cache = byDb.get(db)
      if (!cache) {
        const c = cache = create()
        byDb.set(db, c)
        all.add(new WeakRef(c))
        listenForChanges(db, { channel, notice: (payload) => notice(c, payload), live: (on) => live(c, on) })
      }
      return cache
    },
    each(fn) {
      for (const ref of all) {
        const c = ref.deref()
        if (c) fn(c)
        else all.delete(ref)
      }
    },
  }
}
