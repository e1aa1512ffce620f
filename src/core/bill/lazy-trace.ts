// A trace whose inputs, formula and notes are built on first read. Pricing a
// bill run of many service points rarely reads every trace, and formatting
// decimals costs more than computing them (bench/core.bench.ts).
// A trace only holds immutable values, so a late read gives the same text as
// an early one; toJSON makes serialized traces ordinary objects.
// Lines made on every bill (percent-line-trace.ts) subclass LazyTrace and
// keep their few values as fields: one object per line instead of a closure,
// its context and a wrapper.
import type { Trace } from '../shared/trace.ts'

export interface TraceParts {
  inputs: Trace['inputs']
  formula: string
  notes?: string[]
}

export class LazyTrace implements Trace {
  readonly rule: string
  #parts: TraceParts | null = null

  constructor(rule: string) {
    this.rule = rule
  }

  /** the parts, asked for once */
  protected build(): TraceParts {
    throw new Error('LazyTrace.build must be overridden')
  }

  #get(): TraceParts {
    return (this.#parts ??= this.build())
  }

  get inputs(): Trace['inputs'] { return this.#get().inputs }
  get formula(): string { return this.#get().formula }
  get notes(): string[] | undefined { return this.#get().notes }

  toJSON(): Trace {
    const p = this.#get()
    return { rule: this.rule, inputs: p.inputs, formula: p.formula, ...(p.notes ? { notes: p.notes } : {}) }
  }
}

class ClosureTrace extends LazyTrace {
  #build: (() => TraceParts) | null

  constructor(rule: string, build: () => TraceParts) {
    super(rule)
    this.#build = build
  }

  protected override build(): TraceParts {
    const b = this.#build!
    this.#build = null
    return b()
  }
}

export function lazyTrace(rule: string, build: () => TraceParts): Trace {
  return new ClosureTrace(rule, build)
}
