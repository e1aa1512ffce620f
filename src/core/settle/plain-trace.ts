// Traces from bill composition are lazy objects with getters (lazy-trace.ts);
// the settlement hands out plain data a caller can serialize or compare.
//
// Building a line's plain trace (formatting every decimal of the volume and
// the price) costs more than settling the line, and a bill run rarely reads
// one. So the settlement hands out deferred plain traces (deferredTrace): an
// ordinary object with Object.prototype whose own data properties (rule,
// inputs, formula, notes) are filled on the first operation of any kind —
// a read, Object.keys, spread, JSON.stringify, `in`, a write. Every
// observation through the language sees exactly the plain trace the eager
// code built, with one addition: reading `toJSON` gives a function returning
// the filled plain object, so JSON.stringify serializes it on its fast path
// (through the traps it is 3–4× slower); `'toJSON' in trace` stays false and
// no key lists it. Two host-level views bypass the language: util.inspect of
// a trace nobody has touched shows `{}`, and structuredClone of one throws
// (JSON.parse(JSON.stringify(x)) or a spread copy are plain).
import type { Trace } from '../shared/trace.ts'

export function plainTrace(t: Trace): Trace {
  const notes = t.notes
  return { rule: t.rule, inputs: { ...t.inputs }, formula: t.formula, ...(notes && notes.length ? { notes: [...notes] } : {}) }
}

/** The proxy handler of one deferred trace: holds the builder until the first operation fills the target. */
class Deferred implements ProxyHandler<Trace> {
  build: (() => Trace) | null
  /** or the trace to copy with plainTrace (no closure per line) */
  src: Trace | null
  constructor(build: (() => Trace) | null, src: Trace | null) {
    this.build = build
    this.src = src
  }

  fill(target: Trace): Trace {
    const build = this.build
    const src = this.src
    if (build !== null || src !== null) {
      this.build = null
      this.src = null
      const t = build !== null ? build() : plainTrace(src!)
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

/** A plain trace built by `build` when first observed, then kept (build runs at most once). */
export function deferredTrace(build: () => Trace): Trace {
  return new Proxy({} as Trace, new Deferred(build, null))
}

/** deferredTrace(() => plainTrace(src)) without the closure. */
export function deferredPlain(src: Trace): Trace {
  return new Proxy({} as Trace, new Deferred(null, src))
}
