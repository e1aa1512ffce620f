// A trace whose inputs, formula and notes are built on first read. Pricing a
// bill run of many service points rarely reads every trace, and formatting
// decimals costs more than computing them (bench/core.bench.ts).
// The closure only captures immutable values, so a late read gives the same
// text as an early one; toJSON makes serialized traces ordinary objects.
import type { Trace } from '../shared/trace.ts'

export interface TraceParts {
  inputs: Trace['inputs']
  formula: string
  notes?: string[]
}

class LazyTrace implements Trace {
  readonly rule: string
  #build: (() => TraceParts) | null
  #parts: TraceParts | null = null

  constructor(rule: string, build: () => TraceParts) {
    this.rule = rule
    this.#build = build
  }

  #get(): TraceParts {
    if (this.#parts === null) {
      this.#parts = this.#build!()
      this.#build = null
    }
    return this.#parts
  }

  get inputs(): Trace['inputs'] { return this.#get().inputs }
  get formula(): string { return this.#get().formula }
  get notes(): string[] | undefined { return this.#get().notes }

  toJSON(): Trace {
    const p = this.#get()
    return { rule: this.rule, inputs: p.inputs, formula: p.formula, ...(p.notes ? { notes: p.notes } : {}) }
  }
}

export function lazyTrace(rule: string, build: () => TraceParts): Trace {
  return new LazyTrace(rule, build)
}
