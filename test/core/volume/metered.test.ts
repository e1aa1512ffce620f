// metered (volume-methods.md §1): closing − opening, boundaries interpolated
// by days, rollover only if plausible at max flow, replacement in the interval.
import t from 'tap'
import { Big } from '../../helpers/big.ts'
import { DEFAULT_VOLUME_POLICY, settleVolumes, volumePolicy } from '../../../src/core/volume/index.ts'
import { facts, meter } from './fixtures/facts.ts'

const commissioned = meter({ events: [{ kind: 'commissioned', date: '2026-01-01', index: '0' }] })

t.test('readings off the boundaries are interpolated by days, and the trace says so', async (t) => {
  // 0 at 2026-01-01 (start), 31 at end of 2026-01-10 (boundary 01-11), 131 at end of 2026-02-19 (boundary 02-20)
  const f = facts({ meters: [commissioned], readings: [{ meterId: 'm1', date: '2026-01-10', index: '31' }, { meterId: 'm1', date: '2026-02-19', index: '131' }], interval: { from: '2026-01-01', to: '2026-02-01' } })
  const s = settleVolumes(f, DEFAULT_VOLUME_POLICY)
  t.same(s.errors, [])
  // 31 + 100 × 21/40 = 83.5
  t.equal(s.segments[0]!.volume, '83.5')
  t.match(s.segments[0]!.trace.notes, [/closing at 2026-02-01 interpolated/])
})

t.test('readingDateMeans start_of_day moves the boundary by one day', async (t) => {
  const f = facts({ meters: [commissioned], readings: [{ meterId: 'm1', date: '2026-02-01', index: '31' }], interval: { from: '2026-01-01', to: '2026-02-01' } })
  t.equal(settleVolumes(f, volumePolicy({ readingDateMeans: 'start_of_day' })).segments[0]!.volume, '31')
  const late = settleVolumes(f, DEFAULT_VOLUME_POLICY)
  t.equal(new Big(late.segments[0]!.volume).toFixed(6), new Big(31).times(31).div(32).toFixed(6))
})

t.test('rollover: plausible at max flow → accepted; otherwise rejected', async (t) => {
  const m = meter({ digits: 5, maxFlowM3PerH: '3', events: [{ kind: 'commissioned', date: '2026-01-01', index: '99990' }] })
  const f = facts({ meters: [m], readings: [{ meterId: 'm1', date: '2026-01-31', index: '20' }], interval: { from: '2026-01-01', to: '2026-02-01' } })
  const s = settleVolumes(f, DEFAULT_VOLUME_POLICY)
  t.equal(s.segments[0]!.volume, '30', '20 + 10^5 − 99990')
  t.match(s.warnings, [{ code: 'rollover' }])
  const small = meter({ digits: 5, maxFlowM3PerH: '0.001', events: m.events })
  const r = settleVolumes({ ...f, meters: [small] }, DEFAULT_VOLUME_POLICY)
  t.match(r.warnings, [{ code: 'reading_rejected' }])
  t.match(r.errors, [{ code: 'uncovered_days' }], 'the rejected reading drives nothing')
  t.match(settleVolumes({ ...f, meters: [meter({ digits: 5, events: m.events })] }, DEFAULT_VOLUME_POLICY).warnings, [{ code: 'reading_rejected' }], 'no max flow: rejected by default')
})

t.test('meter replaced within the interval: each meter its own segment', async (t) => {
  const old = meter({ events: [{ kind: 'commissioned', date: '2025-01-01', index: '0' }, { kind: 'replaced', date: '2026-03-10', index: '540', byMeterId: 'm2' }] })
  const fresh = meter({ id: 'm2', serial: 'S-2', events: [{ kind: 'commissioned', date: '2026-03-10', index: '5' }] })
  const f = facts({ meters: [old, fresh], readings: [{ meterId: 'm1', date: '2026-02-28', index: '500' }, { meterId: 'm2', date: '2026-03-31', index: '49' }], interval: { from: '2026-03-01', to: '2026-04-01' } })
  const s = settleVolumes(f, DEFAULT_VOLUME_POLICY)
  t.same(s.errors, [])
  t.same(s.segments.map((x) => [x.meterId, x.interval.from, x.interval.to, x.volume]), [['m1', '2026-03-01', '2026-03-10', '40'], ['m2', '2026-03-10', '2026-04-01', '44']])
})

t.test('a readings reconciliation act is a reading (004 §12); consumption readings add up', async (t) => {
  const f = facts({ meters: [commissioned], readings: [{ meterId: 'm1', date: '2026-01-31', index: '10' }], acts: [{ kind: 'readings_reconciliation', date: '2026-02-28', meterId: 'm1', index: '25' }], interval: { from: '2026-02-01', to: '2026-03-01' } })
  t.equal(settleVolumes(f, DEFAULT_VOLUME_POLICY).segments[0]!.volume, '15')
  const c = facts({ meters: [commissioned], readings: [{ meterId: 'm1', date: '2026-01-31', consumption: '7.5' }], interval: { from: '2026-01-01', to: '2026-02-01' } })
  t.equal(settleVolumes(c, DEFAULT_VOLUME_POLICY).segments[0]!.volume, '7.5')
})

t.test('losses to the boundary (004 §21): percent or a volume per month pro rata', async (t) => {
  const base = facts({ meters: [commissioned], readings: [{ meterId: 'm1', date: '2026-01-31', index: '100' }], interval: { from: '2026-01-01', to: '2026-02-01' } })
  const pct = settleVolumes({ ...base, point: { ...base.point, lossesToBoundary: { kind: 'percent', percent: '2.5' } } }, DEFAULT_VOLUME_POLICY)
  t.equal(pct.segments[0]!.volume, '102.5')
  const vol = settleVolumes({ ...base, interval: { from: '2026-01-01', to: '2026-01-11' }, point: { ...base.point, lossesToBoundary: { kind: 'volume_per_month', volume: '31' } } }, DEFAULT_VOLUME_POLICY)
  t.equal(new Big(vol.segments[0]!.volume).toFixed(6), new Big(100).times(10).div(31).plus(10).toFixed(6))
})

t.test('a reading outside any working period is ignored with a warning', async (t) => {
  const f = facts({ meters: [commissioned], readings: [{ meterId: 'm1', date: '2025-06-01', index: '1' }, { meterId: 'm1', date: '2026-01-31', index: '10' }], interval: { from: '2026-01-01', to: '2026-02-01' } })
  const s = settleVolumes(f, DEFAULT_VOLUME_POLICY)
  t.match(s.warnings, [{ code: 'reading_outside_working_period' }])
  t.equal(s.segments[0]!.volume, '10')
})
