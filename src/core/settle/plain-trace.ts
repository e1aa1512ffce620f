// Traces from bill composition are lazy objects with getters (lazy-trace.ts);
// the settlement hands out plain data a caller can serialize or compare.
// A settled line or segment carries its plain trace as an own, enumerable
// `trace` property that is built on first read and then kept (withTrace):
// spreading, JSON.stringify and deep comparison all see ordinary data, and a
// bill run that never reads a trace never formats one.
import type { Trace } from '../shared/trace.ts'

export function plainTrace(t: Trace): Trace {
  const notes = t.notes
  return { rule: t.rule, inputs: { ...t.inputs }, formula: t.formula, ...(notes && notes.length ? { notes: [...notes] } : {}) }
}

/**
 * Give `obj` an own enumerable `trace` built by `build` on first read (then
 * memoised; assigning replaces it, as with a data property). `obj` must
 * already have a `trace` key where it should appear in key order, or none.
 */
export function withTrace<T extends { trace: Trace }>(obj: T, build: () => Trace): T {
  let memo: Trace | null = null
  Object.defineProperty(obj, 'trace', {
    enumerable: true,
    configurable: true,
    get(): Trace {
      if (memo === null) memo = build()
      return memo
    },
    set(v: Trace): void {
      memo = v
    },
  })
  return obj
}
