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
// Why a Proxy (issue 13, measured with bench/core.bench.ts (a), median of
// runs under load): built eagerly, traces took (a) from ~430,000 to ~130,000
// service-point-months/s, below the 150,000 floor; an own accessor per line
// (Object.defineProperty) to ~65,000 (every line gets its own map); the
// app's readers spread, stringify and read `line.trace` fields, so only a
// Proxy keeps a deferred trace indistinguishable from a plain one. One
// handler per trace holding one closure; closures capture only immutable
// values, so a late read gives the same text as an early one.
import type { Trace } from './trace.ts'

/** The proxy handler of one deferred trace: `build` runs on the first operation, once. */
class DeferredTrace implements ProxyHandler<Trace> {
  #build: (() => Trace) | null

  constructor(build: () => Trace) {
    this.#build = build
  }

  fill(target: Trace): Trace {
    const b = this.#build
    if (b !== null) {
      this.#build = null
      const t = b()
      target.rule = t.rule
      target.inputs = t.inputs
      target.formula = t.formula
      if (t.notes !== undefined && t.notes.length > 0) target.notes = t.notes
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

/** A plain trace built by `build` when first observed, then kept (build runs at most once; no notes key for no notes). */
export function deferredTrace(build: () => Trace): Trace {
  return new Proxy({} as Trace, new DeferredTrace(build))
}
