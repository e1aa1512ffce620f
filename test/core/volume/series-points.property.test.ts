// A stretch's series from readings in any order, of any scale, with repeated
// days: the collected points (volume/series-points.ts) go through the plain
// scaled-integer path when they can and through the Fx loop otherwise; either
// way the series must be the reference Σ (index − previous index) over the
// readings sorted by day (stable), the first of a repeated day kept.
import t from 'tap'
import fc from 'fast-check'
import { add, fx, sub } from '../../../src/core/shared/decimal.ts'
import type { Fx } from '../../../src/core/shared/decimal.ts'
import { buildMeterTimeline } from '../../../src/core/volume/meter-timeline.ts'
import type { Meter, Reading } from '../../../src/core/volume/facts.ts'
import type { Warning } from '../../../src/core/shared/trace.ts'
import { volumePolicy } from '../../../src/core/volume/index.ts'
import { fromDayNumber, toDayNumber } from '../../../src/core/shared/dates.ts'

const policy = volumePolicy({ pi: '3.14', readingDateMeans: 'start_of_day' })
const start = toDayNumber('2025-01-01')

/** an increasing index as text at a random scale (some past fx's 15-character fast path) */
const step = fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 30 }))

t.test('series from shuffled readings with repeated days equals the sorted reference', async (t) => {
  fc.assert(fc.property(fc.array(fc.tuple(step, fc.integer({ min: 1, max: 40 })), { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(),
    (steps, seed, repeatDay) => {
      let milli = 0
      let day = start
      const sorted: Array<{ day: number; text: string }> = []
      for (const [[inc, extraPlaces, pad], gap] of steps) {
        milli += inc
        day += repeatDay && sorted.length === 2 ? 0 : gap
        const whole = Math.floor(milli / 1000)
        const frac = String(milli % 1000).padStart(3, '0') + '0'.repeat(extraPlaces)
        sorted.push({ day, text: `${whole}.${frac}${pad > 25 ? '0'.repeat(14) : ''}` })
      }
      // shuffle deterministically; equal days keep their relative order after a stable sort
      const order = sorted.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13) || a - b)
      const readings: Reading[] = order.map((i) => ({ meterId: 'm1', date: fromDayNumber(sorted[i]!.day), index: sorted[i]!.text }))
      const meter: Meter = { id: 'm1', serial: 'S', digits: 9, decimals: 3, control: false, events: [{ kind: 'commissioned', date: fromDayNumber(start), index: '0' }] }
      const warnings: Warning[] = []
      const s = buildMeterTimeline(meter, readings, [], policy, warnings).stretches[0]!
      // reference over the points sorted by day, stably, as collected (commissioning first)
      const points = [{ day: start, text: '0' }, ...order.map((i) => sorted[i]!)]
        .map((p, k) => ({ ...p, k })).sort((a, b) => a.day - b.day || a.k - b.k)
      const days: number[] = []
      const values: string[] = []
      let cum: Fx = fx('0')
      let prev: Fx | undefined
      for (const p of points) {
        if (days.length && days[days.length - 1] === p.day) continue
        const x = fx(p.text)
        if (prev !== undefined) cum = add(cum, sub(x, prev))
        prev = x
        days.push(p.day)
        values.push(`${cum.u}e${cum.e}`)
      }
      return JSON.stringify(s.days) === JSON.stringify(days) && JSON.stringify(s.values.map((v) => `${v.u}e${v.e}`)) === JSON.stringify(values)
        && warnings.every((w) => w.code === 'conflicting_readings')
    }), { numRuns: 1500 })
  t.pass('1500 random series agree')
})
