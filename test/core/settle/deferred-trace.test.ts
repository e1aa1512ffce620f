// Deferred plain traces (shared/deferred-trace.ts): built on the first
// operation of any kind, once, and then indistinguishable from the plain
// object the eager code built — keys, order, spread, JSON, deep equality.
import t from 'tap'
import { deferredTrace } from '../../../src/core/shared/deferred-trace.ts'
import { plainTrace } from '../../../src/core/shared/trace.ts'
import { settleServicePoint } from '../../../src/core/settle.ts'
import { RUB } from '../../../src/core/bill/money-policy.ts'
import { volumePolicy } from '../../../src/core/volume/index.ts'
import type { Trace } from '../../../src/core/shared/trace.ts'
import { facts, meter, point } from '../volume/fixtures/facts.ts'

const plain = (): Trace => ({ rule: 'r', inputs: { a: '1', b: 2, c: null }, formula: '1 + 1 = 2', notes: ['n'] })

t.test('nothing is built until the trace is touched, and then only once', async (t) => {
  let calls = 0
  const tr = deferredTrace(() => { calls++; return plain() })
  t.equal(calls, 0)
  t.equal(tr.rule, 'r')
  t.equal(tr.formula, '1 + 1 = 2')
  t.same(Object.keys(tr), ['rule', 'inputs', 'formula', 'notes'])
  t.equal(calls, 1)
})

t.test('every way of looking sees the plain trace', async (t) => {
  const looks: Array<[string, (x: Trace) => unknown]> = [
    ['keys', (x) => Object.keys(x)],
    ['spread', (x) => ({ ...x })],
    ['json', (x) => JSON.parse(JSON.stringify(x))],
    ['entries', (x) => Object.entries(x)],
    ['in', (x) => ['rule' in x, 'notes' in x, 'other' in x]],
    ['proto', (x) => Object.getPrototypeOf(x) === Object.prototype],
    ['descriptor', (x) => Object.getOwnPropertyDescriptor(x, 'formula')],
  ]
  for (const [name, look] of looks) t.same(look(deferredTrace(plain)), look(plain()), name)
  t.same(deferredTrace(plain), plain(), 'deep equality')
  t.strictSame(JSON.parse(JSON.stringify(deferredTrace(plain))), plain())
  t.equal(JSON.stringify(deferredTrace(plain), null, 2), JSON.stringify(plain(), null, 2), 'the same text, indented too')
  t.equal(JSON.stringify({ a: [deferredTrace(plain)] }), JSON.stringify({ a: [plain()] }), 'nested')
  t.equal('toJSON' in deferredTrace(plain), false, 'no toJSON key')
  const noNotes = deferredTrace(() => ({ rule: 'r', inputs: {}, formula: 'f' }))
  t.same(Object.keys(noNotes), ['rule', 'inputs', 'formula'], 'no notes key when there are none')
  t.equal(noNotes.notes, undefined)
})

t.test('writes behave as on a plain object', async (t) => {
  const tr = deferredTrace(plain)
  tr.formula = 'changed'
  t.equal(tr.formula, 'changed')
  t.equal(tr.rule, 'r')
  delete tr.notes
  t.same(Object.keys(tr), ['rule', 'inputs', 'formula'])
})

t.test('settled lines: the trace is read lazily and equals the plain trace, stable across reads', async (t) => {
  const f = facts({
    point: point({ id: 'sp-lazy' }),
    meters: [meter({ events: [{ kind: 'commissioned', date: '2019-01-10', index: '0' }] })],
    readings: [{ meterId: 'm1', date: '2019-02-28', index: '100' }, { meterId: 'm1', date: '2019-03-31', index: '108.25' }],
    interval: { from: '2019-03-01', to: '2019-04-01' },
  })
  const s = settleServicePoint({
    facts: f, policy: volumePolicy({ pi: '3.14' }), billing: { usage: 'non_residential' }, money: RUB, today: '2030-01-01',
    tariffs: { versions: [{ id: 't', service: 'cold_water', usage: 'non_residential', from: '2010-01-01', to: null, volume: { line: 'water', price: { shape: 'flat', rate: '20.28' } }, taxes: [{ line: 'vat', percent: '20', of: ['*'] }] }] },
  })
  t.same(s.errors, [])
  const first = JSON.stringify(s)
  t.equal(JSON.stringify(s), first, 'the same text on a second read')
  const line = s.lines[0]!
  t.same(plainTrace(line.trace), JSON.parse(JSON.stringify(line.trace)))
  t.same({ ...line }.trace, JSON.parse(JSON.stringify(line)).trace, 'a spread line carries the plain trace')
  t.match(line.trace.formula, /108\.25 − 100 = 8\.25.*8\.25 m³ × 20\.28 = 167\.31 → 167\.31/)
  t.match(s.lines[1]!.trace, { rule: /tax vat 20% of \*/, inputs: { percent: '20', base: '167.31' } })
  t.match(s.volumes[0]!.trace, { rule: 'metered: Decree 776 §14', inputs: { openingCumulative: '100', closingCumulative: '108.25' } })
})
