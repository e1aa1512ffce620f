// Traces from bill composition are lazy objects with getters (lazy-trace.ts);
// the settlement hands out plain data a caller can serialize or compare.
import type { Trace } from '../shared/trace.ts'

export function plainTrace(t: Trace): Trace {
  const notes = t.notes
  return { rule: t.rule, inputs: { ...t.inputs }, formula: t.formula, ...(notes && notes.length ? { notes: [...notes] } : {}) }
}
