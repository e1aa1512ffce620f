// normative (Decree 354 formula 4(1)): base n×N, surcharge n×N×(K−1), pro rata
// by days of each month; K from effective-dated data; K = 1 from the billing
// period of an act of technical impossibility.
import t from 'tap'
import { Big } from '../../helpers/big.ts'
import { toDayNumber } from '../../../src/core/shared/dates.ts'
import {
  DEFAULT_VOLUME_POLICY, MEMO_003_COEFFICIENTS, RUSSIAN_INCREASING_COEFFICIENTS, coefficientOn, coefficientSchedule, settleVolumes,
} from '../../../src/core/volume/index.ts'
import type { VolumeFacts } from '../../../src/core/volume/index.ts'
import { facts, point } from './fixtures/facts.ts'

function flat(interval: VolumeFacts['interval'], over: Partial<VolumeFacts> = {}): VolumeFacts {
  return facts({
    point: point({ id: 'flat', customerKind: 'residential' }),
    residents: [{ from: '2010-01-01', count: 4 }],
    norms: [{ resource: 'cold_water', from: '2010-01-01', perPersonPerMonth: '6.36' }, { resource: 'hot_water', from: '2010-01-01', perPersonPerMonth: '3' }],
    coefficients: [...RUSSIAN_INCREASING_COEFFICIENTS],
    interval,
    ...over,
  })
}
const rows = (f: VolumeFacts) => settleVolumes(f, DEFAULT_VOLUME_POLICY).segments.map((s) => [s.interval.from, s.interval.to, s.normative!.baseVolume, s.normative!.surchargeVolume, s.normative!.coefficient])

t.test('the coefficient schedule, day by day around each change', async (t) => {
  const cold = coefficientSchedule(RUSSIAN_INCREASING_COEFFICIENTS, 'cold_water')
  const hot = coefficientSchedule(RUSSIAN_INCREASING_COEFFICIENTS, 'hot_water')
  const ww = coefficientSchedule(RUSSIAN_INCREASING_COEFFICIENTS, 'wastewater')
  const table: [string, string, string][] = [
    ['2014-12-31', '1', '1'], ['2015-01-01', '1.1', '1.1'], ['2015-06-30', '1.1', '1.1'], ['2015-07-01', '1.2', '1.2'],
    ['2015-12-31', '1.2', '1.2'], ['2016-01-01', '1.4', '1.4'], ['2016-07-01', '1.5', '1.5'], ['2017-01-01', '1.5', '1.5'],
    ['2025-12-05', '1.5', '1.5'], ['2025-12-06', '3', '1.5'], ['2026-11-01', '3', '1.5'],
  ]
  for (const [day, k, kHot] of table) {
    t.equal(coefficientOn(cold, toDayNumber(day)).raw, k, `cold water K on ${day} = ${k}`)
    t.equal(coefficientOn(hot, toDayNumber(day)).raw, kHot, `hot water K on ${day} = ${kHot}`)
    t.equal(coefficientOn(ww, toDayNumber(day)).raw, kHot, `wastewater K on ${day} = ${kHot}`)
  }
  t.equal(coefficientOn(coefficientSchedule(MEMO_003_COEFFICIENTS, 'cold_water'), toDayNumber('2026-11-01')).raw, '1.5', 'memo 003 data: 1.5')
})

t.test('December 2025 splits at the K change on the 6th (cold water 1.5 → 3)', async (t) => {
  // 25.44 m³/month; 5 days: 25.44 × 5/31, 26 days: 25.44 × 26/31
  const r = rows(flat({ from: '2025-12-01', to: '2026-01-01' }))
  const a = new Big('25.44').times(5).div(31)
  const b = new Big('25.44').times(26).div(31)
  t.same(r, [
    ['2025-12-01', '2025-12-06', a.toFixed(), a.times('0.5').toFixed(), '1.5'],
    ['2025-12-06', '2026-01-01', b.toFixed(), b.times(2).toFixed(), '3'],
  ])
})

t.test('hot water stays at 1.5 through December 2025', async (t) => {
  const r = rows(flat({ from: '2025-12-01', to: '2026-01-01' }, { point: point({ id: 'flat-hw', resource: 'hot_water', customerKind: 'residential' }) }))
  t.same(r, [['2025-12-01', '2026-01-01', '12', '6', '1.5']], 'no split: nothing changes for hot water')
})

t.test('the 2015–2016 changes split a half-year interval', async (t) => {
  const r = rows(flat({ from: '2015-06-01', to: '2015-08-01' }, { coefficients: [...MEMO_003_COEFFICIENTS] }))
  t.same(r.map((x) => [x[0], x[2], x[4]]), [['2015-06-01', '25.44', '1.1'], ['2015-07-01', '25.44', '1.2']])
  t.same(r.map((x) => x[3]), ['2.544', '5.088'])
})

t.test('leap February 2024: 29 days; half a month pro rata', async (t) => {
  const whole = rows(flat({ from: '2024-02-01', to: '2024-03-01' }))
  t.equal(whole[0]![2], '25.44', 'a whole month is the norm, whatever its length')
  const half = rows(flat({ from: '2024-02-15', to: '2024-03-01' }))
  t.equal(half[0]![2], new Big('25.44').times(15).div(29).toFixed(), '15 of 29 days')
  const nonLeap = rows(flat({ from: '2023-02-15', to: '2023-03-01' }))
  t.equal(nonLeap[0]![2], new Big('25.44').times(14).div(28).toFixed(), '14 of 28 days')
})

t.test('an interval across months: each month pro rata by its own days', async (t) => {
  const r = rows(flat({ from: '2026-01-20', to: '2026-03-10' }))
  t.same(r.map((x) => [x[0], x[1]]), [['2026-01-20', '2026-02-01'], ['2026-02-01', '2026-03-01'], ['2026-03-01', '2026-03-10']])
  t.same(r.map((x) => x[2]), [new Big('25.44').times(12).div(31).toFixed(), '25.44', new Big('25.44').times(9).div(31).toFixed()])
})

t.test('act of technical impossibility: K = 1 from the billing period it was drawn up in', async (t) => {
  const r = rows(flat({ from: '2026-02-01', to: '2026-04-01' }, { acts: [{ kind: 'technical_impossibility', date: '2026-03-20' }] }))
  t.same(r.map((x) => [x[0], x[3], x[4]]), [['2026-02-01', '50.88', '3'], ['2026-03-01', '0', '1']])
})

t.test('residents change and temporary absence; registered-but-absent without an act pays in full', async (t) => {
  const r = rows(flat({ from: '2026-03-01', to: '2026-04-01' }, {
    residents: [{ from: '2010-01-01', count: 4 }, { from: '2026-03-11', count: 2 }],
    acts: [{ kind: 'temporary_absence', from: '2026-03-21', to: '2026-04-01', residents: 1 }],
  }))
  t.same(r.map((x) => [x[0], x[1], x[2]]), [
    ['2026-03-01', '2026-03-11', new Big('6.36').times(4).times(10).div(31).toFixed()],
    ['2026-03-11', '2026-03-21', new Big('6.36').times(2).times(10).div(31).toFixed()],
    ['2026-03-21', '2026-04-01', new Big('6.36').times(1).times(11).div(31).toFixed()],
  ])
})

t.test('seasonal norm and an extra norm for watering a land plot (no coefficient on the extra)', async (t) => {
  const r = rows(flat({ from: '2026-06-01', to: '2026-07-01' }, {
    norms: [{ resource: 'cold_water', from: '2010-01-01', perPersonPerMonth: '6.36' }],
    extraNorms: [{ resource: 'cold_water', kind: 'land_plot', from: '2010-01-01', perUnitPerMonth: '0.05', units: '100', months: [5, 6, 7, 8] }],
  }))
  t.same(r, [['2026-06-01', '2026-07-01', '30.44', '50.88', '3']])
})

t.test('no norm in force: uncovered days, not guessed', async (t) => {
  const s = settleVolumes(flat({ from: '2026-03-01', to: '2026-04-01' }, { norms: [] }), DEFAULT_VOLUME_POLICY)
  t.match(s.errors, [{ code: 'uncovered_days', servicePointId: 'flat', reason: /no cold_water norm/ }])
})

t.test('two-month period (Iran-style) through settleVolumes: one line per month', async (t) => {
  const r = rows(flat({ from: '2026-03-01', to: '2026-05-01' }))
  t.equal(r.length, 2)
  t.same(r.map((x) => x[2]), ['25.44', '25.44'])
})
