// The application's one source of "now". The core never reads the clock
// (time is an input); the shell reads it here, and only here, so tests and
// demos can pin it: buildApp({ clock }), the worker's task list and the CLIs
// take a Clock; AQUALEDGER_NOW pins the server's (config.ts).

export interface Clock {
  /** the current instant */
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock stopped at one instant (tests, demos, a replay of a past day). */
export function fixedClock(at: Date | string): Clock {
  const instant = typeof at === 'string' ? new Date(at) : at
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not an instant: ${String(at)}`)
  const ms = instant.getTime()
  return { now: () => new Date(ms) }
}

/** A clock that runs from a pinned instant at real speed (a server started "as of" a day). */
export function clockStartingAt(at: Date | string, real: Clock = systemClock): Clock {
  const offset = new Date(at).getTime() - real.now().getTime()
  if (Number.isNaN(offset)) throw new RangeError(`not an instant: ${String(at)}`)
  return { now: () => new Date(real.now().getTime() + offset) }
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** Today's calendar date (YYYY-MM-DD) in a time zone: ledger dates are the utility's calendar days. */
export function todayIn(timeZone: string, clock: Clock): string {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    formatters.set(timeZone, f)
  }
  return f.format(clock.now())
}

/** The server's and the CLIs' clock: AQUALEDGER_NOW (config.ts) starts it at a pinned instant, else the system's. */
export function configuredClock(pinnedStart: string | undefined): Clock {
  return pinnedStart ? clockStartingAt(pinnedStart) : systemClock
}
