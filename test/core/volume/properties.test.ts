// Properties (fast-check): splitting an interval anywhere leaves the volume of
// the linear methods unchanged; nothing is negative; same input, same output.
import t from 'tap'
import fc from 'fast-check'
import { Big } from '../../helpers/big.ts'
import { addDays } from '../../../src/core/shared/dates.ts'
import { settleVolumes, volumePolicy } from '../../../src/core/volume/index.ts'
import type { VolumeFacts } from '../../../src/core/volume/index.ts'
import { facts, meter, monthlyReadings, point } from './fixtures/facts.ts'

const policy = volumePolicy({ pi: '3.14' })
const total = (f: VolumeFacts): Big => settleVolumes(f, policy).segments.reduce((a, s) => a.plus(s.volume), new Big(0))

// A point whose 2026 holds every linear method: metered with interpolation,
// averaged after a failure, capacity from day 61, an unauthorized episode.
function scenario(perDay: string[], failureOffset: number): VolumeFacts {
  const failure = addDays('2026-02-01', failureOffset)
  const readings = monthlyReadings('m1', '2025-01-01', '0', '2026-02-01', (d) => perDay[Number(d.slice(5, 7)) % perDay.length]!)
  const closing = readings[readings.length - 1]!.index
  return facts({
    meters: [meter({ events: [{ kind: 'commissioned', date: '2025-01-01', index: '0' }, { kind: 'failed', date: failure, index: new Big(closing).plus(failureOffset).toFixed() }] })],
    readings,
    acts: [{ kind: 'unauthorized_connection', from: '2026-06-10', to: '2026-06-20', diameterMm: '20' }],
    interval: { from: '2026-01-01', to: '2026-09-01' },
  })
}

const day = (n: number): string => addDays('2026-01-01', n)
const arbPerDay = fc.array(fc.integer({ min: 0, max: 50_000 }).map((n) => new Big(n).div(1000).toFixed()), { minLength: 1, maxLength: 12 })

t.test('splitting the interval anywhere keeps the total (metered, averaged, capacity, guaranteed)', async (t) => {
  fc.assert(fc.property(arbPerDay, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 242 }), (perDay, failureOffset, cut) => {
    const f = scenario(perDay, failureOffset)
    const whole = total(f)
    const left = total({ ...f, interval: { from: '2026-01-01', to: day(cut) } })
    const right = total({ ...f, interval: { from: day(cut), to: '2026-09-01' } })
    // averaged is metered volume × days ÷ metered days, multiplied first (issue 9 §3):
    // each averaged piece rounds once at 20 places, so a split may move the sum by a few 1e-20
    return left.plus(right).minus(whole).abs().lte('1e-19')
  }), { numRuns: 60 })
  t.pass('split invariance held within the rounding of each piece')
})

t.test('guaranteed volume per month and normative: split anywhere keeps the total', async (t) => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 2000 }), (cut, perMonth) => {
    const g = facts({ point: point({ guaranteedVolume: { perMonth: String(perMonth) } }), interval: { from: '2026-01-01', to: '2027-03-01' } })
    const whole = total(g)
    const split = total({ ...g, interval: { from: '2026-01-01', to: day(cut) } }).plus(total({ ...g, interval: { from: day(cut), to: '2027-03-01' } }))
    return split.minus(whole).abs().lt('1e-12')
  }), { numRuns: 60 })
  t.pass('held')
})

t.test('nothing negative; same input gives the same output', async (t) => {
  fc.assert(fc.property(arbPerDay, fc.integer({ min: 0, max: 40 }), (perDay, failureOffset) => {
    const f = scenario(perDay, failureOffset)
    const a = settleVolumes(f, policy)
    const b = settleVolumes(structuredClone(f), policy)
    return a.segments.every((s) => new Big(s.volume).gte(0)) && JSON.stringify(a) === JSON.stringify(b)
  }), { numRuns: 40 })
  t.pass('held')
})

t.test('the input facts are not mutated', async (t) => {
  const f = scenario(['1.5', '2'], 10)
  const before = JSON.stringify(f)
  settleVolumes(f, policy)
  t.equal(JSON.stringify(f), before)
})
