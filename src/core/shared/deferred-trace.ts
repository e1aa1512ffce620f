// Traces built on first observation. A line's trace (the inputs and the
// formula with every decimal put in) costs more to format than the line costs
// to compute, and a bill run rarely reads one; so lines carry deferred plain
// traces: an ordinary object with Object.prototype whose own data properties
// (rule, inputs, formula, notes) are filled on the first operation of any
// kind — a read, Object.keys, spread, JSON.stringify, `in`, a write. Every
// observation through the language sees exactly the plain trace the eager
// code built, with one addition: reading `toJSON` gives a function returning
// the filled plain object, so JSON.stringify serializes it on its fast path
// (through the traps it is 3–4× slower); `'toJSON' in trace` stays false and
// no key lists it. Two host-level views bypass the language: util.inspect of
// a trace nobody has touched shows `{}`, and structuredClone of one throws
// (JSON.parse(JSON.stringify(x)) or a spread copy are plain).
//
// A trace is a Proxy over an empty target whose handler is the trace's own
// source (a subclass of DeferredTrace keeping the values it formats): two
// objects and the proxy per line, no closure. Sources keep only immutable
// values, so a late read gives the same text as an early one.
import type { Trace } from './trace.ts'

export function plainTrace(t: Trace): Trace {
  const notes = t.notes
  return { rule: t.rule, inputs: { ...t.inputs }, formula: t.formula, ...(notes && notes.length ? { notes: [...notes] } : {}) }
}

/** The source and proxy handler of one deferred trace: `build` runs on the first operation, once. */
export class DeferredTrace implements ProxyHandler<Trace> {
  #done = false

  /** the plain trace (called at most once) */
  build(): Trace {
    throw new Error('DeferredTrace.build must be overridden')
  }

  /** the trace object to hand out */
  trace(): Trace {
    return new Proxy({} as Trace, this)
  }

  fill(target: Trace): Trace {
    if (!this.#done) {
      this.#done = true
      const t = this.build()
      target.rule = t.rule
      target.inputs = t.inputs
      target.formula = t.formula
      if (t.notes !== undefined) target.notes = t.notes
    }
    return target
  }

  get(target: Trace, key: string | symbol): unknown {
    this.fill(target)
    // JSON.stringify asks for toJSON first: hand it the filled plain target,
    // which it serializes on its fast path (3× faster than through the traps)
    if (key === 'toJSON' && !Object.hasOwn(target, 'toJSON')) return (): Trace => target
    return Reflect.get(target, key)
  }
  set(target: Trace, key: string | symbol, value: unknown): boolean { return Reflect.set(this.fill(target), key, value) }
  has(target: Trace, key: string | symbol): boolean { return Reflect.has(this.fill(target), key) }
  ownKeys(target: Trace): ArrayLike<string | symbol> { return Reflect.ownKeys(this.fill(target)) }
  getOwnPropertyDescriptor(target: Trace, key: string | symbol): PropertyDescriptor | undefined { return Reflect.getOwnPropertyDescriptor(this.fill(target), key) }
  defineProperty(target: Trace, key: string | symbol, d: PropertyDescriptor): boolean { return Reflect.defineProperty(this.fill(target), key, d) }
  deleteProperty(target: Trace, key: string | symbol): boolean { return Reflect.deleteProperty(this.fill(target), key) }
  preventExtensions(target: Trace): boolean { return Reflect.preventExtensions(this.fill(target)) }
  isExtensible(target: Trace): boolean { return Reflect.isExtensible(this.fill(target)) }
  getPrototypeOf(target: Trace): object | null { return Reflect.getPrototypeOf(this.fill(target)) }
  setPrototypeOf(target: Trace, proto: object | null): boolean { return Reflect.setPrototypeOf(this.fill(target), proto) }
}

class BuiltBy extends DeferredTrace {
  #build: (() => Trace) | null
  constructor(build: () => Trace) {
    super()
    this.#build = build
  }

  override build(): Trace {
    const b = this.#build!
    this.#build = null
    return b()
  }
}

class CopyOf extends DeferredTrace {
  #src: Trace | null
  constructor(src: Trace) {
    super()
    this.#src = src
  }

  override build(): Trace {
    const src = this.#src!
    this.#src = null
    return plainTrace(src)
  }
}

/** A plain trace built by `build` when first observed, then kept (build runs at most once). */
export function deferredTrace(build: () => Trace): Trace {
  return new BuiltBy(build).trace()
}

/** A plain copy of `src`, made when first observed. */
export function deferredPlain(src: Trace): Trace {
  return new CopyOf(src).trace()
}

/** The parts of a trace after its rule: what a line's builder formats. */
export interface TraceParts {
  inputs: Trace['inputs']
  formula: string
  notes?: string[]
}

/** A deferred trace with its rule known now and its parts built on first observation. */
export function lazyTrace(rule: string, build: () => TraceParts): Trace {
  return deferredTrace(() => {
    const p = build()
    // no notes key for no notes, as plainTrace gives it
    return p.notes !== undefined && p.notes.length > 0 ? { rule, inputs: p.inputs, formula: p.formula, notes: p.notes } : { rule, inputs: p.inputs, formula: p.formula }
  })
}
