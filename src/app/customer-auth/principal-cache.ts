// Customer principals remembered per process, so a customer's request costs
// the same queries as an API key's (issue 10 "Done when": bench:balance with a
// customer token ≥ 90% of the API key; a key is remembered by api-keys.ts).
//
// A principal may only be remembered while this process hears about every
// change to what it is made of — the revocation of a session, the disabling
// of a user, a link or delegation added or removed must take effect at once
// (issue 10 §2, §5). Three sources of truth keep that promise:
// - the triggers of migration 0145 NOTIFY `aql_customer_access` after commit,
//   whoever wrote the change (another process, a script, psql); the listener
//   below forgets that user's principals when the notice arrives;
// - this process's own writes forget the user synchronously as they happen
//   (forgetCustomerAccess), so the very next request here sees the change
//   even before the notice comes back;
// - a fill that raced with a change is not stored: every forget bumps an
//   epoch, and a principal read before the bump is dropped (the notice of a
//   change committed after the read arrives after the fill and forgets it).
// Without a live LISTEN connection (src/db/change-listener.ts: not yet
// connected, lost, a Db without a tracked pool) nothing is remembered:
// every request reads the database, as before. A delegation's end is kept with the entry and compared with the
// app's clock on every use; a monotonic TTL bounds what a lost notice could cost.
import type { Db } from '../../db/database.ts'
import { perDbCache } from '../../db/change-listener.ts'
import type { CustomerPrincipal } from '../auth/principal.ts'

export const CUSTOMER_ACCESS_CHANNEL = 'aql_customer_access'
const TTL_MS = 60_000
const MAX_ENTRIES = 50_000

interface Entry {
  principal: CustomerPrincipal
  /** performance.now() after which the entry is re-read whatever happened */
  until: number
  /** the earliest end of a delegation in the principal (app clock, ms), or null */
  endsAtMs: number | null
}

const userKey = (tenantId: string, customerUserId: string) => `${tenantId}:${customerUserId}`

export class CustomerPrincipalCache {
  readonly #bySession = new Map<string, Entry>()
  readonly #sessionsOfUser = new Map<string, Set<string>>()
  #epoch = 0
  #live = false
  #waiters: (() => void)[] = []

  /** Whether changes are heard (the listener is connected): otherwise nothing is remembered. */
  get live(): boolean { return this.#live }

  /** The epoch a read starts in: pass it back to set(). */
  get epoch(): number { return this.#epoch }

  get(sessionId: string, nowMs: number, monotonicNow = performance.now()): CustomerPrincipal | undefined {
    if (!this.#live) return undefined
    const e = this.#bySession.get(sessionId)
    if (!e) return undefined
    if (e.until <= monotonicNow || (e.endsAtMs !== null && e.endsAtMs <= nowMs)) {
      this.#drop(sessionId, e.principal)
      return undefined
    }
    return e.principal
  }

  set(principal: CustomerPrincipal, endsAtMs: number | null, readInEpoch: number, monotonicNow = performance.now()): void {
    if (!this.#live || readInEpoch !== this.#epoch) return
    if (this.#bySession.size >= MAX_ENTRIES) this.clear()
    this.#bySession.set(principal.sessionId, { principal, until: monotonicNow + TTL_MS, endsAtMs })
    const key = userKey(principal.tenantId, principal.customerUserId)
    let sessions = this.#sessionsOfUser.get(key)
    if (!sessions) this.#sessionsOfUser.set(key, sessions = new Set())
    sessions.add(principal.sessionId)
  }

  /** A change to a user's sessions, links or status: forget every principal of that user. */
  forgetUser(tenantId: string, customerUserId: string): void {
    this.#epoch++
    const key = userKey(tenantId, customerUserId)
    for (const s of this.#sessionsOfUser.get(key) ?? []) this.#bySession.delete(s)
    this.#sessionsOfUser.delete(key)
  }

  clear(): void {
    this.#epoch++
    this.#bySession.clear()
    this.#sessionsOfUser.clear()
  }

  setLive(live: boolean): void {
    this.clear()
    this.#live = live
    if (live) for (const w of this.#waiters.splice(0)) w()
  }

  /** Resolves true once changes are heard, false after `timeoutMs` (the app then serves uncached until they are). */
  whenLive(timeoutMs: number): Promise<boolean> {
    if (this.#live) return Promise.resolve(true)
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs)
      timer.unref()
      this.#waiters.push(() => { clearTimeout(timer); resolve(true) })
    })
  }

  #drop(sessionId: string, p: CustomerPrincipal): void {
    this.#bySession.delete(sessionId)
    const key = userKey(p.tenantId, p.customerUserId)
    const sessions = this.#sessionsOfUser.get(key)
    sessions?.delete(sessionId)
    if (sessions?.size === 0) this.#sessionsOfUser.delete(key)
  }
}

const caches = perDbCache(() => new CustomerPrincipalCache(), CUSTOMER_ACCESS_CHANNEL, (c, payload) => {
  const [tenantId, customerUserId] = payload.split(':')
  if (tenantId && customerUserId) c.forgetUser(tenantId, customerUserId)
  else c.clear()
}, (c, on) => c.setLive(on))

/** The cache of a Db's principals (off until an app holds the Db's change listener, src/db/change-listener.ts). */
export function principalCacheOf(db: Db): CustomerPrincipalCache {
  return caches.of(db)
}

/**
 * This process changed what a customer user's principal is made of: forget
 * it now, in every Db's cache of this process (the writer holds a
 * transaction, not the Db; ids are UUIDs, so forgetting elsewhere costs a
 * re-read at most). Called where the change is written: inside its
 * transaction is enough, since a read that refills the cache before the
 * commit is forgotten again by the trigger's notice that follows the commit.
 */
export function forgetCustomerAccess(tenantId: string, customerUserId: string): void {
  caches.each((c) => c.forgetUser(tenantId, customerUserId))
}
