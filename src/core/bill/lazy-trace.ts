// A trace whose inputs, formula and notes are built on first read. Pricing a
// bill run of many service points rarely reads every trace, and formatting
// decimals costs more than computing them (bench/core-pricing.bench.ts).
// The closures only capture immutable values, so a late read gives the same
// text as an early one; the properties are enumerable, so JSON and deep
// equality see ordinary fields.
import type { Trace } from '../shared/trace.ts'

export interface TraceParts {
  inputs: Trace['inputs']
  formula: string
  notes?: string[]
}

export function lazyTrace(rule: string, build: () => TraceParts): Trace {
  let parts: TraceParts | null = null
  const get = (): TraceParts => (parts ??= build())
  const trace = { rule } as Trace
  Object.defineProperty(trace, 'inputs', { enumerable: true, get: () => get().inputs })
  Object.defineProperty(trace, 'formula', { enumerable: true, get: () => get().formula })
  Object.defineProperty(trace, 'notes', { enumerable: true, get: () => get().notes })
  return trace
}
