// buildMeterTimeline's series: the cumulative value may reuse the index read
// (a series from index 0 without a rollover), and must then equal what the
// BigInt sum gives, scale included; a reading on a stop day that is also a
// stop day joins the stretch that stops, the next day the next stretch.
import t from 'tap'
import { toDayNumber } from '../../../src/core/shared/dates.ts'
import { add, fx, sub } from '../../../src/core/shared/decimal.ts'
import type { Fx } from '../../../src/core/shared/decimal.ts'
import { buildMeterTimeline, cumulativeAt } from '../../../src/core/volume/meter-timeline.ts'
import type { WorkingStretch } from '../../../src/core/volume/meter-timeline.ts'
import type { Meter, Reading } from '../../../src/core/volume/facts.ts'
import type { Warning } from '../../../src/core/shared/trace.ts'
import { volumePolicy } from '../../../src/core/volume/index.ts'

const policy = volumePolicy({ pi: '3.14' })
const plain = (x: Fx): [string, number] => [x.u.toString(), x.e]

/** The reference: cumulative = Σ (index − previous index), with add/sub only. */
function reference(indices: string[]): Array<[string, number]> {
  let cum = fx('0')
  let prev: Fx | undefined
  const out: Array<[string, number]> = []
  for (const text of indices) {
    const x = fx(text)
    if (prev !== undefined) cum = add(cum, sub(x, prev))
    prev = x
    out.push(plain(cum))
  }
  return out
}

const meterFrom = (index: string, events: Meter['events'] = []): Meter => ({
  id: 'm1', serial: 'S', digits: 5, decimals: 3, control: false,
  events: [{ kind: 'commissioned', date: '2025-01-01', index }, ...events],
})

t.test('given series of mixed scales from index 0 and from a non-zero index', async (t) => {
  const cases: string[][] = [
    ['0', '30', '60.5', '61', '61.250', '70.1', '70.1', '99999.999'],
    ['0.000', '1', '1.5', '2.25', '2.250', '3'],
    ['12.5', '13', '13.75', '20', '20.001'],
    ['0', '0', '0.0', '5'],
    // past what fits a safe integer or fx's short path: the BigInt loop decides
    ['0', '1.00000000000001', '2', '12345678.123456789', '12345679'],
    ['0', '9007199254740', '9007199254740.99', '9007199254741.5'],
  ]
  for (const indices of cases) {
    const readings: Reading[] = indices.slice(1).map((index, k) => ({ meterId: 'm1', date: `2025-0${k + 2}-01`, index }))
    const warnings: Warning[] = []
    const tl = buildMeterTimeline(meterFrom(indices[0]!), readings, [], policy, warnings)
    t.same(warnings, [])
    const s = tl.stretches[0]!
    // interpolated and point values read before the series is made as Fx, then from a plain copy of it
    const days = s.days
    const asked = [days[0]! - 3, days[0]!, days[1]! + 7, days[2]!, days[days.length - 1]! - 1, days[days.length - 1]! + 2]
    const lazy = asked.map((d) => plain(cumulativeAt(s, d)))
    t.same(s.values.map(plain), reference(indices), indices.join(' → '))
    const copy: WorkingStretch = { from: s.from, to: s.to, days: s.days.slice(), values: s.values.slice() }
    t.same(lazy, asked.map((d) => plain(cumulativeAt(copy, d))), `cumulativeAt, ${indices.join(' → ')}`)
    t.equal(cumulativeAt(s, days[1]!), s.values[1], 'one Fx per point')
  }
})

t.test('given a rollover and a consumption reading, the series still sums as before', async (t) => {
  const readings: Reading[] = [
    { meterId: 'm1', date: '2025-02-01', index: '99990' },
    { meterId: 'm1', date: '2025-03-01', index: '10.5' }, // rollover at 10^5
    { meterId: 'm1', date: '2025-04-01', consumption: '4.25' },
    { meterId: 'm1', date: '2025-05-01', index: '20' },
    { meterId: 'm1', date: '2025-06-01', index: '30' },
  ]
  const warnings: Warning[] = []
  const tl = buildMeterTimeline(meterFrom('99980'), readings, [], { ...policy, rolloverWithoutMaxFlow: 'accept' }, warnings)
  t.same(warnings.map((w) => w.code), ['rollover'])
  t.same(tl.stretches[0]!.values.map((x) => plain(x)), [['0', 0], ['10', 0], ['305', 1], ['3475', 2], ['3475', 2], ['4475', 2]])
})

t.test('given a reading on the stop day of a failed meter, commissioned again the next day', async (t) => {
  const meter = meterFrom('0', [{ kind: 'failed', date: '2025-03-01', index: '50' }, { kind: 'commissioned', date: '2025-03-02', index: '0' }])
  const readings: Reading[] = [
    { meterId: 'm1', date: '2025-01-31', index: '20' },
    { meterId: 'm1', date: '2025-02-28', index: '50' }, // end of day → 2025-03-01: the stop day of the first stretch
    { meterId: 'm1', date: '2025-03-01', index: '0' }, // → 2025-03-02: the second stretch, as its commissioning index
    { meterId: 'm1', date: '2025-03-31', index: '7' },
  ]
  const tl = buildMeterTimeline(meter, readings, [], { ...policy, readingDateMeans: 'end_of_day' }, [])
  const [a, b] = tl.stretches
  t.same(a!.days, [toDayNumber('2025-01-01'), toDayNumber('2025-02-01'), toDayNumber('2025-03-01')])
  t.same(a!.values.map(plain), [['0', 0], ['20', 0], ['50', 0]])
  t.same(b!.days, [toDayNumber('2025-03-02'), toDayNumber('2025-04-01')])
  t.same(b!.values.map(plain), [['0', 0], ['7', 0]])
})
